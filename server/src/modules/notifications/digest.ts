import { sql } from 'drizzle-orm';
import { DateTime, IANAZone } from 'luxon';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { enqueueJob } from '../../jobs/queries.js';
import { formatInstant } from '../invoices/pdf-format.js';
import type { OutgoingMessage } from './channels/types.js';
import type { DeliveryContext } from './context.js';
import { type Preferences, quietHoursEnd } from './preferences.js';

/** The reason a delivery waits for its digest (deliver.ts), as stored on its row. */
export const HELD_DIGEST = 'digest';
/** What a delivery gathered into a digest says: the digest's own row carries the send and its result. */
export const IN_DIGEST = 'sent in a digest';
/** The local hour a daily digest goes out at, in the user's zone. */
export const DAILY_DIGEST_HOUR = 8;

const BATCH = 2000;

/**
 * Whether a notification waits for the user's digest: alerts only (service messages about a
 * driver's own session and messages composed for people are meant to arrive when sent), and never
 * a critical alert — the one someone must hear about now, as with quiet hours.
 */
export function goesInDigest(note: { category: string; severity: string | null }, prefs: Pick<Preferences, 'digest'>): boolean {
  return prefs.digest !== 'off' && note.category === 'alert' && note.severity !== 'critical';
}

/**
 * When the digest `now` falls in goes out: hourly at the next full hour of the user's clock, daily
 * at the next 08:00 of it. A digest due inside the user's quiet hours waits for their end.
 */
export function digestDueAt(
  now: Date,
  prefs: Pick<Preferences, 'digest' | 'timeZone' | 'quietHoursStart' | 'quietHoursEnd'>,
): Date {
  const zone = IANAZone.isValidZone(prefs.timeZone) ? prefs.timeZone : 'UTC';
  const local = DateTime.fromJSDate(now, { zone });
  let due: DateTime;
  if (prefs.digest === 'daily') {
    due = local.startOf('day').set({ hour: DAILY_DIGEST_HOUR });
    if (due.toMillis() <= local.toMillis()) due = local.startOf('day').plus({ days: 1 }).set({ hour: DAILY_DIGEST_HOUR });
  } else {
    due = local.startOf('hour').plus({ hours: 1 });
  }
  const at = due.toUTC().toJSDate();
  return quietHoursEnd(at, prefs.quietHoursStart, prefs.quietHoursEnd, zone) ?? at;
}

type DueRow = {
  id: string;
  user_id: string;
  channel: string;
  target: string | null;
  notification_id: string;
  organization_id: string | null;
};

/**
 * Part of the `notifications-tick` job: every held digest delivery that is due is gathered, per
 * user, channel and target, into one new delivery row carrying all their notifications
 * (`notification_ids`) with its `send-delivery` job; the gathered rows become `digested`. A group
 * of one is simply sent as itself. Rows are claimed with SKIP LOCKED and the digest's key is its
 * first row's id, so overlapping ticks never gather a row twice. Returns how many sends were queued.
 */
export async function sendDueDigests(ctx: DeliveryContext, now = new Date()): Promise<number> {
  let queued = 0;
  for (;;) {
    const { sends, claimed } = await ctx.db.transaction(async (tx) => {
      const due = await queryRows<DueRow>(
        tx,
        sql`SELECT d.id, d.user_id, d.channel, d.target, d.notification_id, n.organization_id
            FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
            WHERE d.id IN (
              SELECT id FROM notification_deliveries
              WHERE status = 'held' AND reason = ${HELD_DIGEST} AND due_at <= ${now.toISOString()}::timestamptz
              ORDER BY due_at, id
              LIMIT ${BATCH}
              FOR UPDATE SKIP LOCKED)
            ORDER BY n.created_at, d.id`,
      );
      const groups = new Map<string, DueRow[]>();
      for (const row of due) {
        const key = `${row.user_id}\u0000${row.channel}\u0000${row.target ?? ''}`;
        const group = groups.get(key);
        if (group) group.push(row);
        else groups.set(key, [row]);
      }
      let sends = 0;
      for (const group of groups.values()) {
        sends += await queueGroup(tx, group);
      }
      return { sends, claimed: due.length };
    });
    queued += sends;
    if (sends > 0) ctx.wake();
    if (claimed < BATCH) return queued;
  }
}

