import { type SQL, sql } from 'drizzle-orm';
import {
  chargers,
  chargingSessions,
  connectors,
  idTokens,
  organizations,
  sessionSettlements,
  sites,
  tariffs,
} from '../../db/schema/index.js';
import type { DimensionKey, MetricKey } from '../../domain/reports/catalogue.js';

/** The session's start on its organization's wall clock (a timestamp without zone). */
const local = sql`(${chargingSessions.startedAt} AT TIME ZONE ${organizations.timeZone})`;

/** Per dimension: the text a row is grouped and sorted by (`key`) and the text a person reads (`label`). */
export const DIMENSION_SQL: Record<DimensionKey, { key: SQL; label: SQL; sort: 'key' | 'label' }> = {
  organization: { key: sql`${chargingSessions.organizationId}::text`, label: sql`${organizations.name}`, sort: 'label' },
  site: { key: sql`${chargingSessions.siteId}::text`, label: sql`${sites.name}`, sort: 'label' },
  charger: { key: sql`${chargingSessions.chargerId}::text`, label: sql`${chargers.name}`, sort: 'label' },
  connectorType: { key: sql`${connectors.type}`, label: sql`${connectors.type}`, sort: 'label' },
  tariff: { key: sql`${sessionSettlements.tariffId}::text`, label: sql`${tariffs.name}`, sort: 'label' },
  tokenGroup: { key: sql`${idTokens.tokenGroup}`, label: sql`${idTokens.tokenGroup}`, sort: 'label' },
  day: { key: sql`to_char(${local}, 'YYYY-MM-DD')`, label: sql`to_char(${local}, 'YYYY-MM-DD')`, sort: 'key' },
  week: {
    key: sql`to_char(date_trunc('week', ${local}), 'YYYY-MM-DD')`,
    label: sql`to_char(date_trunc('week', ${local}), 'IYYY-"W"IW')`,
    sort: 'key',
  },
  month: { key: sql`to_char(${local}, 'YYYY-MM')`, label: sql`to_char(${local}, 'YYYY-MM')`, sort: 'key' },
  weekday: { key: sql`extract(isodow from ${local})::int::text`, label: sql`trim(to_char(${local}, 'Day'))`, sort: 'key' },
  hourOfDay: {
    key: sql`lpad(extract(hour from ${local})::int::text, 2, '0')`,
    label: sql`lpad(extract(hour from ${local})::int::text, 2, '0') || ':00'`,
    sort: 'key',
  },
};

const completedSeconds = sql`extract(epoch from (${chargingSessions.stoppedAt} - ${chargingSessions.startedAt}))`;
const completed = sql`${chargingSessions.status} = 'completed'`;
const sumOf = (column: SQL | typeof sessionSettlements.netMinor) => sql`coalesce(sum(${column}), 0)`;

/**
 * Per metric: the aggregate over a group's sessions. Money is the settlement's (an unsettled session
 * adds 0); durations count completed sessions only. Every figure is an exact integer (bigint sums).
 */
export const METRIC_SQL: Record<MetricKey, SQL> = {
  sessions: sql`count(*)`,
  energyWh: sumOf(sql`${chargingSessions.energyWh}`),
  net: sumOf(sessionSettlements.netMinor),
  taxes: sumOf(sessionSettlements.taxMinor),
  gross: sumOf(sessionSettlements.grossMinor),
  discounts: sumOf(sessionSettlements.discountMinor),
  gatewayFees: sumOf(sessionSettlements.gatewayFeeMinor),
  platformCommission: sumOf(sessionSettlements.platformCommissionMinor),
  locationOwnerCommission: sumOf(sessionSettlements.locationOwnerCommissionMinor),
  durationTotal: sql`coalesce(round(sum(${completedSeconds}) filter (where ${completed})), 0)`,
  durationAverage: sql`round(avg(${completedSeconds}) filter (where ${completed}))`,
  idleTotal: sumOf(sql`${sessionSettlements.idleSeconds}`),
};

/** A settled session's currency; an unsettled one's organization's (its money figures are 0). */
export const CURRENCY_SQL = sql`coalesce(${sessionSettlements.currency}, ${organizations.currency})`;
