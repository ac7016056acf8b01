import type { Tx } from '../../db/client.js';
import { adjustingPostings, postingOf } from '../../domain/finance/adjustment.js';
import { AppError, notFound } from '../../errors.js';
import { addToDailyRollup } from '../analytics/rollups.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { computeSettlement } from '../settlement/figures.js';
import { insertPostings, postingsOfSession, type SettlementRow } from '../settlement/queries.js';
import { figuresDiffer, figuresOf, rollupDelta } from './figures.js';
import { type AdjustmentRow, insertAdjustment, lockSettlement, replaceSettlementFigures } from './queries.js';

/**
 * Re-prices one settled session with what is in force now (a corrected tariff's current version, the
 * campaigns, the contract) and, when that changes anything, records it in the caller's transaction: an
 * adjustment (revision n+1, before and after), the settlement's new figures, adjusting postings that are
 * exactly the differences per account, the rollup's differences and an audit entry. Nothing changes →
 * nothing written. With `keepPricing` the tariff lines, discount and net stay as settled and only what
 * depends on other sessions (the kWh-tier commission and the figures after it) is computed again.
 */
export async function repriceInTransaction(
  tx: Tx,
  audit: AuditContext,
  sessionId: string,
  reason: string,
  options: { keepPricing?: boolean } = {},
): Promise<AdjustmentRow | null> {
  return (await repriceWithTier(tx, audit, sessionId, reason, options)).adjustment;
}

/** As `repriceInTransaction`, also telling a kWh-tier session's period end (null for other contracts). */
export async function repriceWithTier(
  tx: Tx,
  audit: AuditContext,
  sessionId: string,
  reason: string,
  options: { keepPricing?: boolean } = {},
): Promise<{ adjustment: AdjustmentRow | null; tierPeriodEnd: Date | null; row: SettlementRow | null }> {
  const row = await lockSettlement(tx, sessionId);
  if (!row) throw notFound('Settlement');
  // The payment and the host are facts of the session; re-pricing keeps what settlement recorded.
  const computed = await computeSettlement(
    tx,
    sessionId,
    {
      paymentMethod: row.paymentMethod,
      locationOwnerId: row.locationOwnerId,
      locationOwnerShare: row.locationOwnerShare,
    },
    options.keepPricing ? row : undefined,
  );
  if (!computed) throw new AppError('CONFLICT', 'The session is no longer a completed session');
  const before = figuresOf(row);
  const after = figuresOf(computed.values);
  if (!figuresDiffer(before, after)) return { adjustment: null, tierPeriodEnd: computed.tierPeriodEnd, row };

  const revision = row.revision + 1;
  const adjustment = await insertAdjustment(tx, {
    sessionId,
    organizationId: row.organizationId,
    revision,
    reason,
    requestedBy: audit.actorId,
    before,
    after,
  });
  const updated = await replaceSettlementFigures(tx, row.id, computed.values, revision);
  const current = (await postingsOfSession(tx, sessionId)).map(postingOf);
  const now = new Date();
  await insertPostings(
    tx,
    adjustingPostings(current, computed.postings).map((p) => ({
      organizationId: row.organizationId,
      sessionId,
      account: p.account,
      ref: p.ref ?? null,
      entryKind: 'adjustment' as const,
      documentId: adjustment.id,
      currency: row.currency,
      amountMinor: p.amountMinor,
      // The correction is booked when it is made; the session's own entry keeps its date.
      at: now,
    })),
  );
  await addToDailyRollup(tx, rollupDelta(row, row, computed.values));
  await recordAudit(tx, audit, {
    entityType: 'session_settlement',
    entityId: sessionId,
    action: 'reprice',
    organizationId: row.organizationId,
    before: { ...before, revision: row.revision },
    after: { ...after, revision: updated.revision, reason },
  });
  return { adjustment, tierPeriodEnd: computed.tierPeriodEnd, row: updated };
}
