import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations } from './organizations.js';
import { users } from './users.js';

export const GRID_FEED_KINDS = ['simulated', 'mqtt', 'http'] as const;
export const GRID_HEALTH_LEVELS = ['normal', 'alert', 'emergency'] as const;

/**
 * A source of grid readings for an organization: a built-in simulation, an MQTT topic or a JSON
 * endpoint polled over HTTP. Sites react to the health of the feed their load management names.
 */
export const gridFeeds = pgTable(
  'grid_feeds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: GRID_FEED_KINDS }).notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Where to read: { url, topic } for MQTT, { url, pollSeconds } for HTTP, { seed } for the simulation. */
    settings: jsonb('settings')
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Where each reading field is in a message (dotted paths); fields not named are read under their own name. */
    mapping: jsonb('mapping')
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** The MQTT password or the HTTP Authorization header, encrypted with the secrets key; null for none. */
    secretCiphertext: text('secret_ciphertext'),
    thresholds: jsonb('thresholds')
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** No reading for this long and the feed is stale: shown as stale, never as healthy. */
    staleAfterSeconds: integer('stale_after_seconds').notNull().default(30),
    health: text('health', { enum: GRID_HEALTH_LEVELS }).notNull().default('normal'),
    healthSince: timestamp('health_since', { withTimezone: true }).notNull().defaultNow(),
    healthReason: text('health_reason'),
    lastReadingAt: timestamp('last_reading_at', { withTimezone: true }),
    badReadings: integer('bad_readings').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('grid_feeds_organization_idx').on(t.organizationId)],
);

/** The readings of a feed, one per moment (instances that receive the same message store it once). */
export const gridReadings = pgTable(
  'grid_readings',
  {
    feedId: uuid('feed_id')
      .notNull()
      .references(() => gridFeeds.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    frequencyHz: numeric('frequency_hz', { precision: 6, scale: 3 }),
    demandMw: numeric('demand_mw', { precision: 12, scale: 2 }),
    generationMw: numeric('generation_mw', { precision: 12, scale: 2 }),
    reserveMarginPercent: numeric('reserve_margin_percent', { precision: 7, scale: 2 }),
    renewablePercent: numeric('renewable_percent', { precision: 5, scale: 2 }),
    carbonGPerKwh: numeric('carbon_g_per_kwh', { precision: 7, scale: 1 }),
    thermalMw: numeric('thermal_mw', { precision: 12, scale: 2 }),
    hydroMw: numeric('hydro_mw', { precision: 12, scale: 2 }),
    solarMw: numeric('solar_mw', { precision: 12, scale: 2 }),
    windMw: numeric('wind_mw', { precision: 12, scale: 2 }),
  },
  (t) => [primaryKey({ columns: [t.feedId, t.at] })],
);

/** Messages a feed sent that were not readings (malformed, out of range), with the reason: the newest kept. */
export const gridBadReadings = pgTable(
  'grid_bad_readings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    feedId: uuid('feed_id')
      .notNull()
      .references(() => gridFeeds.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    reason: text('reason').notNull(),
    /** The message as received, cut to 2,000 characters. */
    raw: text('raw').notNull(),
  },
  (t) => [index('grid_bad_readings_feed_idx').on(t.feedId, t.at)],
);

/** Each change of a feed's health, at the reading that made it (one row however many instances saw it). */
export const gridHealthChanges = pgTable(
  'grid_health_changes',
  {
    feedId: uuid('feed_id')
      .notNull()
      .references(() => gridFeeds.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    health: text('health', { enum: GRID_HEALTH_LEVELS }).notNull(),
    previous: text('previous', { enum: GRID_HEALTH_LEVELS }).notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.feedId, t.at] })],
);