async function queueGroup(tx: Executor, group: DueRow[]): Promise<number> {
  const [first] = group;
  if (!first) return 0;
  let deliveryId = first.id;
  if (group.length === 1) {
    await tx.execute(sql`UPDATE notification_deliveries SET status = 'queued', reason = NULL WHERE id = ${first.id}`);
  } else {
    const ids = group.map((row) => row.notification_id);
    const [digest] = await queryRows<{ id: string }>(
      tx,
      sql`INSERT INTO notification_deliveries (user_id, notification_id, notification_ids, channel, target, status, idempotency_key)
          VALUES (${first.user_id}, NULL, ${JSON.stringify(ids)}::jsonb, ${first.channel}, ${first.target}, 'queued', ${`digest:${first.id}`})
          ON CONFLICT (idempotency_key) DO NOTHING
          RETURNING id`,
    );
    if (!digest) return 0; // gathered by a tick that committed first
    deliveryId = digest.id;
    await tx.execute(
      sql`UPDATE notification_deliveries SET status = 'digested', reason = ${IN_DIGEST}
          WHERE id IN (${sql.join(
            group.map((row) => sql`${row.id}`),
            sql`, `,
          )})`,
    );
  }
  const organizations = new Set(group.map((row) => row.organization_id));
  await enqueueJob(tx, {
    kind: 'send-delivery',
    payload: { deliveryId },
    dedupeKey: `send-delivery:${deliveryId}`,
    organizationId: organizations.size === 1 ? first.organization_id : null,
  });
  return 1;
}

/**
 * A digest's message: its notifications as items, oldest first, each with its time in the user's
 * zone. Notifications deleted meanwhile drop out; none left gives null (nothing to send).
 */
export async function composeDigest(
  db: Executor,
  publicUrl: string,
  userId: string,
  notificationIds: readonly string[],
  appUrl: (publicUrl: string, link: string | null) => string | null,
): Promise<OutgoingMessage | null> {
  if (notificationIds.length === 0) return null;
  const rows = await queryRows<{
    title: string;
    body: string;
    link: string | null;
    created_at: Date | string;
    organization_id: string | null;
    organization_name: string | null;
    recipient_name: string;
    time_zone: string | null;
  }>(
    db,
    sql`SELECT n.title, n.body, n.link, n.created_at, n.organization_id, o.name AS organization_name,
               u.name AS recipient_name, p.time_zone
        FROM notifications n
        JOIN users u ON u.id = n.user_id
        LEFT JOIN organizations o ON o.id = n.organization_id
        LEFT JOIN notification_preferences p ON p.user_id = n.user_id
        WHERE n.user_id = ${userId} AND n.id IN (${sql.join(
          notificationIds.map((id) => sql`${id}`),
          sql`, `,
        )})
        ORDER BY n.created_at, n.id`,
  );
  const [first] = rows;
  if (!first) return null;
  const zone = first.time_zone ?? 'UTC';
  const organizations = new Set(rows.map((row) => row.organization_id));
  const count = rows.length;
  const items = rows.map((row) => ({
    title: row.title,
    body: row.body,
    url: appUrl(publicUrl, row.link),
    at: formatInstant(new Date(row.created_at), zone),
  }));
  const span = `${items[0]!.at} to ${items[items.length - 1]!.at}`;
  return {
    recipientName: first.recipient_name,
    organizationId: organizations.size === 1 ? first.organization_id : null,
    organizationName: organizations.size === 1 ? first.organization_name : null,
    category: 'alert',
    type: 'digest',
    severity: null,
    title: `${count} alert${count === 1 ? '' : 's'} in your digest`,
    body: `${count} alert${count === 1 ? '' : 's'} from ${span}.`,
    url: appUrl(publicUrl, '/alerts'),
    items,
  };
}
