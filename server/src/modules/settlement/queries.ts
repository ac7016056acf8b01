import { and, asc, desc, eq, gt, gte, isNull, lt, lte, or, sql } from 'drizzle-orm';
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

/**
 * The organization's settled Wh from sessions that ended in [from, S's end) or at S's end with a smaller
 * session id (docs/finance.md §5: ordered by end time, then session id), for session S.
 */
export async function organizationWhEndedBefore(
  db: Executor,
  organizationId: string,
  from: Date,
  endedAt: Date,
  sessionId: string,
): Promise<number> {
  const s = sessionSettlements;
  const [row] = await db
    .select({ wh: sql<string>`coalesce(sum(${s.energyWh}), 0)::text` })
    .from(s)
    .where(
      and(
        eq(s.organizationId, organizationId),
        gte(s.stoppedAt, from),
        or(lt(s.stoppedAt, endedAt), and(eq(s.stoppedAt, endedAt), lt(s.sessionId, sessionId))),
      ),
    );
  return Number(row?.wh ?? 0);
}

/** Serializes kWh-tier settlements of one organization (until the transaction ends), so each sees the others. */
export async function lockTierCounting(tx: Executor, organizationId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`kwh-tiers:${organizationId}`}))`);
}

/**
 * The settled sessions of the organization that ended after session S in [S's end, periodEnd), ordered
 * by end time then session id, that no sent invoice bills yet (a sent invoice never changes).
 */
export async function laterUninvoicedSessions(
  db: Executor,
  organizationId: string,
  endedAt: Date,
  sessionId: string,
  periodEnd: Date,
): Promise<string[]> {
  const s = sessionSettlements;
  const rows = await db
    .select({ sessionId: s.sessionId })
    .from(s)
    .where(
      and(
        eq(s.organizationId, organizationId),
        lt(s.stoppedAt, periodEnd),
        or(gt(s.stoppedAt, endedAt), and(eq(s.stoppedAt, endedAt), gt(s.sessionId, sessionId))),
        or(isNull(s.invoiceId), sql`EXISTS (SELECT 1 FROM invoices i WHERE i.id = ${s.invoiceId} AND i.status = 'draft')`),
      ),
    )
    .orderBy(asc(s.stoppedAt), asc(s.sessionId));
  return rows.map((r) => r.sessionId);
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
