import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config.js';
import { notificationPreferences } from '../../src/db/schema/index.js';
import { buildChannels } from '../../src/modules/notifications/channels/index.js';
import type { DeliveryContext } from '../../src/modules/notifications/context.js';
import { digestDueAt, sendDueDigests } from '../../src/modules/notifications/digest.js';
import { type NewNotification, notifyUsers } from '../../src/modules/notifications/notify.js';
import { makeOrganization, makeUser } from '../support/factories.js';
import { eventually, rows } from '../support/ocpp.js';
import { TEST_JWT_SECRET, type TestServer, startTestServer } from '../support/server.js';
import { type Mailbox, startMailbox } from '../support/smtp-server.js';

const PUBLIC_URL = 'https://charge.example.test';

let mailbox: Mailbox;
let t: TestServer;
let config: Config;

beforeAll(async () => {
  mailbox = await startMailbox();
  const env = { INVOICE_SCHEDULE: 'off', SMTP_URL: mailbox.url, PUBLIC_URL, JOB_POLL_MS: '50' };
  t = await startTestServer(env);
  config = loadConfig({ JWT_SECRET: TEST_JWT_SECRET, ...env });
});
afterAll(async () => {
  await t?.close();
  await mailbox?.close();
});

const context = (): DeliveryContext => ({ db: t.db, config, channels: buildChannels({ config }), wake: () => {} });

interface Row {
  id: string;
  notification_id: string | null;
  notification_ids: string[];
  status: string;
  reason: string | null;
  due_at: Date | string | null;
}

const deliveriesOf = (userId: string) =>
  rows<Row>(
    t.db,
    sql`SELECT id, notification_id, notification_ids, status, reason, due_at FROM notification_deliveries
        WHERE user_id = ${userId} ORDER BY created_at, id`,
  );

let occasion = 0;
const note = (fields: Partial<NewNotification>): NewNotification => ({
  organizationId: null,
  category: 'alert',
  type: 'charger_offline',
  title: 'Charger is offline',
  body: 'Charger offline',
  link: '/alerts/1',
  severity: 'warning',
  dedupeKey: `digest-test:${++occasion}`,
  ...fields,
});

