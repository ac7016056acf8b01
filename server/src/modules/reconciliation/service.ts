import { DateTime } from 'luxon';
import { and } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { type GatewayKind, RECONCILIATION_OUTCOMES, type ReconciliationOutcome } from '../../db/schema/index.js';
import { type Scope, assertWholeOrganization, canReachOrganization } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { matchReport } from './match.js';
import {
  type SummaryRow,
  candidatePayments,
  insertLines,
  insertReconciliation,
  organizationOf,
  reconciliationFilter,
  reconciliationLines,
  reconciliationScope,
  reconciliationSummaries,
  reconciliationTotals,
} from './queries.js';
import { MAX_REPORT_BYTES, parseSettlementReport } from './report.js';
import type { CreateReconciliation } from './schemas.js';

/** A reconciliation is of a merchant account, which is the whole organization's: a role limited to sites has none. */
function reconciliationScopeOf(scope: Scope): readonly string[] | null {
  assertWholeOrganization(scope, 'Payment reconciliations');
  return scope.organizationIds;
}

/**
 * Which organization an import is for: the one asked for (404 outside scope), else a non-platform
 * user's own, else — for a platform user who reaches every organization — all of them (null).
 */
async function organizationFor(db: Executor, scope: Scope, organizationId: string | undefined) {
  const id =
    organizationId ??
    (scope.kind !== 'platform'
      ? scope.homeOrganizationId
      : scope.organizationIds?.length === 1
        ? scope.organizationIds[0]
        : undefined);
  if (id === undefined || id === null) {
    if (scope.organizationIds === null) return null;
    throw new AppError('VALIDATION_FAILED', 'Choose the organization the report is for', { field: 'organizationId' });
  }
  const org = canReachOrganization(scope, id) ? await organizationOf(db, id) : null;
  if (!org) throw notFound('Organization');
  return org;
}

const emptyCounts = (): Record<ReconciliationOutcome, number> =>
  Object.fromEntries(RECONCILIATION_OUTCOMES.map((o) => [o, 0])) as Record<ReconciliationOutcome, number>;

function presentSummary(row: SummaryRow) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    timeZone: row.timeZone ?? 'UTC',
    gateway: row.gateway,
    fileName: row.fileName,
    periodFrom: row.periodFrom.toISOString(),
    periodTo: row.periodTo.toISOString(),
    counts: { ...emptyCounts(), ...row.counts },
    importedBy: row.importedBy,
    createdAt: row.createdAt.toISOString(),
  };
}

async function totalsOf(db: Executor, id: string) {
  return (await reconciliationTotals(db, id)).map((t) => ({
    outcome: t.outcome,
    currency: t.currency,
    lines: Number(t.lines),
    theirAmountMinor: Number(t.their),
    ourAmountMinor: Number(t.ours),
  }));
}

/** The report's period: given, else from the local start of its first day to the end of its last. */
function periodOf(
  input: Pick<CreateReconciliation, 'periodFrom' | 'periodTo'>,
  report: { firstDay: string | null; lastDay: string | null },
  zone: string,
) {
  const from = input.periodFrom
    ? new Date(input.periodFrom)
    : report.firstDay
      ? DateTime.fromISO(report.firstDay, { zone }).startOf('day').toJSDate()
      : null;
  const to = input.periodTo
    ? new Date(input.periodTo)
    : report.lastDay
      ? DateTime.fromISO(report.lastDay, { zone }).plus({ days: 1 }).startOf('day').toJSDate()
      : null;
  if (!from || !to)
    throw new AppError(
      'RECONCILIATION_PERIOD_MISSING',
      'The file has no date column: give the period it covers (periodFrom and periodTo)',
      {
        field: from ? 'periodTo' : 'periodFrom',
      },
    );
  if (from >= to) throw new AppError('DATE_RANGE_INVALID', 'The period must end after it starts', { field: 'periodTo' });
  return { from, to };
}

/**
 * Imports a settlement report: parses it, matches it against our approved payments through that
 * gateway, and stores the reconciliation with every line in one transaction (audited).
 */
