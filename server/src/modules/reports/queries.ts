import { type SQL, and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { connectors, chargingSessions, idTokens, organizations, sessionSettlements, tariffs } from '../../db/schema/index.js';
import type { ReportPlan } from '../../domain/reports/plan.js';
import { filteredSessions } from '../transactions/queries.js';
import { CURRENCY_SQL, DIMENSION_SQL, METRIC_SQL } from './sql.js';

/** One grouped row as the database returns it: every figure as text, exact. */
export type RawReportRow = Record<string, string | null>;

/** The sessions the transactions filter reads, plus what the report's attribute dimensions need. */
function reportSessions(db: Executor, fields: Record<string, SQL>) {
  return filteredSessions(db, fields)
    .leftJoin(
      connectors,
      and(eq(connectors.chargerId, chargingSessions.chargerId), eq(connectors.connectorId, chargingSessions.connectorId)),
    )
    .leftJoin(tariffs, eq(tariffs.id, sessionSettlements.tariffId))
    .leftJoin(idTokens, eq(idTokens.id, chargingSessions.idTokenId));
}

function metricFields(plan: ReportPlan): Record<string, SQL> {
  return Object.fromEntries(plan.metrics.map((m) => [`m_${m}`, sql`(${METRIC_SQL[m]})::text`]));
}

const currencyField = (plan: ReportPlan): Record<string, SQL> => (plan.byCurrency ? { currency: CURRENCY_SQL } : {});

/** The sort the plan asks for, then every dimension and the currency so equal figures always come in one order. */
function orderOf(plan: ReportPlan): SQL[] {
  const direction = plan.sort.order === 'asc' ? sql`ASC` : sql`DESC`;
  const dimensionOrder = (d: keyof typeof DIMENSION_SQL) => {
    const { key, label, sort } = DIMENSION_SQL[d];
    return sort === 'key' ? [key] : [label, key];
  };
  const primary = (plan.metrics as string[]).includes(plan.sort.by)
    ? [METRIC_SQL[plan.sort.by as keyof typeof METRIC_SQL]]
    : dimensionOrder(plan.sort.by as keyof typeof DIMENSION_SQL);
  const rest = plan.dimensions.flatMap((d) => dimensionOrder(d).map((e) => sql`${e} ASC NULLS LAST`));
  return [
    ...primary.map((e) => sql`${e} ${direction} NULLS LAST`),
    ...rest,
    ...(plan.byCurrency ? [sql`${CURRENCY_SQL} ASC`] : []),
  ];
}

/** The plan's rows: grouped by its dimensions (and currency), sorted, at most `limit + 1` (one more tells it was cut). */
export async function reportRows(db: Executor, plan: ReportPlan, where: SQL | undefined): Promise<RawReportRow[]> {
  const dimensionFields = Object.fromEntries(
    plan.dimensions.flatMap((d) => [
      [`k_${d}`, DIMENSION_SQL[d].key],
      [`l_${d}`, DIMENSION_SQL[d].label],
    ]),
  );
  const groups = [...plan.dimensions.flatMap((d) => [DIMENSION_SQL[d].key, DIMENSION_SQL[d].label])];
  if (plan.byCurrency) groups.push(CURRENCY_SQL);
  const query = reportSessions(db, { ...dimensionFields, ...currencyField(plan), ...metricFields(plan) }).where(where);
  const grouped = groups.length > 0 ? query.groupBy(...groups) : query;
  return (await grouped.orderBy(...orderOf(plan)).limit(plan.limit + 1)) as RawReportRow[];
}

/** The totals over every matching session (not only the rows shown), per currency when money is in the report. */
export async function reportTotals(db: Executor, plan: ReportPlan, where: SQL | undefined): Promise<RawReportRow[]> {
  const query = reportSessions(db, { ...currencyField(plan), ...metricFields(plan) }).where(where);
  if (!plan.byCurrency) return (await query) as RawReportRow[];
  return (await query.groupBy(CURRENCY_SQL).orderBy(CURRENCY_SQL)) as RawReportRow[];
}

/** The time zone of one organization (the report's "today"), or null when it does not exist. */
export async function organizationZone(db: Executor, id: string): Promise<string | null> {
  const [row] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, id));
  return row?.timeZone ?? null;
}
