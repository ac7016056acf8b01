import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations.js';

const minor = (name: string) =>
  bigint(name, { mode: 'bigint' })
    .notNull()
    .default(sql`0`);

/**
 * Per-charger daily sums of settled sessions, keyed by the local date of the session's end in the
 * organization's time zone (a session's revenue counts where it ends, FINANCE.md §3). Maintained in the
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
  },
  (t) => [
    primaryKey({ name: 'settlement_daily_rollups_pk', columns: [t.chargerId, t.localDate] }),
    index('settlement_daily_rollups_org_date_idx').on(t.organizationId, t.localDate),
    index('settlement_daily_rollups_site_date_idx').on(t.siteId, t.localDate),
  ],
);
