/**
 * What a report can be built from (docs/reports.md): the dimensions rows are grouped by and the
 * metrics added up per row. Pure data; the SQL for each lives in modules/reports/sql.ts.
 */
export const DIMENSION_KEYS = [
  'organization',
  'site',
  'charger',
  'connectorType',
  'tariff',
  'tokenGroup',
  'day',
  'week',
  'month',
  'weekday',
  'hourOfDay',
] as const;
export type DimensionKey = (typeof DIMENSION_KEYS)[number];

export const METRIC_KEYS = [
  'sessions',
  'energyWh',
  'net',
  'taxes',
  'gross',
  'discounts',
  'gatewayFees',
  'platformCommission',
  'locationOwnerCommission',
  'durationTotal',
  'durationAverage',
  'idleTotal',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** count: a number of sessions; wh: watt-hours (shown as kWh); minor: money in minor units of the row's currency. */
export type MetricUnit = 'count' | 'wh' | 'minor' | 'seconds';
/** calendar: a local day/week/month of the session's start; cyclic: a weekday or hour of any day. */
export type DimensionKind = 'place' | 'attribute' | 'calendar' | 'cyclic';

export interface DimensionInfo {
  key: DimensionKey;
  label: string;
  kind: DimensionKind;
  description: string;
}
export interface MetricInfo {
  key: MetricKey;
  label: string;
  unit: MetricUnit;
  description: string;
}

export const DIMENSIONS: Record<DimensionKey, DimensionInfo> = {
  organization: { key: 'organization', label: 'Organization', kind: 'place', description: "the session's organization" },
  site: { key: 'site', label: 'Site', kind: 'place', description: 'the site the charger stands at' },
  charger: { key: 'charger', label: 'Charger', kind: 'place', description: 'the charger' },
  connectorType: {
    key: 'connectorType',
    label: 'Connector type',
    kind: 'attribute',
    description: 'the type of the connector used (Type2, CCS2, …); empty when the connector is not registered',
  },
  tariff: { key: 'tariff', label: 'Tariff', kind: 'attribute', description: 'the tariff the session was priced with' },
  tokenGroup: {
    key: 'tokenGroup',
    label: 'ID token group',
    kind: 'attribute',
    description: "the group label of the session's ID token (a fleet, a cost centre)",
  },
  day: { key: 'day', label: 'Day', kind: 'calendar', description: 'the local day the session started' },
  week: { key: 'week', label: 'Week', kind: 'calendar', description: 'the ISO week (its Monday) the session started' },
  month: { key: 'month', label: 'Month', kind: 'calendar', description: 'the local month the session started' },
  weekday: { key: 'weekday', label: 'Weekday', kind: 'cyclic', description: 'the local weekday the session started' },
  hourOfDay: { key: 'hourOfDay', label: 'Hour of day', kind: 'cyclic', description: 'the local hour the session started' },
};

const money = (key: MetricKey, label: string, description: string): MetricInfo => ({ key, label, unit: 'minor', description });

export const METRICS: Record<MetricKey, MetricInfo> = {
  sessions: { key: 'sessions', label: 'Sessions', unit: 'count', description: 'sessions started in the period' },
  energyWh: { key: 'energyWh', label: 'Energy', unit: 'wh', description: 'energy delivered' },
  net: money('net', 'Net', 'settled price before taxes, after discounts'),
  taxes: money('taxes', 'Taxes', 'taxes on the settled price'),
  gross: money('gross', 'Gross', 'settled price the driver pays'),
  discounts: money('discounts', 'Discounts', 'campaign discounts granted'),
  gatewayFees: money('gatewayFees', 'Gateway fees', 'payment gateway fees'),
  platformCommission: money('platformCommission', 'Platform commission', "the platform's commission"),
  locationOwnerCommission: money('locationOwnerCommission', 'Location-owner commission', "the location owner's share"),
  durationTotal: {
    key: 'durationTotal',
    label: 'Total duration',
    unit: 'seconds',
    description: 'plugged-in time of completed sessions',
  },
  durationAverage: {
    key: 'durationAverage',
    label: 'Average duration',
    unit: 'seconds',
    description: 'average plugged-in time of completed sessions (rounded to the second)',
  },
  idleTotal: { key: 'idleTotal', label: 'Idle time', unit: 'seconds', description: 'time plugged in after charging stopped' },
};

/** The operator's own figures (domain/operator-internals.ts): not for a scope of individual chargers (a location owner). */
export const OPERATOR_INTERNAL_METRICS: readonly MetricKey[] = ['gatewayFees', 'platformCommission'];

export const isDimensionKey = (key: string): key is DimensionKey => (DIMENSION_KEYS as readonly string[]).includes(key);
export const isMetricKey = (key: string): key is MetricKey => (METRIC_KEYS as readonly string[]).includes(key);
export const isMoneyMetric = (key: MetricKey): boolean => METRICS[key].unit === 'minor';
