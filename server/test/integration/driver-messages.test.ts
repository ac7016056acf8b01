/**
 * Messages to drivers (docs/driver-messages.md): who an audience reaches, what is refused, the
 * schedule on the durable queue, opt-outs, a job that runs twice, and each recipient's delivery
 * as the real local SMTP server received it.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationPreferences } from '../../src/db/schema/index.js';
import { resolveRecipients } from '../../src/modules/driver-messages/recipients.js';
import { sendDriverMessage } from '../../src/modules/driver-messages/send.js';
import { makeCharger, makeCustomRole, makeOrganization, makeSite, makeUser, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { eventually, makeToken, rows } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { storedSession } from '../support/sessions.js';
import { type Mailbox, startMailbox } from '../support/smtp-server.js';

let mailbox: Mailbox;
let t: TestServer;

beforeAll(async () => {
  mailbox = await startMailbox();
  t = await startTestServer({
    INVOICE_SCHEDULE: 'off',
    SMTP_URL: mailbox.url,
    PUBLIC_URL: 'https://charge.example.test',
    JOB_POLL_MS: '50',
    JOB_RETRY_BASE_MS: '50',
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await mailbox?.close();
});

const DAY = 86_400_000;

/** A CPO organization with drivers, sites and sessions, and a foreign organization beside it. */
async function network() {
  const org = await makeOrganization(t.db, { name: 'Lanka EV' });
  const foreign = await makeOrganization(t.db, { name: 'Other CPO' });
  const site = await makeSite(t.db, org.id, { name: 'Colombo Mall' });
  const site2 = await makeSite(t.db, org.id, { name: 'Kandy Station' });
  const foreignSite = await makeSite(t.db, foreign.id);
  const owner = await makeUser(t.db, 'location_owner', { organizationId: org.id });
  const charger = await makeCharger(t.db, site, { locationOwnerId: owner.id, locationOwnerShare: '0.05' });
  const charger2 = await makeCharger(t.db, site2);
  const driver = (name: string, fields = {}) => makeUser(t.db, 'driver', { organizationId: org.id, name, ...fields });
  const amaya = await driver('Amaya Silva');
  const bandu = await driver('Bandu Perera');
  const chamari = await driver('Chamari Fernando');
  const dilan = await driver('Dilan Jayasuriya');
  const eshan = await driver('Eshan Gunawardena');
  const disabled = await driver('Former Driver', { disabled: true });
  const stranger = await makeUser(t.db, 'driver', { organizationId: foreign.id, name: 'Foreign Driver' });
  const cpo = await signedIn(t.url, t.db, 'cpo', { organizationId: org.id });

  // Amaya charged at the mall 3 days ago (the session names her); Bandu 10 days ago with his card.
  const bandusCard = await makeToken(t.db, org.id, { userId: bandu.id, tokenGroup: 'Fleet South' });
  await storedSession(t.db, { charger, startedAt: new Date(Date.now() - 3 * DAY), userId: amaya.id });
  await storedSession(t.db, { charger, startedAt: new Date(Date.now() - 10 * DAY), idTokenId: bandusCard.id });
  // Chamari charged in Kandy yesterday; the foreign driver at the mall yesterday.
  await storedSession(t.db, { charger: charger2, startedAt: new Date(Date.now() - DAY), userId: chamari.id });
  await storedSession(t.db, { charger, startedAt: new Date(Date.now() - DAY), userId: stranger.id });
  // Dilan holds an active card of Fleet North, Eshan a blocked one; the stranger one of its own organization.
  await makeToken(t.db, org.id, { userId: dilan.id, tokenGroup: 'Fleet North' });
  await makeToken(t.db, org.id, { userId: eshan.id, tokenGroup: 'Fleet North', status: 'blocked' });
  await makeToken(t.db, foreign.id, { userId: stranger.id, tokenGroup: 'Fleet North' });

  return { org, foreign, site, site2, foreignSite, owner, amaya, bandu, chamari, dilan, eshan, disabled, stranger, cpo };
}
type Network = Awaited<ReturnType<typeof network>>;

let n: Network;
beforeAll(async () => {
  n = await network();
}, 60_000);

