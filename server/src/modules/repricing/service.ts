import type { Db } from '../../db/client.js';
import { adjustingPostings, postingOf } from '../../domain/finance/adjustment.js';
import { type Scope, assertWholeOrganization } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { addToDailyRollup } from '../analytics/rollups.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { computeSettlement } from '../settlement/figures.js';
import { insertPostings, postingsOfSession, settlementInScope } from '../settlement/queries.js';
import { getSessionSettlement } from '../settlement/service.js';
import { getTariff } from '../tariffs/service.js';
import { figuresDiffer, figuresOf, rollupDelta } from './figures.js';
import {
  type AdjustmentRow,
  adjustmentsOfSession,
  insertAdjustment,
  lockSettlement,
  replaceSettlementFigures,
  sessionsPricedBy,
} from './queries.js';

export function presentAdjustment(a: AdjustmentRow) {
  return { ...a, createdAt: a.createdAt.toISOString() };
}

/**
 * Re-prices one settled session with what is in force now (a corrected tariff's current version, the
 * campaigns, the contract) and, when that changes anything, records it in one transaction: an adjustment
 * (revision n+1, before and after), the settlement's new figures, adjusting postings that are exactly
 * the differences per account, the rollup's differences and an audit entry. Nothing changes → nothing written.
 */
async function repriceOne(db: Db, audit: AuditContext, sessionId: string, reason: string): Promise<AdjustmentRow | null> {
  return db.transaction(async (tx) => {
    const row = await lockSettlement(tx, sessionId);
    if (!row) throw notFound('Settlement');
    // The payment and the host are facts of the session; re-pricing keeps what settlement recorded.
    const computed = await computeSettlement(tx, sessionId, {
      paymentMethod: row.paymentMethod,
      locationOwnerId: row.locationOwnerId,
      locationOwnerShare: row.locationOwnerShare,
    });
    if (!computed) throw new AppError('CONFLICT', 'The session is no longer a completed session');
    const before = figuresOf(row);
    const after = figuresOf(computed.values);
    if (!figuresDiffer(before, after)) return null;

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
    return adjustment;
  });
}

export async function repriceSession(db: Db, audit: AuditContext, scope: Scope, sessionId: string, reason: string) {
  if (!(await settlementInScope(db, sessionId, scope))) throw notFound('Settlement');
  const adjustment = await repriceOne(db, audit, sessionId, reason);
  return {
    changed: adjustment !== null,
    adjustment: adjustment ? presentAdjustment(adjustment) : null,
    settlement: await getSessionSettlement(db, scope, sessionId),
  };
}

export async function listAdjustments(db: Db, scope: Scope, sessionId: string, page: PageRequest) {
  if (!(await settlementInScope(db, sessionId, scope))) throw notFound('Settlement');
  const { items, total } = await adjustmentsOfSession(db, sessionId, page);
  return { items: items.map(presentAdjustment), total, ...page };
}

const BATCH = 200;
const MAX_REPORTED_FAILURES = 50;

/**
 * After a tariff correction: re-prices every session it priced that started in [from, to), one
 * transaction each. Whole-organization scopes only.
 */
export async function repriceTariffSessions(
  db: Db,
  audit: AuditContext,
  scope: Scope,
  tariffId: string,
  input: { from: string; to: string; reason: string },
) {
  // A run re-prices sessions across the organization's ledger and payouts: organization-level work.
  assertWholeOrganization(scope, 'Re-pricing runs');
  const tariff = await getTariff(db, scope, tariffId);
  const range = { tariffId: tariff.id, from: new Date(input.from), to: new Date(input.to) };
  if (range.to.getTime() <= range.from.getTime())
    throw new AppError('UNPROCESSABLE', '"to" must be after "from"', { field: 'to' });
  const report = { matched: 0, changed: 0, unchanged: 0, failed: 0, failures: [] as { sessionId: string; message: string }[] };
  let after: { startedAt: Date; sessionId: string } | null = null;
  for (;;) {
    const batch = await sessionsPricedBy(db, scope, range, after, BATCH);
    for (const { sessionId } of batch) {
      report.matched++;
      try {
        if (await repriceOne(db, audit, sessionId, input.reason)) report.changed++;
        else report.unchanged++;
      } catch (error) {
        report.failed++;
        if (report.failures.length < MAX_REPORTED_FAILURES)
          report.failures.push({ sessionId, message: error instanceof Error ? error.message : String(error) });
      }
    }
    if (batch.length < BATCH) return report;
    after = batch.at(-1)!;
  }
}
