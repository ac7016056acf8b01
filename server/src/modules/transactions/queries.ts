import { type SQL, and, asc, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { chargers, chargingSessions, organizations, sessionSettlements, sites, users } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import type { PageRequest } from '../../http/schemas.js';
import { type TransactionScope, transactionConditions } from './filter.js';
import type { TransactionFilter, TransactionListFilter } from './schemas.js';

/** One session with its place, its driver and its settled money (null until settled). */
const rowFields = {
  id: chargingSessions.id,
  organizationId: chargingSessions.organizationId,
  organizationName: organizations.name,
  organizationCurrency: organizations.currency,
  timeZone: organizations.timeZone,
  siteId: chargingSessions.siteId,
  siteName: sites.name,
  chargerId: chargingSessions.chargerId,
  chargerName: chargers.name,
  connectorId: chargingSessions.connectorId,
  idTag: chargingSessions.idTag,
  idTokenId: chargingSessions.idTokenId,
  vehicleRef: chargingSessions.vehicleRef,
  userId: chargingSessions.userId,
  driverName: users.name,
  status: chargingSessions.status,
  sessionFlagged: chargingSessions.flagged,
  flagReason: chargingSessions.flagReason,
  settlementFlags: sessionSettlements.flags,
  startedAt: chargingSessions.startedAt,
  stoppedAt: chargingSessions.stoppedAt,
  energyWh: chargingSessions.energyWh,
  idleSeconds: sessionSettlements.idleSeconds,
  currency: sessionSettlements.currency,
  netMinor: sessionSettlements.netMinor,
  taxMinor: sessionSettlements.taxMinor,
  grossMinor: sessionSettlements.grossMinor,
};

/** Sessions joined with everything a transaction row or filter reads. */
function joinedRows(db: Executor) {
  return db
    .select(rowFields)
    .from(chargingSessions)
    .innerJoin(organizations, eq(organizations.id, chargingSessions.organizationId))
    .innerJoin(sites, eq(sites.id, chargingSessions.siteId))
    .innerJoin(chargers, eq(chargers.id, chargingSessions.chargerId))
    .leftJoin(sessionSettlements, eq(sessionSettlements.sessionId, chargingSessions.id))
    .leftJoin(users, eq(users.id, chargingSessions.userId));
}

export type TransactionRow = Awaited<ReturnType<typeof joinedRows>>[number];

/** The joins the filter needs (organization zone, charger name, settlement flags), for counts and sums. */
export function filteredSessions<T extends Record<string, unknown>>(db: Executor, fields: T) {
  return db
    .select(fields as Parameters<Executor['select']>[0] & T)
    .from(chargingSessions)
    .innerJoin(organizations, eq(organizations.id, chargingSessions.organizationId))
    .innerJoin(sites, eq(sites.id, chargingSessions.siteId))
    .innerJoin(chargers, eq(chargers.id, chargingSessions.chargerId))
    .leftJoin(sessionSettlements, eq(sessionSettlements.sessionId, chargingSessions.id));
}

const SORTS = {
  startedAt: chargingSessions.startedAt,
  stoppedAt: chargingSessions.stoppedAt,
  energyWh: chargingSessions.energyWh,
} as const;

export async function findTransactions(
  db: Executor,
  scope: TransactionScope,
  filter: TransactionListFilter,
  page: PageRequest,
): Promise<{ items: TransactionRow[]; total: number }> {
  const where = transactionConditions(scope, filter);
  const direction = filter.order === 'asc' ? asc : desc;
  const [items, [total]] = await Promise.all([
    joinedRows(db)
      .where(where)
      .orderBy(direction(SORTS[filter.sort ?? 'startedAt']), desc(chargingSessions.startedAt), desc(chargingSessions.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    filteredSessions(db, { n: sql<number>`count(*)::int` }).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** The organizations an export walks through, by name: each is read newest first along its (organization, started) index. */
export async function organizationsToExport(db: Executor, scope: TransactionScope, filter: TransactionFilter) {
  return db
    .select({ id: organizations.id })
    .from(organizations)
    .where(
      and(
        inScope(organizations.id, scope.organizationIds),
        filter.organizationId?.length ? inArray(organizations.id, filter.organizationId) : undefined,
      ),
    )
    .orderBy(asc(organizations.name), asc(organizations.id));
}

export interface Cursor {
  startedAt: Date;
  id: string;
}

/**
 * One keyset batch of an organization's filtered sessions, newest first, after `cursor`. Written as
 * `started_at <= c AND (started_at < c OR id < c.id)` so both PGlite and PostgreSQL use the index.
 */
export async function transactionBatch(
  db: Executor,
  scope: TransactionScope,
  filter: TransactionFilter,
  organizationId: string,
  cursor: Cursor | null,
  size: number,
): Promise<TransactionRow[]> {
  const after: SQL | undefined = cursor
    ? and(
        lte(chargingSessions.startedAt, cursor.startedAt),
        or(lt(chargingSessions.startedAt, cursor.startedAt), lt(chargingSessions.id, cursor.id)),
      )
    : undefined;
  return joinedRows(db)
    .where(and(transactionConditions(scope, filter), eq(chargingSessions.organizationId, organizationId), after))
    .orderBy(desc(chargingSessions.startedAt), desc(chargingSessions.id))
    .limit(size);
}
