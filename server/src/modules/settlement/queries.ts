import { and, asc, desc, eq, gte, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import type { Executor } from '../../db/client.js';
import {
  chargers,
  chargingSessions,
  commissionContracts,
  ledgerPostings,
  meterSamples,
  organizations,
  sessionSettlements,
  sites,
} from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import type { MeterReading } from '../../domain/finance/session-timeline.js';
import { ENERGY_REGISTER } from '../../domain/meter.js';
import type { Scope } from '../../domain/scope.js';

export type SettlementRow = typeof sessionSettlements.$inferSelect;
export type SettlementInsert = typeof sessionSettlements.$inferInsert;
export type PostingInsert = typeof ledgerPostings.$inferInsert;

/** The stopped session with everything settlement reads: its site's clock, its charger's host, its organization's terms. */
export async function sessionForSettlement(db: Executor, sessionId: string) {
  const [row] = await db
    .select({
      session: chargingSessions,
      siteTimeZone: sites.timeZone,
      locationOwnerId: chargers.locationOwnerId,
      locationOwnerShare: chargers.locationOwnerShare,
      organization: organizations,
    })
    .from(chargingSessions)
    .innerJoin(sites, eq(sites.id, chargingSessions.siteId))
    .innerJoin(chargers, eq(chargers.id, chargingSessions.chargerId))
    .innerJoin(organizations, eq(organizations.id, chargingSessions.organizationId))
    .where(eq(chargingSessions.id, sessionId));
  return row ?? null;
}

/** The whole-meter energy register readings (no per-phase values), in whole Wh. */
export async function registerReadings(db: Executor, sessionId: string): Promise<MeterReading[]> {
  const rows = await db
    .select({ at: meterSamples.at, value: meterSamples.value })
    .from(meterSamples)
    .where(and(eq(meterSamples.sessionId, sessionId), eq(meterSamples.measurand, ENERGY_REGISTER), isNull(meterSamples.phase)))
    .orderBy(asc(meterSamples.at), asc(meterSamples.id));
  return rows.map((r) => ({ at: r.at, wh: new Decimal(r.value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() }));
}

/** The commission contract in force on a local date "YYYY-MM-DD". */
export async function contractInForce(db: Executor, organizationId: string, localDate: string) {
  const [row] = await db
    .select()
    .from(commissionContracts)
    .where(
      and(
        eq(commissionContracts.organizationId, organizationId),
        lte(commissionContracts.effectiveFrom, localDate),
        or(isNull(commissionContracts.effectiveTo), gte(commissionContracts.effectiveTo, localDate)),
      ),
    )
    .orderBy(desc(commissionContracts.effectiveFrom))
    .limit(1);
  return row ?? null;
}

/** The organization's settled Wh from sessions that ended in [from, before). */
export async function organizationWhBetween(db: Executor, organizationId: string, from: Date, before: Date): Promise<number> {
  const [row] = await db
    .select({ wh: sql<string>`coalesce(sum(${sessionSettlements.energyWh}), 0)::text` })
    .from(sessionSettlements)
    .where(
      and(
        eq(sessionSettlements.organizationId, organizationId),
        gte(sessionSettlements.stoppedAt, from),
        lt(sessionSettlements.stoppedAt, before),
      ),
    );
  return Number(row?.wh ?? 0);
}

/** Inserts the settlement unless the session already has one; returns null when it had. */
export async function insertSettlement(db: Executor, values: SettlementInsert): Promise<SettlementRow | null> {
  const [row] = await db.insert(sessionSettlements).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function insertPostings(db: Executor, postings: PostingInsert[]): Promise<void> {
  if (postings.length > 0) await db.insert(ledgerPostings).values(postings);
}

/** The settlement of a session the caller can see (organization, site and charger scope). */
export async function settlementInScope(db: Executor, sessionId: string, scope: Scope) {
  const [row] = await db
    .select()
    .from(sessionSettlements)
    .where(
      and(
        eq(sessionSettlements.sessionId, sessionId),
        inScope(sessionSettlements.organizationId, scope.organizationIds),
        inScope(sessionSettlements.siteId, scope.siteIds),
        inScope(sessionSettlements.chargerId, scope.chargerIds),
      ),
    );
  return row ?? null;
}

export async function postingsOfSession(db: Executor, sessionId: string) {
  return db.select().from(ledgerPostings).where(eq(ledgerPostings.sessionId, sessionId)).orderBy(asc(ledgerPostings.id));
}
