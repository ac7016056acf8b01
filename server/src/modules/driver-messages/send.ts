import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { notifyUsers } from '../notifications/notify.js';
import { resolveRecipients } from './recipients.js';
import type { MessageAudience } from './schemas.js';
import { messageDedupeKey } from './service.js';

/** Drivers notified per transaction: a large audience is many short transactions, not one long one. */
export const SEND_BATCH_SIZE = 500;

interface Claimed {
  organization_id: string;
  category: 'service' | 'marketing';
  title: string;
  body: string;
  link: string | null;
  audience: MessageAudience | string;
  status: string;
}

/** Where drivers read their messages (web/src/routes/my-charging/). */
export const DRIVER_PORTAL_PATH = '/my-charging';

export type SendOutcome = 'sent' | 'skipped';

/**
 * The `send-driver-message` job. Marks the message `sending` (a cancelled or already sent one is
 * left alone), resolves its recipients again now — drivers of the message's organization only,
 * marketing without those who opted out — and notifies them in batches under the message's one
 * dedupe key, so a job that runs again after a crash notifies each driver once. Then `sent`, with
 * the number of drivers who have the message.
 */
export async function sendDriverMessage(db: Db, messageId: string, now = new Date()): Promise<SendOutcome> {
  const [message] = await queryRows<Claimed & Record<string, unknown>>(
    db,
    sql`UPDATE driver_messages SET status = 'sending'
      WHERE id = ${messageId} AND status IN ('scheduled', 'sending')
      RETURNING organization_id, category, title, body, link, audience, status`,
  );
  if (!message) return 'skipped'; // cancelled, already sent, or deleted with its organization
  const audience = typeof message.audience === 'string' ? (JSON.parse(message.audience) as MessageAudience) : message.audience;
  const { userIds } = await resolveRecipients(db, message.organization_id, message.category, audience, now);
  for (let at = 0; at < userIds.length; at += SEND_BATCH_SIZE) {
    const batch = userIds.slice(at, at + SEND_BATCH_SIZE);
    await db.transaction(async (tx) => {
      await notifyUsers(tx, batch, {
        organizationId: message.organization_id,
        category: message.category,
        type: `driver_message:${message.category}`,
        title: message.title,
        body: message.body,
        // Without a link of its own, the e-mail's button and the bell open the driver's portal.
        link: message.link ?? DRIVER_PORTAL_PATH,
        messageId,
        dedupeKey: messageDedupeKey(messageId),
      });
    });
  }
  await db.execute(
    sql`UPDATE driver_messages SET status = 'sent', sent_at = ${now.toISOString()}::timestamptz,
        recipient_count = (SELECT count(*)::int FROM notifications WHERE message_id = ${messageId})
      WHERE id = ${messageId} AND status = 'sending'`,
  );
  return 'sent';
}
