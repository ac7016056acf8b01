import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { chargers } from './chargers.js';
import { gridFeeds } from './grid.js';
import { chargingSessions } from './ocpp.js';
import { sites } from './sites.js';
import { users } from './users.js';

export const LOAD_STRATEGIES = ['equal-share', 'priority', 'first-come'] as const;

/** A site's load management: how its limit is shared among the sessions charging there. */
export const siteLoadManagement = pgTable('site_load_management', {
  siteId: uuid('site_id')
    .primaryKey()
    .references(() => sites.id, { onDelete: 'cascade' }),
  enabled: boolean('enabled').notNull().default(false),
  /** An operating limit below the grid connection's; null = the site's grid limit. */
  limitKw: numeric('limit_kw', { precision: 12, scale: 3 }),
  strategy: text('strategy', { enum: LOAD_STRATEGIES }).notNull().default('equal-share'),
  /** Below this a session is paused rather than starved. */
  minimumKw: numeric('minimum_kw', { precision: 10, scale: 3 }).notNull().default('4.2'),
  phases: integer('phases').notNull().default(3),
  voltageV: integer('voltage_v').notNull().default(230),
  /** The unit the limits are sent in: amperes per phase (what most 1.6 chargers take) or watts. */
  rateUnit: text('rate_unit', { enum: ['A', 'W'] })
    .notNull()
    .default('A'),
  /** ID-token groups served first by the priority strategy, highest first. */
  priorityGroups: text('priority_groups')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** The grid feed whose health this site reacts to; null = none. */
  gridFeedId: uuid('grid_feed_id').references(() => gridFeeds.id, { onDelete: 'set null' }),
  /** The limit is lowered by these percentages while the grid is in alert, and in emergency. */
  gridAlertReductionPercent: integer('grid_alert_reduction_percent').notNull().default(0),
  gridEmergencyReductionPercent: integer('grid_emergency_reduction_percent').notNull().default(0),
  /** In a grid emergency only the priority groups' sessions charge; the others are paused. */
  gridEmergencyPriorityOnly: boolean('grid_emergency_priority_only').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
});

/**
 * The limit load management last asked of each running session, and the charger's answer: the
 * baseline the next change is compared with, and what the site's energy page shows.
 */
export const loadAllocations = pgTable(
  'load_allocations',
  {
    sessionId: uuid('session_id')
      .primaryKey()
      .references(() => chargingSessions.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    chargerId: uuid('charger_id')
      .notNull()
      .references(() => chargers.id, { onDelete: 'cascade' }),
    limitW: integer('limit_w').notNull(),
    paused: boolean('paused').notNull(),
    /** Accepted, Rejected, NotSupported, or what went wrong sending it (offline, timeout). */
    answer: text('answer').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('load_allocations_site_idx').on(t.siteId)],
);

/**
 * Chargers that refused a load-management profile (or cannot take one): counted at their full power
 * until one is accepted again.
 */
export const loadRefusals = pgTable('load_refusals', {
  chargerId: uuid('charger_id')
    .primaryKey()
    .references(() => chargers.id, { onDelete: 'cascade' }),
  siteId: uuid('site_id')
    .notNull()
    .references(() => sites.id, { onDelete: 'cascade' }),
  answer: text('answer').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * What happened to a site's limit, for its energy page: settings changed, a charger refusing
 * limits, the grid lowering or restoring the limit. The newest 500 per site are kept.
 */
export const loadEvents = pgTable(
  'load_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    kind: text('kind', { enum: ['settings', 'refused', 'grid'] }).notNull(),
    message: text('message').notNull(),
    /** The charger an event is about (a refusal): shown only to those who reach it. */
    chargerId: uuid('charger_id').references(() => chargers.id, { onDelete: 'cascade' }),
    detail: jsonb('detail')
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [index('load_events_site_at_idx').on(t.siteId, t.at)],
);
