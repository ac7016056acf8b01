import type { Db, Tx } from '../../db/client.js';
import { seesOperatorInternals, shownFigures } from '../../domain/operator-internals.js';
import type { Scope } from '../../domain/scope.js';
import { notFound } from '../../errors.js';
import { addToDailyRollup, settlementFigures } from '../analytics/rollups.js';
import type { AuditContext } from '../audit/service.js';
import { CARD_GATEWAYS } from '../payments/card-on-file.js';
import { enqueueCollection } from '../payments/collection.js';
import { repriceInTransaction } from '../repricing/reprice-one.js';
import { type ComputedSettlement, computeSettlement, moneyFigures } from './figures.js';
import {
  insertPostings,
  insertSettlement,
  laterUninvoicedSessions,
  lockTierCounting,
  postingsOfSession,
  type SettlementRow,
  settlementInScope,
} from './queries.js';

/** Payment methods whose money Chargeboard collects itself (the rest is postpaid or collected by staff). */
const COLLECTED_METHODS: readonly string[] = [...CARD_GATEWAYS, 'wallet'];

const SYSTEM: AuditContext = { actorId: null, actorEmail: 'system:kwh-tiers', requestId: null };

async function store(tx: Tx, sessionId: string, { values, postings }: ComputedSettlement): Promise<SettlementRow | null> {
  const row = await insertSettlement(tx, values);
  if (!row) return null;
  // Money that moves through a gateway or a wallet is collected after this commits, durably.
  if (COLLECTED_METHODS.includes(row.paymentMethod))
    await enqueueCollection(tx, { id: sessionId, organizationId: row.organizationId });
  await addToDailyRollup(tx, settlementFigures(row));
  await insertPostings(
    tx,
    postings.map((p) => ({
      organizationId: row.organizationId,
      sessionId,
      account: p.account,
      ref: p.ref ?? null,
      currency: row.currency,
      amountMinor: p.amountMinor,
      at: row.stoppedAt,
    })),
  );
  return row;
}

/**
 * docs/finance.md §5 "kWh tiers": a session's tier counts the period's sessions that ended before it, so one
 * that arrives late (a charger offline for days) moves the tier of those that ended after it. They are
 * re-tiered at once — their pricing kept, only the commission and what follows from it recomputed, as
 * audited adjustments — so the commissions never depend on the order sessions arrive. Sessions already on
 * a sent invoice are left as they are: a sent invoice never changes.
 */
export async function retierLaterSessions(
  tx: Tx,
  row: SettlementRow,
  periodEnd: Date,
  reason = `kWh tier: session ${row.sessionId}, which ended earlier in the billing period, settled after this one`,
): Promise<void> {
  const later = await laterUninvoicedSessions(tx, row.organizationId, row.stoppedAt, row.sessionId, periodEnd);
  for (const sessionId of later) await repriceInTransaction(tx, SYSTEM, sessionId, reason, { keepPricing: true });
}

/**
 * The settlement of a stopped session (docs/finance.md §6), stored with its ledger postings in one transaction. Idempotent:
 * the first settlement of a session stands (unique per session), so a repeated stop settles once. A
 * kWh-tier settlement is computed again under a per-organization lock (so concurrent ones see each other)
 * and re-tiers the period's later sessions in the same transaction.
 */
export async function settleStoppedSession(db: Db, sessionId: string): Promise<SettlementRow | null> {
  const computed = await computeSettlement(db, sessionId);
  if (!computed) return null;
  if (!computed.tierPeriodEnd) return db.transaction((tx) => store(tx, sessionId, computed));
  return db.transaction(async (tx) => {
    await lockTierCounting(tx, computed.values.organizationId);
    const fresh = await computeSettlement(tx, sessionId);
    if (!fresh) return null;
    const row = await store(tx, sessionId, fresh);
    if (row && fresh.tierPeriodEnd) await retierLaterSessions(tx, row, fresh.tierPeriodEnd);
    return row;
  });
}

/**
 * GET /sessions/:id/settlement: the stored breakdown and its ledger postings; 404 outside scope. A location
 * owner gets the operator's internal figures as null and no postings (they show every one of them).
 */
export async function getSessionSettlement(db: Db, scope: Scope, sessionId: string) {
  const row = await settlementInScope(db, sessionId, scope);
  if (!row) throw notFound('Settlement');
  const postings = seesOperatorInternals(scope) ? await postingsOfSession(db, sessionId) : [];
  return {
    ...row,
    ...shownFigures(scope, moneyFigures(row)),
    startedAt: row.startedAt.toISOString(),
    stoppedAt: row.stoppedAt.toISOString(),
    settledAt: row.settledAt.toISOString(),
    repricedAt: row.repricedAt?.toISOString() ?? null,
    postings: postings.map((p) => ({
      account: p.account,
      ref: p.ref,
      entryKind: p.entryKind,
      amountMinor: Number(p.amountMinor),
    })),
  };
}
