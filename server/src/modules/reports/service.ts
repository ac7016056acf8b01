import type { Db } from '../../db/client.js';
import { seesOperatorInternals } from '../../domain/operator-internals.js';
import {
  DIMENSIONS,
  DIMENSION_KEYS,
  METRICS,
  METRIC_KEYS,
  type MetricKey,
  OPERATOR_INTERNAL_METRICS,
  isMoneyMetric,
} from '../../domain/reports/catalogue.js';
import { MAX_DIMENSIONS, RELATIVE_PERIODS, type ReportPlan, planReport } from '../../domain/reports/plan.js';
import { type Scope, hasPermission } from '../../domain/scope.js';
import { transactionConditions } from '../transactions/filter.js';
import { AppError } from '../../errors.js';
import { checkFilter, jsonInteger } from '../transactions/service.js';
import { type RawReportRow, organizationZone, reportRows, reportTotals } from './queries.js';
import type { ReportDefinitionInput } from './schemas.js';

/**
 * The metrics this scope may see: money only with `finance:read` (a Network Manager reports on
 * sessions, energy and time, not revenue), and never the operator's internals for a location owner.
 */
const metricsFor = (scope: Scope) =>
  METRIC_KEYS.filter(
    (k) =>
      (hasPermission(scope, 'finance:read') || !isMoneyMetric(k)) &&
      (seesOperatorInternals(scope) || !OPERATOR_INTERNAL_METRICS.includes(k)),
  );

export function reportCatalogue(scope: Scope) {
  return {
    dimensions: DIMENSION_KEYS.map((k) => DIMENSIONS[k]),
    metrics: metricsFor(scope).map((k) => METRICS[k]),
    periods: [...RELATIVE_PERIODS],
    maxDimensions: MAX_DIMENSIONS,
  };
}

export type ReportFigures = Record<string, number | null>;
export interface ReportRow {
  keys: Record<string, string | null>;
  labels: Record<string, string | null>;
  currency: string | null;
  values: ReportFigures;
}
export interface Report {
  plan: ReportPlan;
  rows: ReportRow[];
  totals: { currency: string | null; values: ReportFigures }[];
  truncated: boolean;
}

/** "Today" is read on the clock of the one organization filtered on, else the caller's own, else UTC. */
async function reportZone(db: Db, scope: Scope, organizationIds: readonly string[] | undefined): Promise<string> {
  const id = organizationIds?.length === 1 ? organizationIds[0]! : scope.homeOrganizationId;
  return (id && (await organizationZone(db, id))) ?? 'UTC';
}

function figures(metrics: MetricKey[], raw: RawReportRow): ReportFigures {
  return Object.fromEntries(
    metrics.map((m) => {
      const value = raw[`m_${m}`];
      return [m, value === null || value === undefined ? null : jsonInteger(value)];
    }),
  );
}

/** A report for the caller: the definition planned, every figure limited to the caller's scope and the filter. */
export async function buildReport(db: Db, scope: Scope, input: ReportDefinitionInput, now = new Date()): Promise<Report> {
  const filter = input.filter ?? {};
  checkFilter(scope, filter);
  const plan = planReport(input, now, await reportZone(db, scope, filter.organizationId));
  const hidden = plan.metrics.filter((m) => !metricsFor(scope).includes(m));
  if (hidden.length > 0) {
    throw new AppError('FORBIDDEN', `Not shown to this role: ${hidden.join(', ')}`, { metrics: hidden });
  }
  const where = transactionConditions(scope, { ...filter, from: plan.period.from, to: plan.period.to });
  const [raw, rawTotals] = await Promise.all([reportRows(db, plan, where), reportTotals(db, plan, where)]);
  const rows = raw.slice(0, plan.limit).map((r) => ({
    keys: Object.fromEntries(plan.dimensions.map((d) => [d, r[`k_${d}`] ?? null])),
    labels: Object.fromEntries(plan.dimensions.map((d) => [d, r[`l_${d}`] ?? null])),
    currency: r.currency ?? null,
    values: figures(plan.metrics, r),
  }));
  const totals = rawTotals.map((r) => ({ currency: r.currency ?? null, values: figures(plan.metrics, r) }));
  return { plan, rows, totals, truncated: raw.length > plan.limit };
}

/** The preview's JSON: the rows, the totals and what they mean (period with its zone, columns with units). */
export function presentReport(report: Report) {
  const { plan } = report;
  return {
    period: plan.period,
    dimensions: plan.dimensions.map((d) => ({ key: d, label: DIMENSIONS[d].label })),
    metrics: plan.metrics.map((m) => ({ key: m, label: METRICS[m].label, unit: METRICS[m].unit })),
    sort: plan.sort,
    rows: report.rows,
    totals: report.totals,
    truncated: report.truncated,
  };
}