export async function importReconciliation(
  db: Db,
  audit: AuditContext,
  scope: Scope,
  importedBy: string | null,
  input: CreateReconciliation,
) {
  const organizationIds = reconciliationScopeOf(scope);
  if (Buffer.byteLength(input.content, 'utf8') > MAX_REPORT_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', `The report must be at most ${MAX_REPORT_BYTES / 1024 / 1024} MB`);
  const org = await organizationFor(db, scope, input.organizationId);
  const zone = org?.timeZone ?? 'UTC';
  const report = parseSettlementReport(input.content, {
    gateway: input.gateway,
    zone,
    defaultCurrency: org?.currency ?? null,
  });
  const period = periodOf(input, report, zone);

  const id = await db.transaction(async (tx) => {
    const ours = await candidatePayments(tx, {
      gateway: input.gateway,
      organizationId: org?.id ?? null,
      organizationIds,
      ...period,
      references: report.lines.map((l) => l.reference),
    });
    const matched = matchReport(report.lines, ours);
    const counts = emptyCounts();
    for (const line of matched) counts[line.outcome]++;
    const reconciliation = await insertReconciliation(tx, {
      organizationId: org?.id ?? null,
      gateway: input.gateway,
      fileName: input.fileName,
      periodFrom: period.from,
      periodTo: period.to,
      counts,
      importedBy,
    });
    await insertLines(
      tx,
      matched.map((m) => ({
        reconciliationId: reconciliation.id,
        outcome: m.outcome,
        gatewayReference: m.reference,
        paymentId: m.paymentId,
        theirAmountMinor: m.theirAmountMinor,
        ourAmountMinor: m.ourAmountMinor,
        currency: m.currency,
        line: m.row,
      })),
    );
    await recordAudit(tx, audit, {
      entityType: 'payment_reconciliation',
      entityId: reconciliation.id,
      action: 'import',
      organizationId: org?.id ?? null,
      after: {
        gateway: input.gateway,
        fileName: input.fileName,
        periodFrom: period.from.toISOString(),
        periodTo: period.to.toISOString(),
        counts,
        skippedRows: report.skippedRows,
      },
    });
    return reconciliation.id;
  });
  const { reconciliation, totals } = await summaryWithTotals(db, scope, id);
  return { reconciliation, totals, skippedRows: report.skippedRows };
}

export async function listReconciliations(
  db: Executor,
  scope: Scope,
  filter: { organizationId?: string; gateway?: GatewayKind },
  page: PageRequest,
) {
  const where = and(reconciliationScope(reconciliationScopeOf(scope)), reconciliationFilter(filter));
  const { rows, total } = await reconciliationSummaries(db, where, page);
  return { items: rows.map(presentSummary), total, ...page };
}

async function summaryWithTotals(db: Executor, scope: Scope, id: string) {
  const where = and(reconciliationScope(reconciliationScopeOf(scope)), reconciliationFilter({ id }));
  const [row] = (await reconciliationSummaries(db, where, { page: 1, pageSize: 1 })).rows;
  if (!row) throw notFound('Reconciliation');
  return { reconciliation: presentSummary(row), totals: await totalsOf(db, id) };
}

const num = (value: bigint | null) => (value === null ? null : Number(value));

export async function getReconciliation(
  db: Executor,
  scope: Scope,
  id: string,
  query: { outcome?: ReconciliationOutcome } & PageRequest,
) {
  const { reconciliation, totals } = await summaryWithTotals(db, scope, id);
  const page = { page: query.page, pageSize: query.pageSize };
  const { rows, total } = await reconciliationLines(db, id, query.outcome, page);
  const items = rows.map(({ line, payment, sessionTransactionId }) => ({
    id: line.id,
    outcome: line.outcome,
    reference: line.gatewayReference,
    row: line.line,
    currency: line.currency,
    theirAmountMinor: num(line.theirAmountMinor),
    ourAmountMinor: num(line.ourAmountMinor),
    differenceMinor:
      line.theirAmountMinor !== null && line.ourAmountMinor !== null ? Number(line.theirAmountMinor - line.ourAmountMinor) : null,
    payment: payment
      ? {
          id: payment.id,
          type: payment.type,
          currency: payment.currency,
          createdAt: payment.createdAt.toISOString(),
          sessionId: payment.sessionId,
          sessionTransactionId,
        }
      : null,
  }));
  return { reconciliation, totals, lines: { items, total, ...page } };
}
