import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { type NotificationCategory, notifications } from '../../db/schema/index.js';
import { enqueueJob } from '../../jobs/queries.js';

export interface NewNotification {
  organizationId: string | null;
  category: NotificationCategory;
  /** The alert rule type, or the message kind: what preferences choose by. */
  type: string;
  title: string;
  body: string;
  /** A path in the web app (e.g. `/alerts/<id>`), never an outside address. */
  link?: string | null;
  severity?: string | null;
  alertId?: string | null;
  messageId?: string | null;
  /** The occasion, e.g. `alert:<id>:opened`: notifying the same user of it again does nothing. */
  dedupeKey: string;
}

/**
 * The one way anything tells people something. Call it inside the transaction of the change that
 * causes it: each user gets one in-app notification row, and a durable `deliver-notification` job
 * sends it on the channels the user chose (e-mail, Web Push, mobile push) after the commit. Returns
 * the new notifications' ids (a user already told of this occasion gets none).
 */
export async function notifyUsers(db: Executor, userIds: readonly string[], note: NewNotification): Promise<string[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const inserted = await db
    .insert(notifications)
    .values(
      unique.map((userId) => ({
        userId,
        organizationId: note.organizationId,
        category: note.category,
        type: note.type,
        title: note.title,
        body: note.body,
        link: note.link ?? null,
        severity: note.severity ?? null,
        alertId: note.alertId ?? null,
        messageId: note.messageId ?? null,
        dedupeKey: note.dedupeKey,
      })),
    )
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning({ id: notifications.id });
  for (const { id } of inserted) {
    await enqueueJob(db, {
      kind: 'deliver-notification',
      payload: { notificationId: id },
      dedupeKey: `deliver-notification:${id}`,
      organizationId: note.organizationId,
    });
  }
  return inserted.map((row) => row.id);
}

/** Unread in-app notifications of a user (the bell's count). */
export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${userId} AND read_at IS NULL`,
  );
  return Number(row?.n ?? 0);
}
