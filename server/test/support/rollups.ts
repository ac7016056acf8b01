import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { rows } from './ocpp.js';

/**
 * The rollup grains `addToDailyRollup` keeps, each read back with its key as text, and the same key and
 * figures computed by a GROUP BY of the raw settlements in each organization's current time zone: what
 * every grain must equal.
 */
const FIGURES = [
  'sessions',
  'energy_wh',
  'duration_seconds',
  'idle_seconds',
  'net_minor',
  'tax_minor',
  'gross_minor',
  'gateway_fee_minor',
  'platform_commission_minor',
  'location_owner_commission_minor',
  'partner_share_minor',
  'energy_cost_minor',
  'margin_minor',
];

const RAW_FIGURES: Record<string, string> = {
  sessions: 'count(*)',
  duration_seconds: 'sum(round(extract(epoch FROM s.stopped_at - s.started_at)))',
};
const rawSums = FIGURES.map((f) => `${RAW_FIGURES[f] ?? `sum(s.${f})`}::text AS ${f}`).join(', ');
const storedFigures = FIGURES.map((f) => `${f}::text AS ${f}`).join(', ');
const LOCAL = `(s.stopped_at AT TIME ZONE o.time_zone)`;

export const GRAINS = {
  settlement_daily_rollups: {
    key: `charger_id::text || ' ' || local_date::text || ' ' || currency`,
    raw: `s.charger_id::text || ' ' || ${LOCAL}::date::text || ' ' || s.currency`,
  },
  settlement_monthly_rollups: {
    key: `charger_id::text || ' ' || local_month::text || ' ' || currency`,
    raw: `s.charger_id::text || ' ' || date_trunc('month', ${LOCAL})::date::text || ' ' || s.currency`,
  },
  organization_daily_rollups: {
    key: `organization_id::text || ' ' || local_date::text || ' ' || currency`,
    raw: `s.organization_id::text || ' ' || ${LOCAL}::date::text || ' ' || s.currency`,
  },
  organization_monthly_rollups: {
    key: `organization_id::text || ' ' || local_month::text || ' ' || currency`,
    raw: `s.organization_id::text || ' ' || date_trunc('month', ${LOCAL})::date::text || ' ' || s.currency`,
  },
  organization_hourly_rollups: {
    key: `organization_id::text || ' ' || extract(epoch FROM hour_start)::bigint::text || ' ' || currency`,
    raw: `s.organization_id::text || ' ' || (floor(extract(epoch FROM s.stopped_at) / 3600) * 3600)::bigint::text || ' ' || s.currency`,
  },
} as const;
export type Grain = keyof typeof GRAINS;
export const GRAIN_NAMES = Object.keys(GRAINS) as Grain[];

/** Only the organization's rows when `organizationId` is given (a literal UUID from the test's own data). */
const only = (column: string, organizationId?: string) =>
  organizationId ? `WHERE ${column} = '${organizationId.replace(/[^0-9a-f-]/gi, '')}'` : '';

/** A grain's stored rows, ordered by key. */
export async function storedRollups(db: Db, grain: Grain, organizationId?: string) {
  return rows(
    db,
    sql.raw(
      `SELECT ${GRAINS[grain].key} AS key, ${storedFigures} FROM ${grain} ${only('organization_id', organizationId)} ORDER BY 1`,
    ),
  );
}

/** The same grain computed from `session_settlements` in the organizations' current zones, ordered by key. */
export async function rawRollups(db: Db, grain: Grain, organizationId?: string) {
  return rows(
    db,
    sql.raw(`SELECT ${GRAINS[grain].raw} AS key, ${rawSums}
      FROM session_settlements s JOIN organizations o ON o.id = s.organization_id ${only('s.organization_id', organizationId)}
      GROUP BY 1 ORDER BY 1`),
  );
}