const compose = (api: ApiClient, fields: Record<string, unknown>) =>
  api.post('/api/v1/driver-messages', {
    organizationId: n.org.id,
    category: 'service',
    title: 'Planned maintenance',
    body: 'The Colombo Mall chargers are closed on Sunday morning.',
    channels: ['email'],
    audience: { kind: 'organization' },
    ...fields,
  });

const notifiedUsers = async (messageId: string) =>
  (await rows<{ user_id: string }>(t.db, sql`SELECT user_id FROM notifications WHERE message_id = ${messageId}`))
    .map((r) => r.user_id)
    .sort();

const ids = (...users: { id: string }[]) => users.map((u) => u.id).sort();

async function sent(api: ApiClient, id: string) {
  return eventually(async () => {
    const detail = await api.get(`/api/v1/driver-messages/${id}`);
    return detail.body.status === 'sent' ? detail.body : null;
  }, 15_000);
}

describe('audiences', () => {
  it('each kind reaches the right drivers of the organization, and only them', async () => {
    const resolve = async (audience: Parameters<typeof resolveRecipients>[3]) =>
      (await resolveRecipients(t.db, n.org.id, 'service', audience)).userIds.sort();
    // Every enabled driver of the organization: not the disabled one, the location owner, the CPO or the foreign driver.
    expect(await resolve({ kind: 'organization' })).toEqual(ids(n.amaya, n.bandu, n.chamari, n.dilan, n.eshan));
    expect(await resolve({ kind: 'drivers', userIds: [n.amaya.id, n.dilan.id] })).toEqual(ids(n.amaya, n.dilan));
    // At the mall in the last 7 days: Amaya (named on the session); 14 days: Bandu too (by his card). Never the foreign driver who charged there.
    expect(await resolve({ kind: 'sites', siteIds: [n.site.id], days: 7 })).toEqual(ids(n.amaya));
    expect(await resolve({ kind: 'sites', siteIds: [n.site.id], days: 14 })).toEqual(ids(n.amaya, n.bandu));
    expect(await resolve({ kind: 'sites', siteIds: [n.site.id, n.site2.id], days: 2 })).toEqual(ids(n.chamari));
    // Holders of an active card of the group: Dilan; not Eshan (blocked), not the foreign organization's holder.
    expect(await resolve({ kind: 'token_groups', groups: ['Fleet North'] })).toEqual(ids(n.dilan));
    expect(await resolve({ kind: 'token_groups', groups: ['Fleet North', 'Fleet South'] })).toEqual(ids(n.bandu, n.dilan));

    // The compose form's count says the same.
    const preview = await n.cpo.api.post('/api/v1/driver-messages/preview', {
      organizationId: n.org.id,
      category: 'service',
      audience: { kind: 'sites', siteIds: [n.site.id], days: 14 },
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ recipients: 2, optedOut: 0 });

    // The options list the organization's drivers and groups only.
    const options = await n.cpo.api.get(`/api/v1/driver-messages/options?organizationId=${n.org.id}&q=a`);
    expect(options.status).toBe(200);
    expect(options.body.drivers.map((d: { name: string }) => d.name)).not.toContain('Foreign Driver');
    expect(options.body.drivers.map((d: { name: string }) => d.name)).toContain('Amaya Silva');
    expect(options.body.tokenGroups).toEqual(['Fleet North', 'Fleet South']);
  });

  it('a message to the organization reaches its drivers and never a location owner or another organization', async () => {
    const created = await compose(n.cpo.api, { audience: { kind: 'organization' }, channels: [] });
    expect(created.status).toBe(201);
    expect(created.body.preview.recipients).toBe(5);
    const done = await sent(n.cpo.api, created.body.id);
    expect(done.recipientCount).toBe(5);
    expect(await notifiedUsers(created.body.id)).toEqual(ids(n.amaya, n.bandu, n.chamari, n.dilan, n.eshan));
    // The location owner of the mall's charger hears of no message (nor of a charger not assigned to them).
    const ownerNotes = await rows(t.db, sql`SELECT id FROM notifications WHERE user_id = ${n.owner.id}`);
    expect(ownerNotes).toEqual([]);
    // In the app only: no delivery rows at all.
    const deliveries = await rows(
      t.db,
      sql`SELECT d.id FROM notification_deliveries d JOIN notifications x ON x.id = d.notification_id WHERE x.message_id = ${created.body.id}`,
    );
    expect(deliveries).toEqual([]);
  });

  it('a token group set through the ID-token API is one the compose form offers and an audience reaches', async () => {
    const admin = await signedIn(t.url, t.db, 'admin');
    const card = await makeToken(t.db, n.org.id, { userId: n.eshan.id });
    const patched = await admin.api.patch(`/api/v1/id-tokens/${card.id}`, { tokenGroup: 'Night Shift' });
    expect(patched.status).toBe(200);
    expect(patched.body.tokenGroup).toBe('Night Shift');
    const options = await n.cpo.api.get(`/api/v1/driver-messages/options?organizationId=${n.org.id}`);
    expect(options.body.tokenGroups).toContain('Night Shift');
    const preview = await n.cpo.api.post('/api/v1/driver-messages/preview', {
      organizationId: n.org.id,
      category: 'service',
      audience: { kind: 'token_groups', groups: ['Night Shift'] },
    });
    expect(preview.body).toEqual({ recipients: 1, optedOut: 0 });
  });
});

