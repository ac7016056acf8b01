import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { notificationDeliveries, notifications, organizations, users } from '../../db/schema/index.js';
import { hasAttemptsLeft } from '../../domain/job-retry.js';
import { errorText } from '../../jobs/queue.js';
import type { ChannelAdapter, OutgoingMessage, SendResult } from './channels/types.js';
import type { DeliveryContext } from './context.js';
import { composeDigest } from './digest.js';

/** A send failed in a way another attempt may get past: thrown so the queue retries with its backoff. */
export class TemporarySendError extends Error {}

/** Which attempt of its job this is (jobs/queries.ts ClaimedJob): the last one gives up instead of throwing. */
export interface Attempt {
  attempts: number;
  maxAttempts: number;
}

/** An absolute URL in the web app for a notification's link (a path), or null. */
export function appUrl(publicUrl: string, link: string | null): string | null {
  // Only paths of this app: never an outside address, nor a protocol-relative `//host`.
  if (!link || !link.startsWith('/') || link.startsWith('//')) return null;
  return `${publicUrl.replace(/\/+$/, '')}${link}`;
}

async function composeMessage(db: Executor, publicUrl: string, notificationId: string): Promise<OutgoingMessage | null> {
  const [row] = await db
    .select({
      note: notifications,
      recipientName: users.name,
      organizationName: organizations.name,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(organizations, eq(organizations.id, notifications.organizationId))
    .where(eq(notifications.id, notificationId));
  if (!row) return null;
  return {
    recipientName: row.recipientName,
    organizationId: row.note.organizationId,
    organizationName: row.organizationName ?? null,
    category: row.note.category,
    type: row.note.type,
    severity: row.note.severity,
    title: row.note.title,
    body: row.note.body,
    url: appUrl(publicUrl, row.note.link),
    items: [],
  };
}

async function sendSafely(adapter: ChannelAdapter, target: string, message: OutgoingMessage, key: string): Promise<SendResult> {
  try {
    return await adapter.send({ id: target }, message, key);
  } catch (error) {
    // An adapter is meant to answer, not throw; whatever it threw is taken as temporary.
    return { ok: false, permanent: false, error: errorText(error) };
  }
}

/**
 * The `send-delivery` job: sends one delivery row once. The job may run more than once (at least
 * once); a row already `sent` (or `failed`, `skipped`, still `held`) is left alone, and the adapter
 * gets the row's idempotency key so a second send after a crash between the provider's answer and
 * our commit is recognisable (the e-mail's Message-ID). A permanent failure marks the row `failed`
 * and returns; a temporary one records the error and throws, so the queue retries — on the job's
 * last attempt the row is marked `failed` instead.
 */
export async function sendDelivery(ctx: DeliveryContext, deliveryId: string, attempt: Attempt): Promise<void> {
  const { db } = ctx;
  // Counting the attempt before sending: a process that dies mid-send still counts it.
  const [row] = await queryRows<{
    id: string;
    notification_id: string | null;
    channel: string;
    target: string | null;
    idempotency_key: string;
    attempts: number;
    user_id: string;
    notification_ids: string[];
  }>(
    db,
    sql`UPDATE notification_deliveries SET attempts = attempts + 1
      WHERE id = ${deliveryId} AND status = 'queued'
      RETURNING id, notification_id, channel, target, idempotency_key, attempts, user_id, notification_ids`,
  );
  if (!row) return; // sent, failed, skipped, held, or gone with its user

  const finish = async (fields: Partial<typeof notificationDeliveries.$inferInsert>) => {
    await db
      .update(notificationDeliveries)
      .set(fields)
      .where(and(eq(notificationDeliveries.id, row.id), eq(notificationDeliveries.status, 'queued')));
  };
  const lastAttempt = !hasAttemptsLeft(attempt.attempts, attempt.maxAttempts);
  const temporary = async (error: string) => {
    if (lastAttempt) {
      await finish({ status: 'failed', lastError: `${error} (gave up after ${row.attempts} attempts)` });
      return;
    }
    await finish({ lastError: error });
    throw new TemporarySendError(error);
  };

  // A digest's row has no notification of its own: it carries the ids of those it gathered.
  const message = row.notification_id
    ? await composeMessage(db, ctx.config.publicUrl, row.notification_id)
    : await composeDigest(db, ctx.config.publicUrl, row.user_id, row.notification_ids, appUrl);
  if (!message) {
    await finish({ status: 'skipped', reason: 'notification no longer exists' });
    return;
  }
  const adapter = ctx.channels.find((a) => a.channel === row.channel);
  // SMTP_URL (or a push setting) was removed since the row was made, or differs on this instance.
  if (!adapter) return temporary(`the ${row.channel} channel is not set up on this server`);
  if (!row.target) {
    await finish({ status: 'skipped', reason: 'no address' });
    return;
  }

  const result = await sendSafely(adapter, row.target, message, row.idempotency_key);
  if (result.ok) {
    await finish({ status: 'sent', sentAt: new Date(), providerReference: result.providerReference ?? null, lastError: null });
    return;
  }
  if (result.forgetTarget && adapter.forget) await adapter.forget(db, { id: row.target });
  if (result.permanent) {
    await finish({ status: 'failed', lastError: result.error });
    return;
  }
  return temporary(result.error);
}
