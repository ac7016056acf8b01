import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations.js';

const minor = (name: string) =>
  bigint(name, { mode: 'bigint' })
    .notNull()
    .default(sql`0`);

/** The figures every rollup grain adds up (the same columns, so one SELECT list reads any of them). */
const figureColumns = () => ({
  sessions: integer('sessions').notNull().default(0),
  energyWh: bigint('energy_wh', { mode: 'number' }).notNull().default(0),
  durationSeconds: bigint('duration_seconds', { mode: 'number' }).notNull().default(0),
  idleSeconds: bigint('idle_seconds', { mode: 'number' }).notNull().default(0),
  netMinor: minor('net_minor'),
  taxMinor: minor('tax_minor'),
  grossMinor: minor('gross_minor'),
  gatewayFeeMinor: minor('gateway_fee_minor'),
  platformCommissionMinor: minor('platform_commission_minor'),
  locationOwnerCommissionMinor: minor('location_owner_commission_minor'),
  partnerShareMinor: minor('partner_share_minor'),
  energyCostMinor: minor('energy_cost_minor'),
  marginMinor: minor('margin_minor'),
});

/**
 * Per-charger daily sums of settled sessions, keyed by the local date of the session's end in the
 * organization's time zone (a session's revenue counts where it ends, docs/finance.md §6). Maintained in the
 * same transaction as each settlement and each re-pricing adjustment, so analytics never scan raw sessions
 * for whole days; a test proves the sums equal a scan of `session_settlements`.
 */
export const settlementDailyRollups = pgTable(
  'settlement_daily_rollups',
  {
    chargerId: uuid('charger_id').notNull(),
    localDate: date('local_date').notNull(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    siteId: uuid('site_id').notNull(),
    currency: text('currency').notNull(),
    ...figureColumns(),
  },
  (t) => [
    primaryKey({ name: 'settlement_daily_rollups_pk', columns: [t.chargerId, t.localDate] }),
    index('settlement_daily_rollups_org_date_idx').on(t.organizationId, t.localDate),
    index('settlement_daily_rollups_site_date_idx').on(t.siteId, t.localDate),
  ],
);

/**
 * Per-charger monthly sums: `local_month` is the first day of the local month in the organization's
 * zone. Kept by `addToDailyRollup` in the same transaction as the daily row; always equal to the sum of
 * that charger's daily rows in the month (per currency: a month is long enough for an organization to
 * change its currency, and figures in two currencies must never be added). Long windows read whole months here instead of ~30 daily rows.
 */
export const settlementMonthlyRollups = pgTable(
  'settlement_monthly_rollups',
  {
    chargerId: uuid('charger_id').notNull(),
    localMonth: date('local_month').notNull(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    siteId: uuid('site_id').notNull(),
    currency: text('currency').notNull(),
    ...figureColumns(),
  },
  (t) => [
    primaryKey({ name: 'settlement_monthly_rollups_pk', columns: [t.chargerId, t.localMonth, t.currency] }),
    index('settlement_monthly_rollups_org_month_idx').on(t.organizationId, t.localMonth),
    index('settlement_monthly_rollups_site_month_idx').on(t.siteId, t.localMonth),
  ],
);

/**
 * Per-organization daily sums (all its chargers), per currency. For questions that are not per charger
 * or site and not limited to assigned chargers: network and organization totals read one row per
 * organization and day instead of one per charger and day.
 */
export const organizationDailyRollups = pgTable(
  'organization_daily_rollups',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    localDate: date('local_date').notNull(),
    currency: text('currency').notNull(),
    ...figureColumns(),
  },
  (t) => [primaryKey({ name: 'organization_daily_rollups_pk', columns: [t.organizationId, t.localDate, t.currency] })],
);

/** Per-organization monthly sums per currency (`local_month` = first local day of the month). */
export const organizationMonthlyRollups = pgTable(
  'organization_monthly_rollups',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    localMonth: date('local_month').notNull(),
    currency: text('currency').notNull(),
    ...figureColumns(),
  },
  (t) => [primaryKey({ name: 'organization_monthly_rollups_pk', columns: [t.organizationId, t.localMonth, t.currency] })],
);

/**
 * Per-organization sums per UTC hour (`hour_start`, the instant the hour begins) and currency. Rolling
 * windows (24h, 7d) start and end mid-day: their partial days are read as whole hours from here plus raw
 * settlements for the partial hours, so a network-wide question never scans a day of raw settlements.
 */
export const organizationHourlyRollups = pgTable(
  'organization_hourly_rollups',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    hourStart: timestamp('hour_start', { withTimezone: true }).notNull(),
    currency: text('currency').notNull(),
    ...figureColumns(),
  },
  (t) => [primaryKey({ name: 'organization_hourly_rollups_pk', columns: [t.organizationId, t.hourStart, t.currency] })],
);