describe('refusals', () => {
  it('an audience that reaches nobody is 422 MESSAGE_NO_RECIPIENTS, and nothing is stored', async () => {
    const before = await rows(t.db, sql`SELECT id FROM driver_messages WHERE organization_id = ${n.org.id}`);
    const refused = await compose(n.cpo.api, { audience: { kind: 'token_groups', groups: ['Nobody Has This'] } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('MESSAGE_NO_RECIPIENTS');
    const stale = await compose(n.cpo.api, { audience: { kind: 'sites', siteIds: [n.site2.id], days: 1 }, sendAt: null });
    expect(stale.body.error.code).toBe('MESSAGE_NO_RECIPIENTS');
    const after = await rows(t.db, sql`SELECT id FROM driver_messages WHERE organization_id = ${n.org.id}`);
    expect(after.length).toBe(before.length);
  });

  it('another organization’s driver is refused exactly like an id that does not exist', async () => {
    const foreign = await compose(n.cpo.api, { audience: { kind: 'drivers', userIds: [n.amaya.id, n.stranger.id] } });
    const made_up = await compose(n.cpo.api, { audience: { kind: 'drivers', userIds: [n.amaya.id, randomUUID()] } });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.code).toBe('MESSAGE_AUDIENCE_INVALID');
    expect(foreign.body.error.message).toBe(made_up.body.error.message);
    expect(JSON.stringify(foreign.body)).not.toContain('Foreign Driver');
    // A location owner is not a driver either, nor is another organization's site a site of this one.
    expect((await compose(n.cpo.api, { audience: { kind: 'drivers', userIds: [n.owner.id] } })).body.error.code).toBe(
      'MESSAGE_AUDIENCE_INVALID',
    );
    const site = await compose(n.cpo.api, { audience: { kind: 'sites', siteIds: [n.foreignSite.id], days: 30 } });
    expect(site.status).toBe(422);
    expect(site.body.error.code).toBe('MESSAGE_AUDIENCE_INVALID');
    expect(await rows(t.db, sql`SELECT id FROM notifications WHERE user_id = ${n.stranger.id}`)).toEqual([]);
  });

  it('a CPO cannot message another organization; roles without the permission or limited to sites are refused', async () => {
    const other = await compose(n.cpo.api, { organizationId: n.foreign.id });
    expect(other.status).toBe(404);
    const owner = await signedIn(t.url, t.db, 'location_owner', { organizationId: n.org.id });
    expect((await compose(owner.api, {})).status).toBe(403);
    const driver = await signedIn(t.url, t.db, 'driver', { organizationId: n.org.id });
    expect((await compose(driver.api, {})).status).toBe(403);
    const role = await makeCustomRole(t.db, n.org.id, ['messages:write'], [n.site.id]);
    const siteLimited = await signedIn(t.url, t.db, 'custom', { organizationId: n.org.id, customRoleId: role.id });
    const refused = await compose(siteLimited.api, {});
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('SITE_LIMITED_SCOPE');
    // The foreign organization's CPO does not see this organization's messages.
    const created = await compose(n.cpo.api, { channels: [] });
    const foreignCpo = await signedIn(t.url, t.db, 'cpo', { organizationId: n.foreign.id });
    expect((await foreignCpo.api.get(`/api/v1/driver-messages/${created.body.id}`)).status).toBe(404);
    const list = await foreignCpo.api.get('/api/v1/driver-messages?pageSize=200');
    expect(list.body.items.map((m: { id: string }) => m.id)).not.toContain(created.body.id);
    const ownList = await n.cpo.api.get('/api/v1/driver-messages?pageSize=200');
    expect(ownList.body.items.map((m: { id: string }) => m.id)).toContain(created.body.id);
  });

  it('bad input is a clear 4xx, never a 500', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ title: '' }, 400, 'VALIDATION_FAILED'],
      [{ title: 'x'.repeat(121) }, 400, 'VALIDATION_FAILED'],
      [{ body: '' }, 400, 'VALIDATION_FAILED'],
      [{ link: 'https://phishing.example/login' }, 400, 'VALIDATION_FAILED'],
      [{ link: '//phishing.example' }, 400, 'VALIDATION_FAILED'],
      [{ link: 'javascript:alert(1)' }, 400, 'VALIDATION_FAILED'],
      [{ channels: ['sms'] }, 400, 'VALIDATION_FAILED'],
      [{ category: 'alert' }, 400, 'VALIDATION_FAILED'],
      [{ audience: { kind: 'drivers', userIds: [] } }, 400, 'VALIDATION_FAILED'],
      [{ audience: { kind: 'sites', siteIds: [n.site.id], days: 0 } }, 400, 'VALIDATION_FAILED'],
      [{ audience: { kind: 'everyone' } }, 400, 'VALIDATION_FAILED'],
      [{ audience: undefined }, 400, 'VALIDATION_FAILED'],
      [{ sendAt: 'tomorrow' }, 400, 'VALIDATION_FAILED'],
      [{ sendAt: new Date(Date.now() - 3_600_000).toISOString() }, 422, 'MESSAGE_INVALID'],
    ];
    for (const [fields, status, code] of cases) {
      const response = await compose(n.cpo.api, fields);
      expect(response.status, JSON.stringify(fields)).toBe(status);
      expect(response.body.error.code, JSON.stringify(fields)).toBe(code);
    }
  });
});

