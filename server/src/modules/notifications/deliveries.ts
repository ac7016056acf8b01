import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { notificationDeliveries, notifications, pushSubscriptions } from '../../db/schema/index.js';
import { notFound } from '../../errors.js';

/**
 * `a***@example.com`: enough for the owner to recognise the address, not enough to read it off a
 * shared screen. The domain stays whole (it says which mailbox provider refused or took it).
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

type Delivery = typeof notificationDeliveries.$inferSelect;

/** Where a delivery went, in words a user recognises: a masked address, or the browser it was pushed to. */
function targetLabel(row: Delivery, userAgents: ReadonlyMap<string, string | null>): string | null {
  if (row.target === null) return null;
  if (row.channel === 'email') return maskEmail(row.target);
  if (row.channel === 'web_push') {
    // A subscription the push service expired is deleted: its row keeps only the id.
    if (!userAgents.has(row.target)) return 'a browser no longer subscribed';
    return userAgents.get(row.target) ?? 'a browser';
  }
  return 'a device';
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Rows for the API: never the raw target (an address, a push endpoint's id) nor the provider's reply. */
export async function describeDeliveries(db: Executor, rows: Delivery[]) {
  const subscriptionIds = [...new Set(rows.filter((r) => r.channel === 'web_push' && r.target).map((r) => r.target!))];
  const subscriptions = subscriptionIds.length
    ? await db
        .select({ id: pushSubscriptions.id, userAgent: pushSubscriptions.userAgent })
        .from(pushSubscriptions)
        .where(inArray(pushSubscriptions.id, subscriptionIds))
    : [];
  const userAgents = new Map(subscriptions.map((s) => [s.id, s.userAgent]));
  return rows.map((row) => ({
    id: row.id,
    notificationId: row.notificationId,
    channel: row.channel,
    target: targetLabel(row, userAgents),
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: iso(row.sentAt),
    dueAt: iso(row.dueAt),
  }));
}

/**
 * Each delivery of one of the user's own notifications (its own rows and any digest that carried
 * it), in the order they were made. Another
 * user's notification is 404 like one that does not exist: its existence is not revealed.
 */
export async function listDeliveries(db: Executor, userId: string, notificationId: string) {
  const [note] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.id, notificationId), eq(notifications.userId, userId)));
  if (!note) throw notFound('Notification');
  const rows = await db
    .select()
    .from(notificationDeliveries)
    .where(
      and(
        eq(notificationDeliveries.userId, userId),
        // A digest's row names all the notifications it carried.
        or(
          eq(notificationDeliveries.notificationId, notificationId),
          sql`${notificationDeliveries.notificationIds} @> ${JSON.stringify([notificationId])}::jsonb`,
        ),
      ),
    )
    .orderBy(asc(notificationDeliveries.createdAt), asc(notificationDeliveries.channel), desc(notificationDeliveries.id));
  return { items: await describeDeliveries(db, rows) };
}