describe('digests', () => {
  it('an hourly digest holds alerts until the next full hour of the user’s clock and sends them as one e-mail', async () => {
    const org = await makeOrganization(t.db, { name: 'Volt Lanka' });
    const user = await makeUser(t.db, 'network_manager', { organizationId: org.id, name: 'Ama Silva' });
    const zone = 'Asia/Colombo';
    await t.db.insert(notificationPreferences).values({ userId: user.id, digest: 'hourly', timeZone: zone });

    const nextHour = () => DateTime.now().setZone(zone).startOf('hour').plus({ hours: 1 }).toJSDate().toISOString();
    const dueBefore = nextHour();
    const titles = ['CP-1 is offline', 'CP-2 connector 1 faulted', 'CP-3 is stuck in Preparing'];
    for (const title of titles)
      await notifyUsers(t.db, [user.id], note({ organizationId: org.id, title, body: `${title} · details` }));
    // A critical alert is not held for the digest; a message about the user's own session neither.
    await notifyUsers(t.db, [user.id], note({ organizationId: org.id, title: 'Site power lost', severity: 'critical' }));
    await notifyUsers(
      t.db,
      [user.id],
      note({ category: 'service', type: 'session', title: 'Charging finished', severity: null }),
    );

    const held = await eventually(async () => {
      const got = (await deliveriesOf(user.id)).filter((d) => d.status === 'held');
      return got.length === 3 ? got : null;
    }, 15_000);
    // The next full hour when they were made (the clock may have crossed one meanwhile).
    const due = new Date(held[0]!.due_at!).toISOString();
    expect([dueBefore, nextHour()]).toContain(due);
    for (const row of held) {
      expect(row.reason).toBe('digest');
      expect(new Date(row.due_at!).toISOString()).toBe(due);
    }
    await eventually(async () => (mailbox.to(user.email).length === 2 ? true : null), 15_000);
    expect(
      mailbox
        .to(user.email)
        .map((m) => m.headers.subject)
        .sort(),
    ).toEqual(['Charging finished', 'Site power lost']);

    // Before the hour nothing is gathered; at it, one digest e-mail with the three, oldest first.
    expect(await sendDueDigests(context(), new Date(Date.parse(due) - 1000))).toBe(0);
    expect(await sendDueDigests(context(), new Date(Date.parse(due) + 1000))).toBe(1);
    const digestMail = await eventually(
      async () =>
        mailbox
          .to(user.email)
          .find((m) => m.headers.subject !== 'Site power lost' && m.headers.subject !== 'Charging finished') ?? null,
      15_000,
    );
    expect(digestMail.headers.subject).toBe('3 alerts in your digest');
    expect(digestMail.text).toContain('Hello Ama Silva,');
    expect(digestMail.text).toContain('Volt Lanka');
    const positions = titles.map((title) => digestMail.text.indexOf(`— ${title}`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // Each item's time in the user's zone, named.
    expect(digestMail.text).toMatch(/• \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} Asia\/Colombo — CP-1 is offline/);
    expect(digestMail.html).toContain('CP-2 connector 1 faulted');

    // The three are `digested`; the digest's own row carries them and is `sent`.
    const after = await eventually(async () => {
      const all = await deliveriesOf(user.id);
      const digest = all.find((d) => d.notification_id === null);
      return digest?.status === 'sent' ? all : null;
    }, 15_000);
    expect(after.filter((d) => d.status === 'digested')).toHaveLength(3);
    expect(after.find((d) => d.notification_id === null)!.notification_ids).toHaveLength(3);
    // A second tick gathers nothing again.
    expect(await sendDueDigests(context(), new Date(Date.parse(due) + 2000))).toBe(0);
    expect(mailbox.to(user.email)).toHaveLength(3);
  });

  it('a digest of one alert goes out as that alert', async () => {
    const user = await makeUser(t.db, 'network_manager');
    await t.db.insert(notificationPreferences).values({ userId: user.id, digest: 'daily', timeZone: 'Europe/Berlin' });
    await notifyUsers(t.db, [user.id], note({ title: 'CP-9 is offline' }));
    const [row] = await eventually(async () => {
      const got = await deliveriesOf(user.id);
      return got.length === 1 ? got : null;
    }, 15_000);
    expect(row).toMatchObject({ status: 'held', reason: 'digest' });
    expect(await sendDueDigests(context(), new Date(new Date(row!.due_at!).getTime() + 1000))).toBe(1);
    const mail = await eventually(async () => mailbox.to(user.email)[0] ?? null, 15_000);
    expect(mail.headers.subject).toBe('CP-9 is offline');
  });
});

describe('when a digest is due', () => {
  const at = (iso: string) => new Date(iso);
  const prefs = (fields: Partial<Parameters<typeof digestDueAt>[1]>) => ({
    digest: 'hourly' as const,
    timeZone: 'UTC',
    quietHoursStart: null,
    quietHoursEnd: null,
    ...fields,
  });

  it('hourly: the next full hour of the user’s clock, also in a half-hour zone', () => {
    expect(digestDueAt(at('2026-06-01T10:20:00Z'), prefs({})).toISOString()).toBe('2026-06-01T11:00:00.000Z');
    // Colombo is UTC+5:30: its full hours fall on UTC half hours.
    expect(digestDueAt(at('2026-06-01T10:20:00Z'), prefs({ timeZone: 'Asia/Colombo' })).toISOString()).toBe(
      '2026-06-01T10:30:00.000Z',
    );
  });

  it('daily: 08:00 of the user’s clock, today if it is still ahead, else tomorrow', () => {
    expect(digestDueAt(at('2026-06-01T01:00:00Z'), prefs({ digest: 'daily', timeZone: 'Asia/Colombo' })).toISOString()).toBe(
      '2026-06-01T02:30:00.000Z',
    );
    expect(digestDueAt(at('2026-06-01T03:00:00Z'), prefs({ digest: 'daily', timeZone: 'Asia/Colombo' })).toISOString()).toBe(
      '2026-06-02T02:30:00.000Z',
    );
  });

  it('a digest due in quiet hours waits for their end', () => {
    const due = digestDueAt(at('2026-06-01T22:10:00Z'), prefs({ quietHoursStart: '22:00', quietHoursEnd: '07:00' }));
    expect(due.toISOString()).toBe('2026-06-02T07:00:00.000Z');
  });
});
