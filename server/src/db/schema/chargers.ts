import { sql } from 'drizzle-orm';
import { boolean, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations.js';
import { sites } from './sites.js';
import { users } from './users.js';

export const chargers = pgTable(
  'chargers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    ocppIdentity: text('ocpp_identity').notNull(),
    name: text('name').notNull(),
    vendor: text('vendor'),
    model: text('model'),
    serialNumber: text('serial_number'),
    firmwareVersion: text('firmware_version'),
    ocppPasswordHash: text('ocpp_password_hash'),
    adminStatus: text('admin_status', { enum: ['active', 'inactive', 'maintenance'] })
      .notNull()
      .default('active'),
    visible: boolean('visible').notNull().default(true),
    locationOwnerId: uuid('location_owner_id').references(() => users.id, { onDelete: 'set null' }),
    locationOwnerShare: numeric('location_owner_share', { precision: 9, scale: 6 }),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A retired charger's identity may be reused by its replacement; identities compare case-insensitively.
    uniqueIndex('chargers_ocpp_identity_uq')
      .on(sql`lower(${t.ocppIdentity})`)
      .where(sql`${t.retiredAt} IS NULL`),
    index('chargers_org_idx').on(t.organizationId),
    index('chargers_site_idx').on(t.siteId),
    index('chargers_location_owner_idx').on(t.locationOwnerId),
  ],
);

export const connectors = pgTable(
  'connectors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    chargerId: uuid('charger_id')
      .notNull()
      .references(() => chargers.id, { onDelete: 'cascade' }),
    evseId: integer('evse_id').notNull().default(1),
    connectorId: integer('connector_id').notNull(),
    type: text('type', { enum: ['Type2', 'CCS2', 'CHAdeMO', 'Type1', 'CCS1', 'GBT', 'Schuko'] }).notNull(),
    maxPowerKw: numeric('max_power_kw', { precision: 10, scale: 3 }).notNull(),
  },
  (t) => [uniqueIndex('connectors_charger_connector_uq').on(t.chargerId, t.connectorId)],
);
