import type { Db } from '../../db/client.js';
import { shownFigures } from '../../domain/operator-internals.js';
import { type Scope, assertWholeOrganization } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import type { AuditContext } from '../audit/service.js';
import { lockTierCounting, settlementInScope } from '../settlement/queries.js';
import { getSessionSettlement, retierLaterSessions } from '../settlement/service.js';
import { getTariff } from '../tariffs/service.js';
import { type AdjustmentRow, adjustmentsOfSession, sessionsPricedBy } from './queries.js';
import { repriceWithTier } from './reprice-one.js';

/** A location owner gets the operator's internal figures before and after as null (docs/finance.md §15). */
export function presentAdjustment(a: AdjustmentRow, scope: Pick<Scope, 'chargerIds'>) {
  return {
    ...a,
    before: shownFigures(scope, a.before),
    after: shownFigures(scope, a.after),
    createdAt: a.createdAt.toISOString(),
  };
}

/**
 * One session, in one transaction. When a kWh-tier session's energy changes (corrected readings), the
 * period's later sessions are re-tiered with it, as when a late session settles (docs/finance.md §5).
 */
const repriceOne = (db: Db, audit: AuditContext, sessionId: string, reason: string) =>
  db.transaction(async (tx) => {
    const { adjustment, tierPeriodEnd, row } = await repriceWithTier(tx, audit, sessionId, reason);
    if (adjustment && tierPeriodEnd && row && adjustment.before.energyWh !== adjustment.after.energyWh) {
      await lockTierCounting(tx, row.organizationId);
      const why = `kWh tier: session ${sessionId}, which ended earlier in the billing period, was re-priced to ${row.energyWh} Wh`;
      await retierLaterSessions(tx, row, tierPeriodEnd, why);
    }
    return adjustment;
  });

export async function repriceSession(db: Db, audit: AuditContext, scope: Scope, sessionId: string, reason: string) {
  if (!(await settlementInScope(db, sessionId, scope))) throw notFound('Settlement');
  const adjustment = await repriceOne(db, audit, sessionId, reason);
  return {
    changed: adjustment !== null,
    adjustment: adjustment ? presentAdjustment(adjustment, scope) : null,
    settlement: await getSessionSettlement(db, scope, sessionId),
  };
}

export async function listAdjustments(db: Db, scope: Scope, sessionId: string, page: PageRequest) {
  if (!(await settlementInScope(db, sessionId, scope))) throw notFound('Settlement');
  const { items, total } = await adjustmentsOfSession(db, sessionId, page);
  return { items: items.map((a) => presentAdjustment(a, scope)), total, ...page };
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