describe('schedule', () => {
  it('a scheduled message is not sent before its time and is sent after it', async () => {
    const sendAt = new Date(Date.now() + 3_000);
    const created = await compose(n.cpo.api, {
      audience: { kind: 'drivers', userIds: [n.chamari.id] },
      sendAt: sendAt.toISOString(),
      channels: [],
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('scheduled');
    expect(created.body.sendAt).toBe(sendAt.toISOString());
    const [job] = await rows<{ run_at: Date | string }>(
      t.db,
      sql`SELECT run_at FROM jobs WHERE kind = 'send-driver-message' AND payload->>'messageId' = ${created.body.id}`,
    );
    expect(new Date(job!.run_at).toISOString()).toBe(sendAt.toISOString());
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await n.cpo.api.get(`/api/v1/driver-messages/${created.body.id}`)).body.status).toBe('scheduled');
    expect(await notifiedUsers(created.body.id)).toEqual([]);

    const done = await sent(n.cpo.api, created.body.id);
    expect(new Date(done.sentAt).getTime()).toBeGreaterThanOrEqual(sendAt.getTime());
    expect(await notifiedUsers(created.body.id)).toEqual(ids(n.chamari));
  });

  it('a scheduled message can be cancelled until it is sent; a cancelled one sends nothing', async () => {
    const created = await compose(n.cpo.api, { sendAt: new Date(Date.now() + 3_600_000).toISOString(), channels: [] });
    const cancelled = await n.cpo.api.post(`/api/v1/driver-messages/${created.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await n.cpo.api.post(`/api/v1/driver-messages/${created.body.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MESSAGE_NOT_SCHEDULED');
    // Its job, run now anyway, finds it cancelled.
    expect(await sendDriverMessage(t.db, created.body.id)).toBe('skipped');
    expect(await notifiedUsers(created.body.id)).toEqual([]);
    // A sent message cannot be cancelled.
    const now = await compose(n.cpo.api, { audience: { kind: 'drivers', userIds: [n.amaya.id] }, channels: [] });
    await sent(n.cpo.api, now.body.id);
    expect((await n.cpo.api.post(`/api/v1/driver-messages/${now.body.id}/cancel`)).body.error.code).toBe('MESSAGE_NOT_SCHEDULED');
    // Both writes are in the audit log.
    const audit = await rows<{ action: string }>(
      t.db,
      sql`SELECT action FROM audit_log WHERE entity_type = 'driver_message' AND entity_id = ${created.body.id} ORDER BY seq`,
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'cancel']);
  });

  it('a job that runs again (a crash after notifying) tells each driver once', async () => {
    const created = await compose(n.cpo.api, { audience: { kind: 'drivers', userIds: [n.bandu.id, n.dilan.id] }, channels: [] });
    await sent(n.cpo.api, created.body.id);
    // As if the process died before marking it sent: the retried job runs the whole send again.
    await t.db.execute(sql`UPDATE driver_messages SET status = 'sending' WHERE id = ${created.body.id}`);
    expect(await sendDriverMessage(t.db, created.body.id)).toBe('sent');
    expect(await sendDriverMessage(t.db, created.body.id)).toBe('skipped');
    const perDriver = await rows<{ user_id: string; n: number }>(
      t.db,
      sql`SELECT user_id, count(*)::int AS n FROM notifications WHERE message_id = ${created.body.id} GROUP BY user_id`,
    );
    expect(perDriver.map((r) => Number(r.n))).toEqual([1, 1]);
    expect((await n.cpo.api.get(`/api/v1/driver-messages/${created.body.id}`)).body.recipientCount).toBe(2);
  });
});

describe('opt-out and delivery', () => {
  it('an opted-out driver gets no marketing message but does get a service message', async () => {
    const org = await makeOrganization(t.db);
    const cpo = await signedIn(t.url, t.db, 'cpo', { organizationId: org.id });
    const optedOut = await signedIn(t.url, t.db, 'driver', { organizationId: org.id, name: 'No Offers Please' });
    const keen = await makeUser(t.db, 'driver', { organizationId: org.id, name: 'Keen Driver' });
    const put = await optedOut.api.put('/api/v1/me/notification-preferences', {
      channels: ['email'],
      alertTypes: null,
      quietHoursStart: null,
      quietHoursEnd: null,
      timeZone: 'Asia/Colombo',
      digest: 'off',
      marketingOptOut: true,
    });
    expect(put.status).toBe(200);

    const preview = await cpo.api.post('/api/v1/driver-messages/preview', {
      organizationId: org.id,
      category: 'marketing',
      audience: { kind: 'organization' },
    });
    expect(preview.body).toEqual({ recipients: 1, optedOut: 1 });
    const offer = await compose(cpo.api, { organizationId: org.id, category: 'marketing', title: '20 % off this weekend' });
    expect(offer.status).toBe(201);
    await sent(cpo.api, offer.body.id);
    expect(await notifiedUsers(offer.body.id)).toEqual([keen.id]);
    await eventually(async () => mailbox.to(keen.email).some((m) => m.headers.subject === '20 % off this weekend'), 15_000);
    expect(mailbox.to(optedOut.user.email)).toEqual([]);

    // Only them: a marketing message to the opted-out driver alone reaches nobody.
    const alone = await compose(cpo.api, {
      organizationId: org.id,
      category: 'marketing',
      audience: { kind: 'drivers', userIds: [optedOut.user.id] },
    });
    expect(alone.status).toBe(422);
    expect(alone.body.error.code).toBe('MESSAGE_NO_RECIPIENTS');

    const service = await compose(cpo.api, {
      organizationId: org.id,
      category: 'service',
      title: 'Your session receipt changed',
    });
    await sent(cpo.api, service.body.id);
    expect(await notifiedUsers(service.body.id)).toEqual([keen.id, optedOut.user.id].sort());
    await eventually(
      async () => mailbox.to(optedOut.user.email).some((m) => m.headers.subject === 'Your session receipt changed'),
      15_000,
    );
    // The driver sees the service message in the portal's Messages, not the offer.
    const inbox = await optedOut.api.get('/api/v1/me/messages');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((m: { title: string }) => m.title)).toEqual(['Your session receipt changed']);
  });

  it('a driver who opts out between compose and send is left out: recipients are resolved again at send time', async () => {
    const org = await makeOrganization(t.db);
    const cpo = await signedIn(t.url, t.db, 'cpo', { organizationId: org.id });
    const late = await makeUser(t.db, 'driver', { organizationId: org.id });
    const created = await compose(cpo.api, {
      organizationId: org.id,
      category: 'marketing',
      sendAt: new Date(Date.now() + 1_500).toISOString(),
    });
    expect(created.status).toBe(201);
    // Opted out between compose and send: resolved again at send time, so left out altogether.
    await t.db.insert(notificationPreferences).values({ userId: late.id, marketingOptOut: true });
    await eventually(
      async () =>
        (await rows(t.db, sql`SELECT status FROM driver_messages WHERE id = ${created.body.id} AND status = 'sent'`)).length > 0,
      15_000,
    );
    expect(await notifiedUsers(created.body.id)).toEqual([]);
    expect((await cpo.api.get(`/api/v1/driver-messages/${created.body.id}`)).body.recipientCount).toBe(0);
  });

  it('each recipient’s delivery shows the e-mail the SMTP server took and when the driver read it', async () => {
    const org = await makeOrganization(t.db, { name: 'Delivery Org' });
    const cpo = await signedIn(t.url, t.db, 'cpo', { organizationId: org.id });
    const reader = await signedIn(t.url, t.db, 'driver', { organizationId: org.id, name: 'Reader Driver' });
    const inAppOnly = await makeUser(t.db, 'driver', { organizationId: org.id, name: 'App Only Driver' });
    await t.db.insert(notificationPreferences).values({ userId: inAppOnly.id, channels: [] });
    const created = await compose(cpo.api, {
      organizationId: org.id,
      title: 'Your charger is back',
      body: 'Kandy Station is open again.',
      link: '/my-charging',
    });
    expect(created.status).toBe(201);
    const [mail] = await eventually(
      async () => (mailbox.to(reader.user.email).length > 0 ? mailbox.to(reader.user.email) : null),
      15_000,
    );
    expect(mail!.headers.subject).toBe('Your charger is back');
    expect(mail!.text).toContain('Kandy Station is open again.');
    expect(mail!.text).toContain('https://charge.example.test/my-charging');

    const detail = await eventually(async () => {
      const body = (await cpo.api.get(`/api/v1/driver-messages/${created.body.id}`)).body;
      const reading = body.recipients?.find((r: { name: string }) => r.name === 'Reader Driver');
      return reading?.deliveries[0]?.status === 'sent' ? body : null;
    }, 15_000);
    expect(detail.recipientsTotal).toBe(2);
    expect(detail.opened).toBe(0);
    const [appOnly, reading] = detail.recipients;
    expect(appOnly).toMatchObject({ name: 'App Only Driver', openedAt: null, deliveries: [] });
    expect(reading).toMatchObject({ name: 'Reader Driver', email: reader.user.email, openedAt: null });
    expect(reading.deliveries).toEqual([
      expect.objectContaining({ channel: 'email', target: reader.user.email, status: 'sent', error: null, attempts: 1 }),
    ]);
    expect(reading.deliveries[0].sentAt).not.toBeNull();

    // The driver reads it in the portal; the detail shows it opened.
    const inbox = await reader.api.get('/api/v1/me/messages');
    const [message] = inbox.body.items;
    expect(message).toMatchObject({
      title: 'Your charger is back',
      messageId: created.body.id,
      readAt: null,
      link: '/my-charging',
    });
    expect(inbox.body.unread).toBe(1);
    expect((await reader.api.post(`/api/v1/notifications/${message.id}/read`)).status).toBe(200);
    const afterRead = (await cpo.api.get(`/api/v1/driver-messages/${created.body.id}`)).body;
    expect(afterRead.opened).toBe(1);
    expect(afterRead.recipients[1].openedAt).not.toBeNull();
  });

  it('a refused address shows as failed with the SMTP server’s answer', async () => {
    const org = await makeOrganization(t.db);
    const cpo = await signedIn(t.url, t.db, 'cpo', { organizationId: org.id });
    const bounced = await makeUser(t.db, 'driver', {
      organizationId: org.id,
      email: `gone-${randomUUID().slice(0, 6)}@test.example`,
    });
    mailbox.answer(bounced.email, [550]);
    const created = await compose(cpo.api, { organizationId: org.id });
    const detail = await eventually(async () => {
      const body = (await cpo.api.get(`/api/v1/driver-messages/${created.body.id}`)).body;
      return body.recipients?.[0]?.deliveries[0]?.status === 'failed' ? body : null;
    }, 15_000);
    expect(detail.recipients[0].deliveries[0].error).toContain('No such mailbox here');
  });
});
