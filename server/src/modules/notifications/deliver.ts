import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { type NotificationChannel, driverMessages, notificationDeliveries, notifications, users } from '../../db/schema/index.js';
import { enqueueJob } from '../../jobs/queries.js';
import type { ChannelAdapter } from './channels/types.js';
import type { DeliveryContext } from './context.js';
import { HELD_DIGEST, digestDueAt, goesInDigest } from './digest.js';
import { type Preferences, loadPreferences, quietHoursEnd } from './preferences.js';

type Notification = typeof notifications.$inferSelect;

/** The one key of a notification's delivery on a channel (a second target of the channel adds its id). */
export const deliveryKey = (notificationId: string, channel: NotificationChannel, targetId?: string) =>
  targetId === undefined ? `${notificationId}:${channel}` : `${notificationId}:${channel}:${targetId}`;

export const sendDeliveryKey = (deliveryId: string) => `send-delivery:${deliveryId}`;

/** The reasons a delivery is not sent, as stored on its row. */
export const SKIP_REASONS = {
  alertType: 'alert type not chosen',
  marketing: 'opted out of marketing',
  noAddress: 'no address',
  disabled: 'account disabled',
  noSmtp: 'no SMTP server configured',
  noChannel: 'channel not available on this server',
} as const;

export const HELD_QUIET_HOURS = 'quiet hours';

/**
 * Critical alerts go out during quiet hours: they are what someone on call must hear about at
 * night (a site down, a charger on fire), and a user who wants silence can leave the alert type out.
 * Everything else waits until the quiet period ends.
 */
export const bypassesQuietHours = (note: Pick<Notification, 'category' | 'severity'>) =>
  note.category === 'alert' && note.severity === 'critical';

type Plan =
  | { status: 'skipped'; reason: string }
  | { status: 'held'; dueAt: Date; reason: string; targets: { id: string }[] }
  | { status: 'queued'; targets: { id: string }[] };

/** Why the user does not want this notification outside the app at all, or null. */
function unwanted(note: Notification, prefs: Preferences): string | null {
  if (note.category === 'alert' && prefs.alertTypes !== null && !prefs.alertTypes.includes(note.type)) {
    return SKIP_REASONS.alertType;
  }
  // `service` (the driver's own sessions) and alerts cannot be opted out of this way.
  if (note.category === 'marketing' && prefs.marketingOptOut) return SKIP_REASONS.marketing;
  return null;
}

async function plan(
  tx: Executor,
  note: Notification,
  user: { disabled: boolean },
  prefs: Preferences,
  channel: NotificationChannel,
  adapter: ChannelAdapter | undefined,
  now: Date,
): Promise<Plan> {
  const notWanted = unwanted(note, prefs);
  if (notWanted) return { status: 'skipped', reason: notWanted };
  if (!adapter) return { status: 'skipped', reason: channel === 'email' ? SKIP_REASONS.noSmtp : SKIP_REASONS.noChannel };
  if (user.disabled) return { status: 'skipped', reason: SKIP_REASONS.disabled };
  const targets = await adapter.targets(tx, note.userId);
  if (targets.length === 0) return { status: 'skipped', reason: SKIP_REASONS.noAddress };
  if (goesInDigest(note, prefs)) return { status: 'held', dueAt: digestDueAt(now, prefs), reason: HELD_DIGEST, targets };
  const until = bypassesQuietHours(note) ? null : quietHoursEnd(now, prefs.quietHoursStart, prefs.quietHoursEnd, prefs.timeZone);
  if (until) return { status: 'held', dueAt: until, reason: HELD_QUIET_HOURS, targets };
  return { status: 'queued', targets };
}

/**
 * The channels a notification goes out on: the user's choice, and for a message to drivers only
 * those of them its author chose too (a message sent "in the app only" sends no e-mail).
 */
async function channelsFor(tx: Executor, note: Notification, prefs: Preferences): Promise<readonly NotificationChannel[]> {
  if (!note.messageId) return prefs.channels;
  const [message] = await tx
    .select({ channels: driverMessages.channels })
    .from(driverMessages)
    .where(eq(driverMessages.id, note.messageId));
  const chosen = message?.channels ?? [];
  return prefs.channels.filter((channel) => chosen.includes(channel));
}

/**
 * The `deliver-notification` job: one `notification_deliveries` row per channel the user wants
 * (and per target of it), with its `send-delivery` job in the same transaction. The rows' keys make
 * a second run (the job retried after a crash) add nothing. Returns how many sends were queued.
 */
export async function deliverNotification(ctx: DeliveryContext, notificationId: string, now = new Date()): Promise<number> {
  const queued = await ctx.db.transaction(async (tx) => {
    const [note] = await tx.select().from(notifications).where(eq(notifications.id, notificationId));
    if (!note) return 0; // deleted with its user meanwhile: nothing to deliver
    const [user] = await tx.select({ disabled: users.disabled }).from(users).where(eq(users.id, note.userId));
    if (!user) return 0;
    const prefs = await loadPreferences(tx, note.userId);
    let sends = 0;
    for (const channel of await channelsFor(tx, note, prefs)) {
      const adapter = ctx.channels.find((a) => a.channel === channel);
      const decided = await plan(tx, note, user, prefs, channel, adapter, now);
      const base = { userId: note.userId, notificationId: note.id, notificationIds: [note.id], channel };
      if (decided.status === 'skipped') {
        await tx
          .insert(notificationDeliveries)
          .values({ ...base, status: 'skipped', reason: decided.reason, idempotencyKey: deliveryKey(note.id, channel) })
          .onConflictDoNothing({ target: notificationDeliveries.idempotencyKey });
        continue;
      }
      const several = decided.targets.length > 1;
      for (const target of decided.targets) {
        const [row] = await tx
          .insert(notificationDeliveries)
          .values({
            ...base,
            target: target.id,
            status: decided.status,
            reason: decided.status === 'held' ? decided.reason : null,
            dueAt: decided.status === 'held' ? decided.dueAt : null,
            idempotencyKey: deliveryKey(note.id, channel, several ? target.id : undefined),
          })
          .onConflictDoNothing({ target: notificationDeliveries.idempotencyKey })
          .returning({ id: notificationDeliveries.id });
        // An existing row (a second run) already has its send job, or is held for the tick.
        if (!row || decided.status !== 'queued') continue;
        await enqueueJob(tx, {
          kind: 'send-delivery',
          payload: { deliveryId: row.id },
          dedupeKey: sendDeliveryKey(row.id),
          organizationId: note.organizationId,
        });
        sends++;
      }
    }
    return sends;
  });
  if (queued > 0) ctx.wake();
  return queued;
}
