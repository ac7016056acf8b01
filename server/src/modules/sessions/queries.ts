import { type SQL, and, asc, desc, eq, gte, ilike, inArray, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { chargers, chargingSessions, meterSamples, organizations, sessionSettlements, sites } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import type { Scope } from '../../domain/scope.js';
import { ENERGY_REGISTER } from '../../domain/meter.js';
import type { PageRequest } from '../../http/schemas.js';
import { escapeLike } from '../organizations/queries.js';
import type { SessionListFilter } from './schemas.js';

export type SessionScope = Pick<Scope, 'organizationIds' | 'siteIds' | 'chargerIds'>;

/** Sessions keep the organization, site and charger they ran at, so the scope applies to them directly. */
function sessionScope(scope: SessionScope): SQL | undefined {
  return and(
    inScope(chargingSessions.organizationId, scope.organizationIds),
    inScope(chargingSessions.siteId, scope.siteIds),
    inScope(chargingSessions.chargerId, scope.chargerIds),
  );
}

const withNames = {
  session: chargingSessions,
  organizationName: organizations.name,
  timeZone: organizations.timeZone,
  siteName: sites.name,
  chargerName: chargers.name,
  /** Priced once it stopped: it has a cost breakdown and (for its driver) a receipt. */
  settled: sql<boolean>`exists (select 1 from ${sessionSettlements} where ${sessionSettlements.sessionId} = ${chargingSessions.id})`,
};

const SORTS = {
  startedAt: chargingSessions.startedAt,
  energyWh: chargingSessions.energyWh,
  stoppedAt: chargingSessions.stoppedAt,
} as const;

export interface SessionQuery extends Omit<SessionListFilter, 'page' | 'pageSize'>, PageRequest {
  /** Either a scope, or only this user's own sessions (drivers). */
  scope: SessionScope | null;
  userId?: string;
}

function conditions(query: SessionQuery): SQL | undefined {
  const pattern = query.q ? `%${escapeLike(query.q)}%` : null;
  return and(
    query.scope ? sessionScope(query.scope) : undefined,
    query.userId ? eq(chargingSessions.userId, query.userId) : undefined,
    query.organizationId ? eq(chargingSessions.organizationId, query.organizationId) : undefined,
    query.siteId ? eq(chargingSessions.siteId, query.siteId) : undefined,
    query.chargerId ? eq(chargingSessions.chargerId, query.chargerId) : undefined,
    query.status ? eq(chargingSessions.status, query.status) : undefined,
    query.from ? gte(chargingSessions.startedAt, new Date(query.from)) : undefined,
    query.to ? lt(chargingSessions.startedAt, new Date(query.to)) : undefined,
    pattern ? or(ilike(chargingSessions.idTag, pattern), ilike(chargers.name, pattern)) : undefined,
  );
}

export async function findSessions(db: Executor, query: SessionQuery) {
  const where = conditions(query);
  const direction = query.order === 'asc' ? asc : desc;
  const [items, [total]] = await Promise.all([
    db
      .select(withNames)
      .from(chargingSessions)
      .innerJoin(organizations, eq(organizations.id, chargingSessions.organizationId))
      .innerJoin(sites, eq(sites.id, chargingSessions.siteId))
      .innerJoin(chargers, eq(chargers.id, chargingSessions.chargerId))
      .where(where)
      .orderBy(direction(SORTS[query.sort ?? 'startedAt']), desc(chargingSessions.startedAt), asc(chargingSessions.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(chargingSessions)
      .innerJoin(chargers, eq(chargers.id, chargingSessions.chargerId))
      .where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findSession(db: Executor, id: string, scope: SessionScope) {
  const [row] = await db
    .select(withNames)
    .from(chargingSessions)
    .innerJoin(organizations, eq(organizations.id, chargingSessions.organizationId))
    .innerJoin(sites, eq(sites.id, chargingSessions.siteId))
    .innerJoin(chargers, eq(chargers.id, chargingSessions.chargerId))
    .where(and(eq(chargingSessions.id, id), sessionScope(scope)));
  return row ?? null;
}

export type SessionWithNames = NonNullable<Awaited<ReturnType<typeof findSession>>>;

/** The samples a session chart needs, oldest first. */
export async function chartSamplesOf(db: Executor, sessionId: string) {
  return db
    .select({
      at: meterSamples.at,
      measurand: meterSamples.measurand,
      phase: meterSamples.phase,
      location: meterSamples.location,
      context: meterSamples.context,
      value: meterSamples.value,
      unit: meterSamples.unit,
    })
    .from(meterSamples)
    .where(
      and(
        eq(meterSamples.sessionId, sessionId),
        inArray(meterSamples.measurand, [ENERGY_REGISTER, 'Power.Active.Import', 'SoC']),
      ),
    )
    .orderBy(asc(meterSamples.at), asc(meterSamples.id));
}

/** What each of these sessions cost (its settlement's gross) and where its payment stands. */
export async function sessionMoney(db: Executor, sessionIds: string[]) {
  if (sessionIds.length === 0)
    return new Map<string, { grossMinor: number | null; currency: string | null; paymentStatus: string | null }>();
  const rows = await db
    .select({
      id: chargingSessions.id,
      grossMinor: sessionSettlements.grossMinor,
      currency: sessionSettlements.currency,
      paymentStatus: chargingSessions.paymentStatus,
    })
    .from(chargingSessions)
    .leftJoin(sessionSettlements, eq(sessionSettlements.sessionId, chargingSessions.id))
    .where(inArray(chargingSessions.id, sessionIds));
  return new Map(
    rows.map((r) => [
      r.id,
      { grossMinor: r.grossMinor === null ? null : Number(r.grossMinor), currency: r.currency, paymentStatus: r.paymentStatus },
    ]),
  );
}
