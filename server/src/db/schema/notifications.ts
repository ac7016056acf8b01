import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { alerts } from './alerts.js';
import { organizations } from './organizations.js';
import { users } from './users.js';

export const NOTIFICATION_CHANNELS = ['email', 'web_push', 'mobile_push'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** `service` messages are about the driver's own sessions and cannot be opted out of; `marketing` can. */
export const NOTIFICATION_CATEGORIES = ['alert', 'service', 'marketing', 'report'] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

/** Messages composed for drivers (modules/driver-messages). */
export const driverMessages = pgTable(
  'driver_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    category: text('category', { enum: ['service', 'marketing'] }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    /**
     * Who receives it: { kind: 'drivers', userIds } | { kind: 'organization' } |
     * { kind: 'sites', siteIds, days } | { kind: 'token_groups', groups }.
     */
    audience: jsonb('audience').$type<Record<string, unknown>>().notNull(),
    channels: jsonb('channels')
      .$type<NotificationChannel[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    status: text('status', { enum: ['scheduled', 'sending', 'sent', 'cancelled'] })
      .notNull()
      .default('scheduled'),
    sendAt: timestamp('send_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    recipientCount: integer('recipient_count'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('driver_messages_org_idx').on(t.organizationId, t.createdAt)],
);

/**
 * One notification for one user: the in-app copy (the bell, the notification centre). Every
 * channel it also goes out on is a `notification_deliveries` row.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    category: text('category', { enum: NOTIFICATION_CATEGORIES }).notNull(),
    /** Alert rule type, or the message kind, for preferences and filters. */
    type: text('type').notNull(),
    alertId: uuid('alert_id').references(() => alerts.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').references(() => driverMessages.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    severity: text('severity'),
    /** Makes notifying idempotent: the same occasion for the same user is one row. */
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_dedupe_uq').on(t.userId, t.dedupeKey),
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_message_idx').on(t.messageId),
  ],
);

/** Each channel a notification (or a digest of several) goes out on, with its attempts and result. */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Null for a digest, which carries `notificationIds` instead. */
    notificationId: uuid('notification_id').references(() => notifications.id, { onDelete: 'cascade' }),
    notificationIds: jsonb('notification_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    /** Where it went: the e-mail address, the push subscription or device id. */
    target: text('target'),
    status: text('status', { enum: ['queued', 'held', 'sent', 'failed', 'skipped', 'digested'] })
      .notNull()
      .default('queued'),
    /**
     * Why `held` (quiet hours, digest) or `skipped` (no address, opted out, subscription gone).
     * `digested`: gathered into a digest's row (the one whose `notification_ids` holds it), which is sent instead.
     */
    reason: text('reason'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    providerReference: text('provider_reference'),
    idempotencyKey: text('idempotency_key').notNull(),
    /** When a held delivery is due (end of quiet hours, the digest's hour). */
    dueAt: timestamp('due_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notification_deliveries_key_uq').on(t.idempotencyKey),
    index('notification_deliveries_notification_idx').on(t.notificationId),
    index('notification_deliveries_user_idx').on(t.userId, t.createdAt),
    index('notification_deliveries_due_idx')
      .on(t.dueAt)
      .where(sql`${t.status} = 'held'`),
  ],
);

/** Per user: which alert types and channels, quiet hours in their zone, digest, marketing opt-out. */
export const notificationPreferences = pgTable('notification_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** Channels to use beyond in-app; empty = in-app only. */
  channels: jsonb('channels')
    .$type<NotificationChannel[]>()
    .notNull()
    .default(sql`'["email"]'::jsonb`),
  /** Alert rule types to be told about; null = all of them. */
  alertTypes: jsonb('alert_types').$type<string[] | null>(),
  /** "22:00" to "07:00" in `timeZone`: nothing goes out on e-mail or push then (held until the end). */
  quietHoursStart: text('quiet_hours_start'),
  quietHoursEnd: text('quiet_hours_end'),
  timeZone: text('time_zone').notNull().default('UTC'),
  digest: text('digest', { enum: ['off', 'hourly', 'daily'] })
    .notNull()
    .default('off'),
  marketingOptOut: boolean('marketing_opt_out').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A browser's Web Push subscription (RFC 8030 endpoint and RFC 8291 keys). */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('push_subscriptions_endpoint_uq').on(t.endpoint), index('push_subscriptions_user_idx').on(t.userId)],
);

/** A phone's FCM registration token. */
export const mobileDevices = pgTable(
  'mobile_devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fcmToken: text('fcm_token').notNull(),
    platform: text('platform', { enum: ['android', 'ios', 'web'] }).notNull(),
    label: text('label'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('mobile_devices_token_uq').on(t.fcmToken), index('mobile_devices_user_idx').on(t.userId)],
);

/** Keys the platform makes for itself on first start (the VAPID pair); the private half encrypted. */
export const platformKeys = pgTable('platform_keys', {
  name: text('name').primaryKey(),
  publicValue: text('public_value').notNull(),
  /** domain/secrets.ts ciphertext. */
  privateCiphertext: text('private_ciphertext').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
