import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { driverMessages } from '../../db/schema/index.js';
import { type Scope, assertWholeOrganization, canReachOrganization } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { inScope } from '../../db/scope-sql.js';
import { enqueueJob } from '../../jobs/queries.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { assertAudienceInOrganization, resolveRecipients } from './recipients.js';
import type { ComposeMessage, MessageAudience } from './schemas.js';

/** The one job of a message: enqueued once, due at its send time. */
export const sendMessageKey = (messageId: string) => `send-driver-message:${messageId}`;
/** The occasion of a message's notifications: a job that runs again notifies nobody twice. */
export const messageDedupeKey = (messageId: string) => `message:${messageId}`;

/** A send time this close to now (or earlier, by clock skew of the browser) counts as "now". */
const NOW_TOLERANCE_MS = 60_000;

type MessageStatus = 'scheduled' | 'sending' | 'sent' | 'cancelled';

interface MessageRow {
  id: string;
  organization_id: string;
  organization_name: string;
  author_id: string | null;
  author_name: string | null;
  category: 'service' | 'marketing';
  title: string;
  body: string;
  link: string | null;
  audience: MessageAudience | string;
  channels: string[] | string;
  status: MessageStatus;
  send_at: Date | string;
  sent_at: Date | string | null;
  recipient_count: number | null;
  created_at: Date | string;
}

const iso = (value: Date | string) => new Date(value).toISOString();
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

function present(row: MessageRow) {
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    authorId: row.author_id,
    authorName: row.author_name,
    category: row.category,
    title: row.title,
    body: row.body,
    link: row.link,
    audience: json<MessageAudience>(row.audience),
    channels: json<string[]>(row.channels) as ('email' | 'web_push' | 'mobile_push')[],
    status: row.status,
    sendAt: iso(row.send_at),
    sentAt: row.sent_at === null ? null : iso(row.sent_at),
    recipientCount: row.recipient_count === null ? null : Number(row.recipient_count),
    createdAt: iso(row.created_at),
  };
}

const SELECT_MESSAGE = sql`SELECT m.id, m.organization_id, o.name AS organization_name, m.author_id, a.name AS author_name,
    m.category, m.title, m.body, m.link, m.audience, m.channels, m.status, m.send_at, m.sent_at, m.recipient_count, m.created_at
  FROM driver_messages m JOIN organizations o ON o.id = m.organization_id LEFT JOIN users a ON a.id = m.author_id`;

/**
 * Messages are the organization's, not a site's: a role limited to sites reaches none (403
 * SITE_LIMITED_SCOPE), and one outside the organization gets 404.
 */
function assertMayMessage(scope: Scope, organizationId: string): void {
  assertWholeOrganization(scope, 'Messages to drivers');
  if (!canReachOrganization(scope, organizationId)) throw notFound('Organization');
}

async function findMessage(db: Executor, scope: Scope, id: string): Promise<MessageRow> {
  assertWholeOrganization(scope, 'Messages to drivers');
  const [row] = await queryRows<MessageRow & Record<string, unknown>>(
    db,
    sql`${SELECT_MESSAGE} WHERE m.id = ${id} AND ${inScope(sql`m.organization_id`, scope.organizationIds) ?? sql`TRUE`}`,
  );
  if (!row) throw notFound('Message');
  return row;
}

/** How many drivers an audience reaches now (the compose form's count). */
export async function previewAudience(
  db: Db,
  scope: Scope,
  input: { organizationId: string; category: 'service' | 'marketing'; audience: MessageAudience },
) {
  assertMayMessage(scope, input.organizationId);
  await assertAudienceInOrganization(db, input.organizationId, input.audience);
  const { userIds, optedOut } = await resolveRecipients(db, input.organizationId, input.category, input.audience);
  return { recipients: userIds.length, optedOut };
}

/**
 * Stores the message and its one `send-driver-message` job, due at the send time, in one
 * transaction with its audit entry. Recipients are counted now so an audience that reaches nobody
 * is refused at once (422 MESSAGE_NO_RECIPIENTS); the job resolves them again when it sends.
 */
export async function composeMessage(
  db: Db,
  audit: AuditContext,
  scope: Scope,
  authorId: string,
  input: ComposeMessage,
  now = new Date(),
) {
  assertMayMessage(scope, input.organizationId);
  const sendAt = input.sendAt ? new Date(input.sendAt) : now;
  if (sendAt.getTime() < now.getTime() - NOW_TOLERANCE_MS)
    throw new AppError('MESSAGE_INVALID', 'The send time is in the past; leave it empty to send now', { field: 'sendAt' });
  await assertAudienceInOrganization(db, input.organizationId, input.audience);
  const { userIds, optedOut } = await resolveRecipients(db, input.organizationId, input.category, input.audience, now);
  if (userIds.length === 0)
    throw new AppError(
      'MESSAGE_NO_RECIPIENTS',
      optedOut > 0
        ? `The audience reaches no driver: all ${optedOut} opted out of marketing messages`
        : 'The audience reaches no driver of this organization',
      { optedOut },
    );
  const effectiveSendAt = sendAt.getTime() < now.getTime() ? now : sendAt;
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(driverMessages)
      .values({
        organizationId: input.organizationId,
        authorId,
        category: input.category,
        title: input.title,
        body: input.body,
        link: input.link ?? null,
        audience: input.audience as unknown as Record<string, unknown>,
        channels: input.channels,
        status: 'scheduled',
        sendAt: effectiveSendAt,
      })
      .returning();
    await enqueueJob(tx, {
      kind: 'send-driver-message',
      payload: { messageId: row!.id },
      dedupeKey: sendMessageKey(row!.id),
      organizationId: row!.organizationId,
      runAt: effectiveSendAt,
    });
    await recordAudit(tx, audit, {
      entityType: 'driver_message',
      entityId: row!.id,
      action: 'create',
      organizationId: row!.organizationId,
      after: {
        category: row!.category,
        title: row!.title,
        body: row!.body,
        link: row!.link,
        audience: input.audience,
        channels: row!.channels,
        sendAt: effectiveSendAt.toISOString(),
        recipientsAtCompose: userIds.length,
      },
    });
    return row!.id;
  });
  return { ...present(await findMessage(db, scope, id)), preview: { recipients: userIds.length, optedOut } };
}

