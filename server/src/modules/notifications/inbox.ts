import { and, count, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { notifications } from '../../db/schema/index.js';
import { notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';

/**
 * A user's own in-app notifications (the notification centre), newest first; `messagesOnly`: only
 * messages composed for drivers (the portal's Messages), with the unread count of those.
 */
export async function listNotifications(
  db: Executor,
  userId: string,
  unreadOnly: boolean,
  page: PageRequest,
  messagesOnly = false,
) {
  const kind = messagesOnly ? isNotNull(notifications.messageId) : undefined;
  const where = and(eq(notifications.userId, userId), kind, unreadOnly ? isNull(notifications.readAt) : undefined);
  const rows = await db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [total] = await db.select({ n: count() }).from(notifications).where(where);
  const [unread] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), kind, isNull(notifications.readAt)));
  return {
    items: rows.map((n) => ({
      id: n.id,
      category: n.category,
      type: n.type,
      title: n.title,
      body: n.body,
      link: n.link,
      severity: n.severity,
      alertId: n.alertId,
      messageId: n.messageId,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    })),
    total: total?.n ?? 0,
    unread: unread?.n ?? 0,
    page: page.page,
    pageSize: page.pageSize,
  };
}

export async function markRead(db: Executor, userId: string, id: string): Promise<void> {
  const [row] = await db
    .select({ id: notifications.id, readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  if (!row) throw notFound('Notification');
  if (!row.readAt) await db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, id));
}

export async function markAllRead(db: Executor, userId: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
