import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { chargers } from './chargers.js';
import { organizations } from './organizations.js';
import { sites } from './sites.js';
import { users } from './users.js';

/** OCPP 1.6 transaction ids are integers assigned by the central system (OCPP 1.6 §6.46); one sequence for all chargers. */
/** A session's money: held at start, captured (or debited from the wallet) after settlement, or failed. */
export const SESSION_PAYMENT_STATUSES = [
  'held',
  'hold_declined',
  'hold_unknown',
  'capturing',
  'captured',
  'payment_failed',
  'wallet_debited',
  'voided',
] as const;
export type SessionPaymentStatus = (typeof SESSION_PAYMENT_STATUSES)[number];

export const ocppTransactionNo = pgSequence('ocpp_transaction_no', { startWith: 1, maxValue: 2147483647 });

/** RFID cards, app tokens and fleet-vehicle tokens that may start charging at an organization's chargers. */
export const idTokens = pgTable(
  'id_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    /** The idTag (1.6, CiString20) or idToken (2.0.1, CiString36): matched case-insensitively. */
    token: text('token').notNull(),
    kind: text('kind', { enum: ['rfid', 'app', 'vehicle'] }).notNull(),
    label: text('label'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    vehicleRef: text('vehicle_ref'),
    /** A free label grouping tokens (a fleet, a department) that messages and reports can address. */
    tokenGroup: text('token_group'),
    status: text('status', { enum: ['active', 'blocked'] })
      .notNull()
      .default('active'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('id_tokens_org_token_uq').on(t.organizationId, sql`upper(${t.token})`),
    index('id_tokens_token_idx').on(sql`upper(${t.token})`),
  ],
);

/** What the central system knows about a registered charger's link: online, since when, which protocol. */
export const chargerConnections = pgTable('charger_connections', {
  chargerId: uuid('charger_id')
    .primaryKey()
    .references(() => chargers.id, { onDelete: 'cascade' }),
  online: boolean('online').notNull().default(false),
  protocol: text('protocol'),
  registrationStatus: text('registration_status', { enum: ['Accepted', 'Pending', 'Rejected'] }),
  heartbeatIntervalSeconds: integer('heartbeat_interval_seconds').notNull(),
  remoteAddress: text('remote_address'),
  connectedAt: timestamp('connected_at', { withTimezone: true }),
  lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
  lastBootAt: timestamp('last_boot_at', { withTimezone: true }),
  offlineSince: timestamp('offline_since', { withTimezone: true }),
  firmwareStatus: text('firmware_status'),
  diagnosticsStatus: text('diagnostics_status'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

const statusColumns = {
  chargerId: uuid('charger_id')
    .notNull()
    .references(() => chargers.id, { onDelete: 'cascade' }),
  /** 2.0.1 EVSE id; for 1.6 the connector id (each 1.6 connector acts as an EVSE), 0 for the whole charger. */
  evseId: integer('evse_id').notNull(),
  connectorId: integer('connector_id').notNull(),
  status: text('status').notNull(),
  errorCode: text('error_code'),
  info: text('info'),
  vendorId: text('vendor_id'),
  vendorErrorCode: text('vendor_error_code'),
  /** When the charger says the status began (its timestamp, or the receive time when it sends none). */
  at: timestamp('at', { withTimezone: true }).notNull(),
};

export const connectorStatuses = pgTable(
  'connector_statuses',
  { ...statusColumns, updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow() },
  (t) => [primaryKey({ name: 'connector_statuses_pk', columns: [t.chargerId, t.evseId, t.connectorId] })],
);

export const connectorStatusHistory = pgTable(
  'connector_status_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ...statusColumns,
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('connector_status_history_charger_at_idx').on(t.chargerId, t.at)],
);

export const chargingSessions = pgTable(
  'charging_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    chargerId: uuid('charger_id')
      .notNull()
      .references(() => chargers.id, { onDelete: 'restrict' }),
    protocol: text('protocol').notNull(),
    /** 1.6: the integer we assigned, as text; 2.0.1: the charger's own id. */
    transactionId: text('transaction_id').notNull(),
    evseId: integer('evse_id'),
    connectorId: integer('connector_id'),
    idTag: text('id_tag'),
    idTokenId: uuid('id_token_id').references(() => idTokens.id, { onDelete: 'set null' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    vehicleRef: text('vehicle_ref'),
    authorizationStatus: text('authorization_status'),
    remoteStartId: integer('remote_start_id'),
    status: text('status', { enum: ['active', 'completed'] })
      .notNull()
      .default('active'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
    startedOffline: boolean('started_offline').notNull().default(false),
    meterStartWh: bigint('meter_start_wh', { mode: 'number' }),
    meterStopWh: bigint('meter_stop_wh', { mode: 'number' }),
    /** Sum of the non-negative steps of the energy register: never negative (see domain/meter.ts). */
    energyWh: bigint('energy_wh', { mode: 'number' }).notNull().default(0),
    lastRegisterWh: bigint('last_register_wh', { mode: 'number' }),
    lastRegisterAt: timestamp('last_register_at', { withTimezone: true }),
    powerW: numeric('power_w', { precision: 14, scale: 3 }),
    currentA: numeric('current_a', { precision: 10, scale: 3 }),
    voltageV: numeric('voltage_v', { precision: 10, scale: 3 }),
    socPercent: numeric('soc_percent', { precision: 6, scale: 2 }),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull(),
    stopReason: text('stop_reason'),
    stopIdTag: text('stop_id_tag'),
    closedBy: text('closed_by', { enum: ['charger', 'boot', 'timeout', 'superseded'] }),
    flagged: boolean('flagged').notNull().default(false),
    flagReason: text('flag_reason'),
    /** Where collecting the session's money stands (modules/payments; null: nothing to collect through a gateway or wallet). */
    paymentStatus: text('payment_status', { enum: SESSION_PAYMENT_STATUSES }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('charging_sessions_charger_tx_uq').on(t.chargerId, t.transactionId),
    index('charging_sessions_org_started_idx').on(t.organizationId, t.startedAt),
    index('charging_sessions_charger_started_idx').on(t.chargerId, t.startedAt),
    index('charging_sessions_active_idx').on(t.status, t.lastActivityAt),
    // A site's running sessions (load management reads them on every change at the site).
    index('charging_sessions_site_active_idx')
      .on(t.siteId)
      .where(sql`${t.status} = 'active'`),
  ],
);

export const meterSamples = pgTable(
  'meter_samples',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chargerId: uuid('charger_id')
      .notNull()
      .references(() => chargers.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id').references(() => chargingSessions.id, { onDelete: 'cascade' }),
    evseId: integer('evse_id'),
    connectorId: integer('connector_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    measurand: text('measurand').notNull(),
    phase: text('phase'),
    location: text('location'),
    context: text('context'),
    /** Normalised to the base unit: Wh, W, A, V, %, … */
    value: numeric('value', { precision: 20, scale: 4 }).notNull(),
    unit: text('unit').notNull(),
    /** The charger's timestamp was far from the server clock or ran backwards (stored as sent; see docs/ocpp.md). */
    clockSkew: boolean('clock_skew').notNull().default(false),
  },
  (t) => [
    /**
     * One sample per reading: a MeterValues the charger resends (its answer was lost) is not stored
     * twice. Samples without a session are told apart by charger and EVSE (NULLS NOT DISTINCT).
     * Leading with (session, at), it also serves the session's chart and settlement reads.
     */
    unique('meter_samples_reading_uq')
      .on(t.sessionId, t.at, t.measurand, t.phase, t.context, t.location, t.chargerId, t.evseId)
      .nullsNotDistinct(),
    index('meter_samples_charger_at_idx').on(t.chargerId, t.at),
  ],
);

/**
 * The ID token sent with each 2.0.1 RequestStartTransaction: the station's Started event may carry
 * only the remoteStartId (F02), and the session still belongs to that token.
 */
export const remoteStarts = pgTable(
  'remote_starts',
  {
    chargerId: uuid('charger_id')
      .notNull()
      .references(() => chargers.id, { onDelete: 'cascade' }),
    remoteStartId: integer('remote_start_id').notNull(),
    idTag: text('id_tag').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'remote_starts_pk', columns: [t.chargerId, t.remoteStartId] })],
);

/** Every OCPP frame in and out, for the charger's message log (raw text, truncated). */
export const ocppMessages = pgTable(
  'ocpp_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chargerId: uuid('charger_id').references(() => chargers.id, { onDelete: 'cascade' }),
    identity: text('identity').notNull(),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    messageType: integer('message_type'),
    messageId: text('message_id'),
    action: text('action'),
    payload: text('payload').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('ocpp_messages_charger_at_idx').on(t.chargerId, t.at),
    index('ocpp_messages_identity_at_idx').on(t.identity, t.at),
  ],
);

/**
 * Firmware, diagnostics/log, security and data-transfer notifications: kept as they came. Also each
 * registered charger's boot (`boot`, status Accepted/Rejected) and each ID token refused at it
 * (`authorization_refused`, status as answered, the token masked): what the boot-loop and
 * authorization-failure alerts count, per charger through charger_events_charger_at_idx.
 */
export const chargerEvents = pgTable(
  'charger_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chargerId: uuid('charger_id').references(() => chargers.id, { onDelete: 'cascade' }),
    identity: text('identity').notNull(),
    kind: text('kind', {
      enum: [
        'firmware_status',
        'diagnostics_status',
        'log_status',
        'security_event',
        'data_transfer',
        'notify_event',
        'boot',
        'authorization_refused',
      ],
    }).notNull(),
    status: text('status'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('charger_events_charger_at_idx').on(t.chargerId, t.at)],
);

/** Identities that connected without being registered, waiting for an Admin to claim them. */
export const unclaimedChargers = pgTable(
  'unclaimed_chargers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ocppIdentity: text('ocpp_identity').notNull(),
    protocol: text('protocol'),
    vendor: text('vendor'),
    model: text('model'),
    serialNumber: text('serial_number'),
    firmwareVersion: text('firmware_version'),
    remoteAddress: text('remote_address'),
    /** Hash of the password it first presented (trust on first use); carried to the charger when claimed. */
    passwordHash: text('password_hash'),
    bootCount: integer('boot_count').notNull().default(0),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('unclaimed_chargers_identity_uq').on(t.ocppIdentity)],
);

/**
 * Identities a platform user rejected from the unclaimed list: refused at the upgrade and not
 * remembered again, until forgiven (the row deleted).
 */
export const rejectedChargers = pgTable(
  'rejected_chargers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ocppIdentity: text('ocpp_identity').notNull(),
    protocol: text('protocol'),
    vendor: text('vendor'),
    model: text('model'),
    remoteAddress: text('remote_address'),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    rejectedAt: timestamp('rejected_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // OCPP identities are compared without case at the upgrade (as for chargers).
  (t) => [uniqueIndex('rejected_chargers_identity_uq').on(sql`lower(${t.ocppIdentity})`)],
);

/** Refused WebSocket upgrades: counted per address for rate limiting, kept for the security log. */
export const ocppAuthFailures = pgTable(
  'ocpp_auth_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    identity: text('identity').notNull(),
    remoteAddress: text('remote_address').notNull(),
    reason: text('reason', { enum: ['unknown_identity', 'bad_password', 'no_password', 'rejected'] }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ocpp_auth_failures_address_at_idx').on(t.remoteAddress, t.at)],
);
