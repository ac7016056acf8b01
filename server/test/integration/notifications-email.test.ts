import { type AddressInfo, createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config.js';
import { notificationDeliveries, notificationPreferences, notifications } from '../../src/db/schema/index.js';
import { enqueueJob } from '../../src/jobs/queries.js';
import { classifySmtpError, createEmailChannel } from '../../src/modules/notifications/channels/email.js';
import { buildChannels } from '../../src/modules/notifications/channels/index.js';
import type { DeliveryContext } from '../../src/modules/notifications/context.js';
import { deliverNotification } from '../../src/modules/notifications/deliver.js';
import { type NewNotification, notifyUsers } from '../../src/modules/notifications/notify.js';
import { quietHoursEnd } from '../../src/modules/notifications/preferences.js';
import { TemporarySendError, sendDelivery } from '../../src/modules/notifications/send.js';
import { releaseHeldDeliveries } from '../../src/modules/notifications/tick.js';
import { makeOrganization, makeUser } from '../support/factories.js';
import { eventually, rows } from '../support/ocpp.js';
import { TEST_JWT_SECRET, type TestServer, startTestServer } from '../support/server.js';
import { type Mailbox, startMailbox } from '../support/smtp-server.js';

const PUBLIC_URL = 'https://charge.example.test';
const MAIL_FROM = 'Chargeboard Alerts <alerts@chargeboard.test>';

let mailbox: Mailbox;
let t: TestServer;
let config: Config;

beforeAll(async () => {
  mailbox = await startMailbox();
  const env = {
    INVOICE_SCHEDULE: 'off',
    SMTP_URL: mailbox.url,
    MAIL_FROM,
    PUBLIC_URL,
    // Jobs found quickly, retried quickly (the 451 case).
    JOB_POLL_MS: '50',
    JOB_RETRY_BASE_MS: '50',
  };
  t = await startTestServer(env);
  config = loadConfig({ JWT_SECRET: TEST_JWT_SECRET, ...env });
});
afterAll(async () => {
  await t?.close();
  await mailbox?.close();
});

/** The handlers' context as this test runs them directly (the server's own queue runs them too). */
const context = (channels = buildChannels({ config })): DeliveryContext => ({ db: t.db, config, channels, wake: () => {} });

interface DeliveryRow {
  id: string;
  channel: string;
  target: string | null;
  status: string;
  reason: string | null;
  attempts: number;
  last_error: string | null;
  provider_reference: string | null;
  idempotency_key: string;
  due_at: Date | string | null;
  sent_at: Date | string | null;
}

const deliveriesOf = (notificationId: string) =>
  rows<DeliveryRow>(
    t.db,
    sql`SELECT * FROM notification_deliveries WHERE notification_id = ${notificationId} ORDER BY created_at`,
  );

const sendJobsOf = (deliveryId: string) =>
  rows<{ status: string; attempts: number; last_error: string | null }>(
    t.db,
    sql`SELECT status, attempts, last_error FROM jobs WHERE kind = 'send-delivery' AND payload->>'deliveryId' = ${deliveryId}`,
  );

/** Waits until the notification's only delivery has left `queued` (its send job finished). */
async function settled(notificationId: string): Promise<DeliveryRow> {
  return eventually(async () => {
    const [row, ...more] = await deliveriesOf(notificationId);
    if (more.length > 0) throw new Error('more than one delivery');
    if (!row || row.status === 'queued') return null;
    const jobs = await sendJobsOf(row.id);
    return jobs.every((j) => j.status === 'done' || j.status === 'failed') ? row : null;
  }, 15_000);
}

let occasion = 0;
const alertNote = (fields: Partial<NewNotification> = {}): NewNotification => ({
  organizationId: null,
  category: 'alert',
  type: 'charger_offline',
  title: 'Charger CP-1 is offline',
  body: 'Offline since 10:15 UTC.',
  link: '/alerts/1',
  severity: 'warning',
  dedupeKey: `email-test:${++occasion}`,
  ...fields,
});

async function notifyOne(userId: string, fields: Partial<NewNotification> = {}): Promise<string> {
  const [id] = await notifyUsers(t.db, [userId], alertNote(fields));
  return id!;
}

const hhmm = (d: DateTime) => d.toFormat('HH:mm');

describe('e-mail delivery', () => {
  it('notifyUsers sends the user an e-mail with the subject, text, HTML and link, and records it as sent', async () => {
    const org = await makeOrganization(t.db, { name: 'Colombo Charging & Co' });
    const user = await makeUser(t.db, 'network_manager', { organizationId: org.id, name: 'Nimal Perera' });
    const id = await notifyOne(user.id, {
      organizationId: org.id,
      title: 'Charger <CP-1> is offline',
      body: 'Offline since 10:15 UTC & not answering.\nLast heartbeat at 10:14.',
      link: '/alerts/42',
    });

    const [mail] = await eventually(async () => (mailbox.to(user.email).length > 0 ? mailbox.to(user.email) : null), 15_000);
    expect(mail!.rcptTo).toEqual([user.email]);
    expect(mail!.headers.subject).toBe('Charger <CP-1> is offline');
    expect(mail!.headers.to).toContain(user.email);
    expect(mail!.headers.to).toContain('Nimal Perera');
    expect(mail!.headers.from).toContain('alerts@chargeboard.test');
    expect(mail!.headers['message-id']).toBe(`<${id}.email@chargeboard.test>`);

    expect(mail!.text).toContain('Colombo Charging & Co');
    expect(mail!.text).toContain('Hello Nimal Perera,');
    expect(mail!.text).toContain('Offline since 10:15 UTC & not answering.\nLast heartbeat at 10:14.');
    expect(mail!.text).toContain(`Open in Chargeboard: ${PUBLIC_URL}/alerts/42`);
    expect(mail!.text).toContain(`${PUBLIC_URL}/profile`);
    expect(mail!.text).toContain('You get this e-mail because');

    // The HTML shows the same, escaped: the title's <CP-1> is text, not markup.
    expect(mail!.html).toContain('Charger &lt;CP-1&gt; is offline');
    expect(mail!.html).not.toContain('<CP-1>');
    expect(mail!.html).toContain('Colombo Charging &amp; Co');
    expect(mail!.html).toContain('Offline since 10:15 UTC &amp; not answering.<br>Last heartbeat at 10:14.');
    expect(mail!.html).toContain(`href="${PUBLIC_URL}/alerts/42"`);
    expect(mail!.html).toContain(`href="${PUBLIC_URL}/profile"`);

    const row = await settled(id);
    expect(row).toMatchObject({
      channel: 'email',
      target: user.email,
      status: 'sent',
      attempts: 1,
      last_error: null,
      idempotency_key: `${id}:email`,
    });
    expect(row.sent_at).not.toBeNull();
    expect(row.provider_reference).toMatch(/^250/);
  });

  it('running the deliver job twice (even at once) makes one delivery and sends one e-mail', async () => {
    const user = await makeUser(t.db, 'network_manager');
    // A second deliver job for the same notification, committed with the first: both run.
    const id = await t.db.transaction(async (tx) => {
      const [created] = await notifyUsers(tx, [user.id], alertNote());
      await enqueueJob(tx, { kind: 'deliver-notification', payload: { notificationId: created! } });
      return created!;
    });
    const row = await settled(id);
    await eventually(async () => {
      const jobs = await rows<{ status: string }>(
        t.db,
        sql`SELECT status FROM jobs WHERE kind = 'deliver-notification' AND payload->>'notificationId' = ${id}`,
      );
      return jobs.length === 2 && jobs.every((j) => j.status === 'done');
    }, 15_000);
    // And a third time, by hand, after everything is done.
    expect(await deliverNotification(context(), id)).toBe(0);

    expect(row.status).toBe('sent');
    expect(await deliveriesOf(id)).toHaveLength(1);
    expect(await sendJobsOf(row.id)).toHaveLength(1);
    expect(mailbox.to(user.email)).toHaveLength(1);
  });

  it('an address the SMTP server refuses with 550 is failed with the answer recorded, not retried', async () => {
    const user = await makeUser(t.db, 'network_manager');
    mailbox.answer(user.email, [550, 550, 550]);
    const id = await notifyOne(user.id);
    const row = await settled(id);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toContain('550');
    expect(row.last_error).toContain('No such mailbox here');
    expect(row.sent_at).toBeNull();
    // Nothing was thrown out of the handler: its job is done, after one attempt.
    expect(await sendJobsOf(row.id)).toEqual([{ status: 'done', attempts: 1, last_error: null }]);
    expect(mailbox.to(user.email)).toHaveLength(0);
  });

  it('a 451 answer is retried by the queue and the e-mail is then sent once', async () => {
    const user = await makeUser(t.db, 'network_manager');
    mailbox.answer(user.email, [451]);
    const id = await notifyOne(user.id);
    const row = await settled(id);
    expect(row.status).toBe('sent');
    expect(row.attempts).toBe(2);
    expect(row.last_error).toBeNull();
    expect(await sendJobsOf(row.id)).toEqual([{ status: 'done', attempts: 2, last_error: null }]);
    expect(mailbox.to(user.email)).toHaveLength(1);
  });

  it('temporary failures until the last attempt leave the delivery failed, without throwing then', async () => {
    const user = await makeUser(t.db, 'network_manager');
    mailbox.answer(user.email, [451, 451]);
    // A notification and delivery made here, so that only this test's calls send it.
    const [note] = await t.db
      .insert(notifications)
      .values({ userId: user.id, category: 'alert', type: 'charger_offline', title: 'T', body: 'B', dedupeKey: 'last-attempt' })
      .returning();
    const [delivery] = await t.db
      .insert(notificationDeliveries)
      .values({
        userId: user.id,
        notificationId: note!.id,
        notificationIds: [note!.id],
        channel: 'email',
        target: user.email,
        idempotencyKey: `${note!.id}:email`,
      })
      .returning();
    await expect(sendDelivery(context(), delivery!.id, { attempts: 1, maxAttempts: 8 })).rejects.toBeInstanceOf(
      TemporarySendError,
    );
    let [row] = await deliveriesOf(note!.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row!.last_error).toContain('451');

    await sendDelivery(context(), delivery!.id, { attempts: 8, maxAttempts: 8 });
    [row] = await deliveriesOf(note!.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row!.last_error).toContain('451');
    expect(row!.last_error).toContain('gave up after 2 attempts');
    expect(mailbox.to(user.email)).toHaveLength(0);
  });
});

describe('preferences', () => {
  it('quiet hours hold the e-mail until they end in the user’s zone; the tick then sends it', async () => {
    const user = await makeUser(t.db, 'network_manager');
    const zone = 'Asia/Colombo';
    const local = DateTime.now().setZone(zone).startOf('minute');
    const end = local.plus({ minutes: 90 });
    await t.db.insert(notificationPreferences).values({
      userId: user.id,
      quietHoursStart: hhmm(local.minus({ minutes: 60 })),
      quietHoursEnd: hhmm(end),
      timeZone: zone,
    });
    const id = await notifyOne(user.id);
    const held = await eventually(async () => (await deliveriesOf(id))[0], 15_000);
    expect(held).toMatchObject({ status: 'held', reason: 'quiet hours', target: user.email, attempts: 0 });
    expect(new Date(held.due_at!).toISOString()).toBe(end.toJSDate().toISOString());
    expect(await sendJobsOf(held.id)).toEqual([]);

    // A tick before the end (the queue's own, now) leaves it held.
    const slot = new Date().toISOString();
    await enqueueJob(t.db, { kind: 'notifications-tick', payload: { slot }, dedupeKey: `test-tick:${slot}` });
    await eventually(
      async () =>
        (await rows<{ status: string }>(t.db, sql`SELECT status FROM jobs WHERE dedupe_key = ${`test-tick:${slot}`}`))[0]
          ?.status === 'done',
      15_000,
    );
    expect((await deliveriesOf(id))[0]!.status).toBe('held');
    expect(mailbox.to(user.email)).toHaveLength(0);

    // The tick after the end releases it; the server's queue sends it.
    expect(await releaseHeldDeliveries(context(), end.plus({ seconds: 1 }).toJSDate())).toBe(1);
    const sent = await settled(id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    expect(mailbox.to(user.email)).toHaveLength(1);
    expect(await releaseHeldDeliveries(context(), end.plus({ seconds: 2 }).toJSDate())).toBe(0);
  });

  it('a critical alert is sent during quiet hours', async () => {
    const user = await makeUser(t.db, 'network_manager');
    const local = DateTime.now().setZone('Europe/Berlin');
    await t.db.insert(notificationPreferences).values({
      userId: user.id,
      quietHoursStart: hhmm(local.minus({ minutes: 60 })),
      quietHoursEnd: hhmm(local.plus({ minutes: 60 })),
      timeZone: 'Europe/Berlin',
    });
    const id = await notifyOne(user.id, { severity: 'critical', title: 'Site power lost' });
    expect(await settled(id)).toMatchObject({ status: 'sent' });
    expect(mailbox.to(user.email).map((m) => m.headers.subject)).toEqual(['Site power lost']);
  });

  it('an alert type the user did not choose is skipped, and so is marketing after opting out; service is sent anyway', async () => {
    const user = await makeUser(t.db, 'driver');
    await t.db.insert(notificationPreferences).values({
      userId: user.id,
      alertTypes: ['connector_faulted'],
      marketingOptOut: true,
    });
    const offline = await notifyOne(user.id, { type: 'charger_offline' });
    const faulted = await notifyOne(user.id, { type: 'connector_faulted', title: 'Connector 2 faulted' });
    const marketing = await notifyOne(user.id, { category: 'marketing', type: 'offer', title: 'Half price tonight' });
    const service = await notifyOne(user.id, { category: 'service', type: 'session_receipt', title: 'Your receipt' });

    expect(await settled(offline)).toMatchObject({ status: 'skipped', reason: 'alert type not chosen', target: null });
    expect(await settled(marketing)).toMatchObject({ status: 'skipped', reason: 'opted out of marketing' });
    expect(await settled(faulted)).toMatchObject({ status: 'sent' });
    expect(await settled(service)).toMatchObject({ status: 'sent' });
    expect(
      mailbox
        .to(user.email)
        .map((m) => m.headers.subject)
        .sort(),
    ).toEqual(['Connector 2 faulted', 'Your receipt']);
  });

  it('a user who wants no channels beyond the app gets no delivery rows', async () => {
    const user = await makeUser(t.db, 'network_manager');
    await t.db.insert(notificationPreferences).values({ userId: user.id, channels: [] });
    const [note] = await t.db
      .insert(notifications)
      .values({ userId: user.id, category: 'alert', type: 'charger_offline', title: 'T', body: 'B', dedupeKey: 'in-app-only' })
      .returning();
    expect(await deliverNotification(context(), note!.id)).toBe(0);
    expect(await deliveriesOf(note!.id)).toEqual([]);
  });

  it('without an SMTP server the e-mail delivery is skipped with the reason', async () => {
    const user = await makeUser(t.db, 'network_manager');
    const [note] = await t.db
      .insert(notifications)
      .values({ userId: user.id, category: 'alert', type: 'charger_offline', title: 'T', body: 'B', dedupeKey: 'no-smtp' })
      .returning();
    const withoutSmtp = buildChannels({ config: loadConfig({ JWT_SECRET: TEST_JWT_SECRET }) });
    expect(withoutSmtp).toEqual([]);
    expect(await deliverNotification(context(withoutSmtp), note!.id)).toBe(0);
    expect(await deliveriesOf(note!.id)).toMatchObject([
      { channel: 'email', status: 'skipped', reason: 'no SMTP server configured', idempotency_key: `${note!.id}:email` },
    ]);
  });
});

describe('quiet hours arithmetic', () => {
  const at = (iso: string) => new Date(iso);
  it('wraps midnight, starts inclusive, ends exclusive', () => {
    // Colombo is UTC+05:30 all year. 23:30 local is inside 22:00–07:00; it ends at 07:00 the next day.
    expect(quietHoursEnd(at('2026-06-01T18:00:00Z'), '22:00', '07:00', 'Asia/Colombo')?.toISOString()).toBe(
      '2026-06-02T01:30:00.000Z',
    );
    // 05:00 local, after midnight: ends at 07:00 the same day.
    expect(quietHoursEnd(at('2026-06-01T23:30:00Z'), '22:00', '07:00', 'Asia/Colombo')?.toISOString()).toBe(
      '2026-06-02T01:30:00.000Z',
    );
    expect(quietHoursEnd(at('2026-06-01T16:30:00Z'), '22:00', '07:00', 'Asia/Colombo')?.toISOString()).toBe(
      '2026-06-02T01:30:00.000Z',
    ); // exactly 22:00
    expect(quietHoursEnd(at('2026-06-02T01:30:00Z'), '22:00', '07:00', 'Asia/Colombo')).toBeNull(); // exactly 07:00
    expect(quietHoursEnd(at('2026-06-01T10:00:00Z'), '22:00', '07:00', 'Asia/Colombo')).toBeNull(); // 15:30
  });
  it('within a day, and across a daylight-saving change', () => {
    expect(quietHoursEnd(at('2026-06-01T12:30:00Z'), '12:00', '14:00', 'UTC')?.toISOString()).toBe('2026-06-01T14:00:00.000Z');
    // Berlin: 23:30 CET on 28 March; clocks go forward that night, so 07:00 on the 29th is 05:00 UTC.
    expect(quietHoursEnd(at('2026-03-28T22:30:00Z'), '22:00', '07:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-29T05:00:00.000Z',
    );
  });
  it('no quiet hours: unset, equal, or not HH:MM; an unknown zone is read as UTC', () => {
    const now = at('2026-06-01T23:00:00Z');
    expect(quietHoursEnd(now, null, null, 'UTC')).toBeNull();
    expect(quietHoursEnd(now, '22:00', '22:00', 'UTC')).toBeNull();
    expect(quietHoursEnd(now, '10pm', '07:00', 'UTC')).toBeNull();
    expect(quietHoursEnd(now, '22:00', '07:00', 'Mars/Olympus')?.toISOString()).toBe('2026-06-02T07:00:00.000Z');
  });
});

describe('SMTP failures', () => {
  it('5xx is permanent (but 503), 4xx and a refused login are temporary', () => {
    expect(classifySmtpError({ responseCode: 550, response: '550 No such user' })).toEqual({
      permanent: true,
      error: '550 No such user',
    });
    expect(classifySmtpError({ responseCode: 552, message: 'Mailbox full' })).toEqual({
      permanent: true,
      error: '552 Mailbox full',
    });
    expect(classifySmtpError({ responseCode: 451, response: '451 Try later' }).permanent).toBe(false);
    expect(classifySmtpError({ responseCode: 503, response: '503 Bad sequence' }).permanent).toBe(false);
    expect(classifySmtpError({ responseCode: 535, code: 'EAUTH', response: '535 Bad credentials' }).permanent).toBe(false);
    expect(classifySmtpError({ code: 'ETIMEDOUT', message: 'Connection timeout' }).permanent).toBe(false);
  });

  it('no SMTP server listening is a temporary failure', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const channel = createEmailChannel({ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: MAIL_FROM, publicUrl: PUBLIC_URL })!;
    const message = {
      recipientName: 'A',
      organizationId: null,
      organizationName: null,
      category: 'alert',
      type: 'charger_offline',
      severity: null,
      title: 'T',
      body: 'B',
      url: null,
      items: [],
    };
    const result = await channel.send({ id: 'a@test.example' }, message, 'k:email');
    expect(result).toMatchObject({ ok: false, permanent: false });
    expect(result.ok === false && result.error).toMatch(/ECONNREFUSED|connect/i);
  });
});
