import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { chargers } from './chargers.js';
import { organizations } from './organizations.js';
import { sites } from './sites.js';
import { users } from './users.js';

/** Every condition an alert can watch. Later modules add theirs here (and a rule), nothing else. */
export const ALERT_RULE_TYPES = [
  'charger_offline',
  'connector_faulted',
  'heartbeat_missing',
  'connector_stuck',
  'session_abnormal_stop',
  'firmware_update_failed',
  'boot_loop',
  'authorization_failures',
  'site_idle',
  'underperforming',
  'invoice_overdue',
  'payment_failed',
  'contract_renewal',
  'profitability_threshold',
  'grid_stress',
] as const;
export type AlertRuleType = (typeof ALERT_RULE_TYPES)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** A rule's thresholds; which keys a rule reads is the rule's own business (modules/alerts/rules). */
export interface AlertThresholds {
  minutes?: number;
  count?: number;
  hours?: number;
  percent?: number;
  days?: number;
  /** underperforming: utilization over the window below this % is low on its own (0 = off). */
  minUtilizationPercent?: number;
  /** underperforming: net revenue over the window below this, in minor units of the organization's currency (0 = off). */
  minNetRevenueMinor?: number;
  statuses?: string[];
}

/**
 * A rule's settings for one organization, or (organization null) the platform default. A rule
 * with no row at either level runs with the defaults in code.
 */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    ruleType: text('rule_type', { enum: ALERT_RULE_TYPES }).notNull(),
    enabled: boolean('enabled').notNull().default(true),
    severity: text('severity', { enum: ALERT_SEVERITIES }).notNull().default('warning'),
    thresholds: jsonb('thresholds')
      .$type<AlertThresholds>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Minutes an alert may stay open and unacknowledged before the next recipients are told; null = never. */
    escalateAfterMinutes: integer('escalate_after_minutes'),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('alert_rules_org_type_uq')
      .on(t.organizationId, t.ruleType)
      .where(sql`${t.organizationId} IS NOT NULL`),
    uniqueIndex('alert_rules_platform_type_uq')
      .on(t.ruleType)
      .where(sql`${t.organizationId} IS NULL`),
  ],
);

/**
 * One alert per condition and object while it is not resolved (`condition_key`, e.g.
 * `charger_offline:<charger id>`): a repeat raises `occurrences`, never a second row.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'cascade' }),
    chargerId: uuid('charger_id').references(() => chargers.id, { onDelete: 'cascade' }),
    connectorId: integer('connector_id'),
    ruleType: text('rule_type', { enum: ALERT_RULE_TYPES }).notNull(),
    conditionKey: text('condition_key').notNull(),
    severity: text('severity', { enum: ALERT_SEVERITIES }).notNull(),
    status: text('status', { enum: ALERT_STATUSES }).notNull().default('open'),
    title: text('title').notNull(),
    /** What the rule saw: error code, vendor info, offline since, counts (shown on the alert's page). */
    detail: jsonb('detail')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Other objects an alert is about (invoice, session, payment), for its link. */
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    occurrences: integer('occurrences').notNull().default(1),
    firstRaisedAt: timestamp('first_raised_at', { withTimezone: true }).notNull().defaultNow(),
    lastRaisedAt: timestamp('last_raised_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** `auto` when the condition cleared (charger back online), `manual` when a person resolved it. */
    resolution: text('resolution', { enum: ['auto', 'manual'] }),
    /**
     * Resolved by hand while its condition may still be true: the periodic checks leave it resolved
     * until they see the condition clear (then the hold lifts), instead of reopening it each minute.
     */
    heldByHand: boolean('held_by_hand').notNull().default(false),
    /** How many times it was escalated, and when last. */
    escalationLevel: integer('escalation_level').notNull().default(0),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('alerts_unresolved_condition_uq')
      .on(t.conditionKey)
      .where(sql`${t.status} <> 'resolved'`),
    index('alerts_org_status_idx').on(t.organizationId, t.status, t.lastRaisedAt),
    index('alerts_charger_idx').on(t.chargerId),
    index('alerts_raised_idx').on(t.lastRaisedAt),
    index('alerts_held_idx')
      .on(t.ruleType, t.conditionKey)
      .where(sql`${t.heldByHand}`),
  ],
);

/** An alert's history: raised, repeated, acknowledged, escalated, resolved — who and when. */
export const alertEvents = pgTable(
  'alert_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['raised', 'repeated', 'acknowledged', 'escalated', 'resolved', 'reopened'] }).notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.at)],
);

/** While a window is on, availability alerts for its charger (or every charger of its site) are muted. */
export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'cascade' }),
    chargerId: uuid('charger_id').references(() => chargers.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('maintenance_windows_charger_idx').on(t.chargerId, t.endsAt),
    index('maintenance_windows_site_idx').on(t.siteId, t.endsAt),
  ],
);