/** Stops a scheduled message; its job then finds it cancelled and sends nothing. */
export async function cancelMessage(db: Db, audit: AuditContext, scope: Scope, id: string) {
  const current = await findMessage(db, scope, id);
  await db.transaction(async (tx) => {
    const changed = await queryRows<{ id: string }>(
      tx,
      sql`UPDATE driver_messages SET status = 'cancelled' WHERE id = ${id} AND status = 'scheduled' RETURNING id`,
    );
    if (changed.length === 0)
      throw new AppError(
        'MESSAGE_NOT_SCHEDULED',
        `This message is ${current.status}; only a scheduled message can be cancelled`,
        {
          status: current.status,
        },
      );
    await recordAudit(tx, audit, {
      entityType: 'driver_message',
      entityId: id,
      action: 'cancel',
      organizationId: current.organization_id,
      before: { status: current.status },
      after: { status: 'cancelled' },
    });
  });
  return present(await findMessage(db, scope, id));
}

export async function listMessages(
  db: Db,
  scope: Scope,
  filter: { organizationId?: string; status?: MessageStatus },
  page: PageRequest,
) {
  assertWholeOrganization(scope, 'Messages to drivers');
  const where = sql.join(
    [
      inScope(sql`m.organization_id`, scope.organizationIds) ?? sql`TRUE`,
      filter.organizationId ? sql`m.organization_id = ${filter.organizationId}` : sql`TRUE`,
      filter.status ? sql`m.status = ${filter.status}` : sql`TRUE`,
    ],
    sql` AND `,
  );
  const rows = await queryRows<MessageRow & Record<string, unknown>>(
    db,
    sql`${SELECT_MESSAGE} WHERE ${where} ORDER BY m.send_at DESC, m.id DESC
      LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`,
  );
  const [total] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM driver_messages m WHERE ${where}`);
  return { items: rows.map(present), total: Number(total?.n ?? 0), ...page };
}

interface RecipientRow {
  user_id: string;
  name: string;
  email: string;
  notified_at: Date | string;
  read_at: Date | string | null;
  deliveries: DeliveryJson[] | string | null;
}
interface DeliveryJson {
  channel: 'email' | 'web_push' | 'mobile_push';
  target: string | null;
  status: 'queued' | 'held' | 'sent' | 'failed' | 'skipped';
  reason: string | null;
  last_error: string | null;
  attempts: number;
  sent_at: string | null;
}

/** The message with each recipient: when told, whether opened in the app, and each channel's delivery. */
export async function getMessage(db: Db, scope: Scope, id: string, page: PageRequest) {
  const message = await findMessage(db, scope, id);
  const recipients = await queryRows<RecipientRow & Record<string, unknown>>(
    db,
    sql`SELECT n.user_id, u.name, u.email, n.created_at AS notified_at, n.read_at,
        (SELECT coalesce(json_agg(json_build_object('channel', d.channel, 'target', d.target, 'status', d.status,
            'reason', d.reason, 'last_error', d.last_error, 'attempts', d.attempts, 'sent_at', d.sent_at)
            ORDER BY d.channel, d.created_at), '[]'::json)
          FROM notification_deliveries d WHERE d.notification_id = n.id) AS deliveries
      FROM notifications n JOIN users u ON u.id = n.user_id
      WHERE n.message_id = ${id}
      ORDER BY u.name, u.id
      LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`,
  );
  const [counts] = await queryRows<{ total: number; opened: number }>(
    db,
    sql`SELECT count(*)::int AS total, count(read_at)::int AS opened FROM notifications WHERE message_id = ${id}`,
  );
  return {
    ...present(message),
    recipientsTotal: Number(counts?.total ?? 0),
    opened: Number(counts?.opened ?? 0),
    recipients: recipients.map((r) => ({
      userId: r.user_id,
      name: r.name,
      email: r.email,
      notifiedAt: iso(r.notified_at),
      openedAt: r.read_at === null ? null : iso(r.read_at),
      deliveries: json<DeliveryJson[]>(r.deliveries ?? []).map((d) => ({
        channel: d.channel,
        target: d.target,
        status: d.status,
        reason: d.reason,
        error: d.last_error,
        attempts: Number(d.attempts),
        sentAt: d.sent_at === null ? null : iso(d.sent_at),
      })),
    })),
  };
}

/** What the compose form offers: the organization's drivers (searched by name or e-mail) and its token groups. */
export async function audienceOptions(db: Db, scope: Scope, organizationId: string, q: string | undefined) {
  assertMayMessage(scope, organizationId);
  const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const drivers = await queryRows<{ id: string; name: string; email: string }>(
    db,
    sql`SELECT id, name, email FROM users
      WHERE role = 'driver' AND organization_id = ${organizationId} AND NOT disabled
        AND (${like}::text IS NULL OR name ILIKE ${like} OR email ILIKE ${like})
      ORDER BY name, id LIMIT 50`,
  );
  const groups = await queryRows<{ token_group: string }>(
    db,
    sql`SELECT DISTINCT token_group FROM id_tokens
      WHERE organization_id = ${organizationId} AND token_group IS NOT NULL ORDER BY token_group`,
  );
  return { drivers, tokenGroups: groups.map((g) => g.token_group) };
}
