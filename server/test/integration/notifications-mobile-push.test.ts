/**
 * Mobile push (FCM HTTP v1) against a local contract server (test/support/fcm-server.ts) that
 * verifies the service-account JWT with its public key, issues access tokens, and checks each
 * `messages:send` as FCM would; the database is the real one (embedded, or TEST_DATABASE_URL).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Config, ConfigError, loadConfig } from '../../src/config.js';
import { mobileDevices, notificationDeliveries, notificationPreferences, notifications } from '../../src/db/schema/index.js';
import { buildChannels } from '../../src/modules/notifications/channels/index.js';
import { classifyFcmError, clearFcmTokenCache, mobilePushChannel } from '../../src/modules/notifications/channels/mobile-push.js';
import type { OutgoingMessage } from '../../src/modules/notifications/channels/types.js';
import type { DeliveryContext } from '../../src/modules/notifications/context.js';
import { deliverNotification } from '../../src/modules/notifications/deliver.js';
import { type NewNotification, notifyUsers } from '../../src/modules/notifications/notify.js';
import { TemporarySendError, sendDelivery } from '../../src/modules/notifications/send.js';
import { makeOrganization, makeUser, signedIn } from '../support/factories.js';
import { type FcmContractServer, startFcmServer } from '../support/fcm-server.js';
import { apiClient } from '../support/http.js';
import { eventually, rows } from '../support/ocpp.js';
import { TEST_JWT_SECRET, type TestServer, startTestServer } from '../support/server.js';

const PUBLIC_URL = 'https://charge.example.test';

let fcm: FcmContractServer;
let t: TestServer;
let config: Config;

beforeAll(async () => {
  fcm = await startFcmServer();
  const env = {
    INVOICE_SCHEDULE: 'off',
    PUBLIC_URL,
    FCM_SERVICE_ACCOUNT_JSON: JSON.stringify(fcm.serviceAccount),
    FCM_API_URL: fcm.url,
    // Jobs found quickly, retried quickly (the 500 case).
    JOB_POLL_MS: '50',
    JOB_RETRY_BASE_MS: '50',
  };
  t = await startTestServer(env);
  config = loadConfig({ JWT_SECRET: TEST_JWT_SECRET, ...env });
});
afterAll(async () => {
  await t?.close();
  await fcm?.close();
});

const context = (channels = buildChannels({ config, db: t.db })): DeliveryContext => ({
  db: t.db,
  config,
  channels,
  wake: () => {},
});

interface DeliveryRow {
  id: string;
  channel: string;
  target: string | null;
  status: string;
  reason: string | null;
  attempts: number;
  last_error: string | null;
  provider_reference: string | null;
  sent_at: Date | string | null;
}

const deliveriesOf = (notificationId: string) =>
  rows<DeliveryRow>(
    t.db,
    sql`SELECT * FROM notification_deliveries WHERE notification_id = ${notificationId} ORDER BY created_at`,
  );

/** Waits until the notification's only delivery has left `queued` and its send job is over. */
async function settled(notificationId: string): Promise<DeliveryRow> {
  return eventually(async () => {
    const [row, ...more] = await deliveriesOf(notificationId);
    if (more.length > 0) throw new Error('more than one delivery');
    if (!row || row.status === 'queued') return null;
    const jobs = await rows<{ status: string }>(
      t.db,
      sql`SELECT status FROM jobs WHERE kind = 'send-delivery' AND payload->>'deliveryId' = ${row.id}`,
    );
    return jobs.every((j) => j.status === 'done' || j.status === 'failed') ? row : null;
  }, 15_000);
}

let occasion = 0;
const alertNote = (fields: Partial<NewNotification> = {}): NewNotification => ({
  organizationId: null,
  category: 'alert',
  type: 'charger_offline',
  title: 'Charger CP-7 is offline',
  body: 'CP-7 at Colombo Central has not been heard from for 10 minutes — ünïcödé too.',
  link: '/alerts/7',
  severity: 'critical',
  dedupeKey: `mobile-test:${++occasion}`,
  ...fields,
});

const message = (fields: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  recipientName: 'Nimal',
  organizationId: null,
  organizationName: null,
  type: 'charger_offline',
  category: 'alert',
  severity: 'warning',
  title: 'Charger CP-7 is offline',
  body: 'Offline since 10:15.',
  url: `${PUBLIC_URL}/alerts/7`,
  items: [],
  ...fields,
});

/** A user who chose mobile push, with one phone registered through the API. */
async function userWithPhone(role: 'network_manager' | 'driver' = 'network_manager', fields = {}) {
  const { user, api } = await signedIn(t.url, t.db, role, fields);
  const token = fcm.registerPhone();
  const response = await api.post('/api/v1/me/mobile-devices', { token, platform: 'android', label: 'Nimal’s Pixel' });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const prefs = await api.get('/api/v1/me/notification-preferences');
  const saved = await api.put('/api/v1/me/notification-preferences', { ...prefs.body, channels: ['mobile_push'] });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  return { user, api, token, deviceId: response.body.id as string };
}

const receivedBy = (token: string) => fcm.received.filter((m) => m.token === token);
const deviceRow = async (id: string) => (await t.db.select().from(mobileDevices).where(eq(mobileDevices.id, id)))[0];

beforeEach(() => clearFcmTokenCache());

describe('mobile push delivery', () => {
  it('an alert reaches the phone through FCM with its title, body and data; the delivery is sent with FCM’s message name', async () => {
    const org = await makeOrganization(t.db, { name: 'Colombo Charging' });
    const { user, api, token, deviceId } = await userWithPhone('network_manager', { organizationId: org.id });
    const [id] = await notifyUsers(t.db, [user.id], alertNote({ organizationId: org.id }));

    const row = await settled(id!);
    expect(row).toMatchObject({ channel: 'mobile_push', target: deviceId, status: 'sent', attempts: 1, last_error: null });
    const [got] = receivedBy(token);
    expect(row.provider_reference).toBe(got!.name);
    expect(got!.name).toMatch(new RegExp(`^projects/${fcm.projectId}/messages/`));
    expect(got!.message).toEqual({
      token,
      notification: {
        title: 'Charger CP-7 is offline',
        body: 'CP-7 at Colombo Central has not been heard from for 10 minutes — ünïcödé too.',
      },
      data: {
        url: `${PUBLIC_URL}/alerts/7`,
        category: 'alert',
        severity: 'critical',
        type: 'charger_offline',
        organization: 'Colombo Charging',
        delivery: `${id}:mobile_push`,
      },
      android: { priority: 'high' },
      apns: { headers: { 'apns-priority': '10' } },
    });
    expect((await deviceRow(deviceId))!.lastSuccessAt).toBeInstanceOf(Date);
    // The profile page's list shows the last delivery.
    const listed = await api.get('/api/v1/me/mobile-devices');
    expect(listed.body).toMatchObject({
      available: true,
      items: [{ id: deviceId, platform: 'android', label: 'Nimal’s Pixel' }],
    });
    expect(listed.body.items[0].lastSuccessAt).not.toBeNull();
  });

  it('a warning goes out at normal priority; every phone of the user gets its own delivery', async () => {
    const { user, api, token, deviceId } = await userWithPhone();
    const second = fcm.registerPhone();
    const added = await api.post('/api/v1/me/mobile-devices', { token: second, platform: 'ios' });
    expect(added.status).toBe(201);
    const [id] = await notifyUsers(t.db, [user.id], alertNote({ severity: 'warning', link: null }));
    const rowsOf = await eventually(async () => {
      const all = await deliveriesOf(id!);
      return all.length === 2 && all.every((r) => r.status === 'sent') ? all : null;
    }, 15_000);
    expect(rowsOf.map((r) => r.target).sort()).toEqual([deviceId, added.body.id].sort());
    for (const phone of [token, second]) {
      const [got] = receivedBy(phone);
      expect(got!.message.android).toEqual({ priority: 'normal' });
      expect(got!.message.apns).toEqual({ headers: { 'apns-priority': '5' } });
      // No link: no url in the data (FCM takes strings only, so nothing is sent as null).
      expect(got!.message.data).not.toHaveProperty('url');
    }
  });

  it('one token exchange serves several sends; a revoked access token is replaced once and the send goes through', async () => {
    const { user, token } = await userWithPhone();
    const channel = mobilePushChannel(t.db, config.notifications.fcm!);
    const [target] = await channel.targets(t.db, user.id);
    const before = fcm.tokenExchanges.length;
    for (let i = 0; i < 3; i++)
      expect(await channel.send(target!, message({ title: `Send ${i}` }), `k-${i}`)).toMatchObject({ ok: true });
    // A second adapter in the same process (another job context) uses the same cached token.
    const other = mobilePushChannel(t.db, config.notifications.fcm!);
    expect(await other.send({ id: target!.id }, message(), 'k-other')).toMatchObject({ ok: true });
    expect(fcm.tokenExchanges.length - before).toBe(1);
    expect(new Set(receivedBy(token).map((m) => m.accessToken)).size).toBe(1);

    fcm.revokeAccessTokens();
    expect(await channel.send(target!, message({ title: 'After revocation' }), 'k-revoked')).toMatchObject({ ok: true });
    expect(fcm.tokenExchanges.length - before).toBe(2);
    expect(fcm.refused.at(-1)).toMatchObject({ status: 401 });
    expect(receivedBy(token).at(-1)!.message.notification!.title).toBe('After revocation');
  });

  it('UNREGISTERED: the delivery fails with FCM’s answer, not retried, and the phone is removed', async () => {
    const { user, api, token, deviceId } = await userWithPhone();
    fcm.unregister(token);
    const [id] = await notifyUsers(t.db, [user.id], alertNote());
    const row = await settled(id!);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, target: deviceId });
    expect(row.last_error).toContain('404');
    expect(row.last_error).toContain('UNREGISTERED');
    expect(await deviceRow(deviceId)).toBeUndefined();
    expect((await api.get('/api/v1/me/mobile-devices')).body.items).toEqual([]);

    // The next notification finds no phone: skipped, nothing sent.
    const [next] = await notifyUsers(t.db, [user.id], alertNote());
    expect(await settled(next!)).toMatchObject({ status: 'skipped', reason: 'no address' });
    expect(receivedBy(token)).toEqual([]);
  });

  it('a token FCM does not know (400 INVALID_ARGUMENT about the token) is removed too', async () => {
    const { user, api } = await signedIn(t.url, t.db, 'driver');
    const bogus = `never-issued:APA91b${'x'.repeat(120)}`;
    const created = await api.post('/api/v1/me/mobile-devices', { token: bogus, platform: 'ios' });
    expect(created.status).toBe(201);
    await t.db.insert(notificationPreferences).values({ userId: user.id, channels: ['mobile_push'] });
    const [id] = await notifyUsers(t.db, [user.id], alertNote());
    const row = await settled(id!);
    expect(row.status).toBe('failed');
    expect(row.last_error).toContain('400 INVALID_ARGUMENT The registration token is not a valid FCM registration token');
    expect(await deviceRow(created.body.id)).toBeUndefined();
  });

  it('a 500 is retried by the queue and the message then arrives once', async () => {
    const { user, token, deviceId } = await userWithPhone();
    fcm.answer(token, [500]);
    const [id] = await notifyUsers(t.db, [user.id], alertNote());
    const row = await settled(id!);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(fcm.answered.filter((a) => a.token === token)).toEqual([{ token, status: 500 }]);
    expect(receivedBy(token)).toHaveLength(1);
    expect(await deviceRow(deviceId)).toBeDefined();
  });

  it('429, 503 and an FCM that does not answer are temporary; the phone is kept', async () => {
    const { user, token, deviceId } = await userWithPhone();
    const channel = mobilePushChannel(t.db, config.notifications.fcm!, { timeoutMs: 500 });
    const [target] = await channel.targets(t.db, user.id);
    fcm.answer(token, [429, 503, 'hang']);
    const quota = await channel.send(target!, message(), 'k-429');
    expect(quota).toMatchObject({ ok: false, permanent: false });
    expect(quota).not.toHaveProperty('forgetTarget');
    expect((quota as { error: string }).error).toContain('QUOTA_EXCEEDED');
    expect(await channel.send(target!, message(), 'k-503')).toMatchObject({ ok: false, permanent: false });
    const hung = await channel.send(target!, message(), 'k-hang');
    expect(hung).toMatchObject({ ok: false, permanent: false, error: 'FCM did not answer in time' });
    const down = mobilePushChannel(t.db, { ...config.notifications.fcm!, apiUrl: 'http://127.0.0.1:1' });
    expect(await down.send(target!, message(), 'k-down')).toMatchObject({ ok: false, permanent: false });
    expect(await deviceRow(deviceId)).toBeDefined();
    expect(receivedBy(token)).toEqual([]);
  });

  it('credentials the token endpoint refuses: each attempt records why, the last one fails the delivery', async () => {
    const user = await makeUser(t.db, 'network_manager');
    const token = fcm.registerPhone();
    const [device] = await t.db
      .insert(mobileDevices)
      .values({ userId: user.id, fcmToken: token, platform: 'android' })
      .returning();
    const forged = loadConfig({ FCM_SERVICE_ACCOUNT_JSON: JSON.stringify(fcm.forgedServiceAccount()), FCM_API_URL: fcm.url });
    const channels = [mobilePushChannel(t.db, forged.notifications.fcm!)];
    // A notification and delivery made here, so that only this test's calls send it.
    const [note] = await t.db
      .insert(notifications)
      .values({ userId: user.id, category: 'alert', type: 'charger_offline', title: 'T', body: 'B', dedupeKey: 'forged-key' })
      .returning();
    const [delivery] = await t.db
      .insert(notificationDeliveries)
      .values({
        userId: user.id,
        notificationId: note!.id,
        notificationIds: [note!.id],
        channel: 'mobile_push',
        target: device!.id,
        idempotencyKey: `${note!.id}:mobile_push`,
      })
      .returning();
    await expect(sendDelivery(context(channels), delivery!.id, { attempts: 1, maxAttempts: 8 })).rejects.toBeInstanceOf(
      TemporarySendError,
    );
    let [row] = await deliveriesOf(note!.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row!.last_error).toContain('invalid_grant: Invalid JWT Signature.');
    expect(fcm.tokenExchanges.at(-1)).toEqual({ ok: false, reason: 'Invalid JWT Signature.' });

    await sendDelivery(context(channels), delivery!.id, { attempts: 8, maxAttempts: 8 });
    [row] = await deliveriesOf(note!.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row!.last_error).toContain('gave up after 2 attempts');
    expect(receivedBy(token)).toEqual([]);
    // The phone is not to blame: it stays.
    expect(await deviceRow(device!.id)).toBeDefined();
  });

  it('other answers: a refused data field is permanent but keeps the phone; 404 without UNREGISTERED keeps it too', () => {
    const dataField = JSON.stringify({
      error: {
        code: 400,
        message: "Invalid value at 'message.data[0].value' (TYPE_STRING), 12",
        status: 'INVALID_ARGUMENT',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: [{ field: 'message.data[0].value', description: 'Invalid value' }],
          },
        ],
      },
    });
    expect(classifyFcmError(400, dataField)).toEqual({ ok: false, permanent: true, error: expect.stringContaining('400') });
    expect(classifyFcmError(404, '<html>Not Found</html>')).toEqual({ ok: false, permanent: true, error: expect.any(String) });
    const mismatch = JSON.stringify({
      error: {
        code: 403,
        status: 'PERMISSION_DENIED',
        message: 'SenderId mismatch',
        details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'SENDER_ID_MISMATCH' }],
      },
    });
    expect(classifyFcmError(403, mismatch)).toEqual({
      ok: false,
      permanent: true,
      error: expect.stringContaining('SENDER_ID_MISMATCH'),
    });
  });

  it('without an FCM service account there is no adapter: mobile push deliveries are skipped', async () => {
    const bare = loadConfig({ JWT_SECRET: TEST_JWT_SECRET, PUBLIC_URL });
    expect(bare.notifications.fcm).toBeNull();
    const channels = buildChannels({ config: bare, db: t.db });
    expect(channels.map((c) => c.channel)).not.toContain('mobile_push');
    const { user } = await userWithPhone();
    const [note] = await t.db
      .insert(notifications)
      .values({ userId: user.id, category: 'alert', type: 'charger_offline', title: 'T', body: 'B', dedupeKey: 'no-fcm' })
      .returning();
    expect(await deliverNotification({ ...context(channels), config: bare }, note!.id)).toBe(0);
    expect(await deliveriesOf(note!.id)).toMatchObject([
      { channel: 'mobile_push', status: 'skipped', reason: 'channel not available on this server' },
    ]);
  });
});

describe('FCM settings', () => {
  it('reads the service account from a file or inline JSON; refuses what cannot work', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fcm-'));
    const file = path.join(dir, 'service-account.json');
    writeFileSync(file, JSON.stringify(fcm.serviceAccount));
    const fromFile = loadConfig({ FCM_SERVICE_ACCOUNT_FILE: file }).notifications.fcm!;
    expect(fromFile).toMatchObject({
      projectId: fcm.projectId,
      clientEmail: fcm.serviceAccount.client_email,
      tokenUri: `${fcm.url}/token`,
      apiUrl: 'https://fcm.googleapis.com',
    });
    const { token_uri: _omitted, ...withoutUri } = fcm.serviceAccount;
    expect(loadConfig({ FCM_SERVICE_ACCOUNT_JSON: JSON.stringify(withoutUri) }).notifications.fcm!.tokenUri).toBe(
      'https://oauth2.googleapis.com/token',
    );

    const json = JSON.stringify(fcm.serviceAccount);
    const refused: [Record<string, string>, RegExp][] = [
      [{ FCM_SERVICE_ACCOUNT_FILE: path.join(dir, 'missing.json') }, /cannot be read/],
      [{ FCM_SERVICE_ACCOUNT_JSON: '{not json' }, /not JSON/],
      [{ FCM_SERVICE_ACCOUNT_JSON: json, FCM_SERVICE_ACCOUNT_FILE: file }, /not both/],
      [{ FCM_API_URL: 'https://fcm.example.test' }, /needs FCM_SERVICE_ACCOUNT_FILE/],
      [{ FCM_SERVICE_ACCOUNT_JSON: JSON.stringify({ ...fcm.serviceAccount, private_key: 'nope' }) }, /private_key/],
      [{ FCM_SERVICE_ACCOUNT_JSON: JSON.stringify({ ...fcm.serviceAccount, project_id: '' }) }, /project_id/],
      [{ FCM_SERVICE_ACCOUNT_JSON: JSON.stringify({ ...fcm.serviceAccount, type: 'authorized_user' }) }, /not a service account/],
      [{ FCM_SERVICE_ACCOUNT_JSON: json, FCM_API_URL: 'ftp://fcm.example.test' }, /FCM_API_URL/],
      // Plain http to a local contract server only outside production.
      [{ FCM_SERVICE_ACCOUNT_JSON: json, NODE_ENV: 'production' }, /token_uri/],
    ];
    for (const [env, pattern] of refused) {
      expect(() => loadConfig(env), JSON.stringify(Object.keys(env))).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(pattern);
    }
  });
});

describe('the device API', () => {
  it('registers a phone for the caller; the same token again updates it; another user’s token moves as a new device', async () => {
    const first = await signedIn(t.url, t.db, 'driver');
    const second = await signedIn(t.url, t.db, 'cpo');
    const token = fcm.registerPhone();
    const created = await first.api.post('/api/v1/me/mobile-devices', {
      token: `  ${token} `,
      platform: 'android',
      label: ' Work phone ',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      platform: 'android',
      label: 'Work phone',
      createdAt: expect.any(String),
      lastSuccessAt: null,
    });
    expect(created.body).not.toHaveProperty('token');
    const again = await first.api.post('/api/v1/me/mobile-devices', { token, platform: 'android', label: 'Renamed' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: created.body.id, label: 'Renamed', createdAt: created.body.createdAt });

    const moved = await second.api.post('/api/v1/me/mobile-devices', { token, platform: 'ios' });
    expect(moved.status).toBe(201);
    expect(moved.body.id).not.toBe(created.body.id);
    const stored = await t.db.select().from(mobileDevices).where(eq(mobileDevices.fcmToken, token));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ userId: second.user.id, platform: 'ios', label: null, lastSuccessAt: null });
    expect((await first.api.get('/api/v1/me/mobile-devices')).body.items).toEqual([]);
    expect((await second.api.get('/api/v1/me/mobile-devices')).body.items.map((d: { id: string }) => d.id)).toEqual([
      moved.body.id,
    ]);
  });

  it('a delivery queued for the previous owner is not sent to the new owner', async () => {
    const { user, token, deviceId } = await userWithPhone();
    const newOwner = await signedIn(t.url, t.db, 'driver');
    const [note] = await t.db
      .insert(notifications)
      .values({
        userId: user.id,
        category: 'alert',
        type: 'charger_offline',
        title: 'For the old owner',
        body: 'B',
        dedupeKey: 'moved',
      })
      .returning();
    const [delivery] = await t.db
      .insert(notificationDeliveries)
      .values({
        userId: user.id,
        notificationId: note!.id,
        notificationIds: [note!.id],
        channel: 'mobile_push',
        target: deviceId,
        idempotencyKey: `${note!.id}:mobile_push`,
      })
      .returning();
    expect((await newOwner.api.post('/api/v1/me/mobile-devices', { token, platform: 'android' })).status).toBe(201);
    await sendDelivery(context(), delivery!.id, { attempts: 1, maxAttempts: 8 });
    expect((await deliveriesOf(note!.id))[0]).toMatchObject({
      status: 'failed',
      last_error: 'The device is no longer registered',
    });
    expect(receivedBy(token)).toEqual([]);
  });

  it('a user deletes only their own phones: someone else’s is 404 and stays', async () => {
    const a = await signedIn(t.url, t.db, 'driver');
    const b = await signedIn(t.url, t.db, 'driver');
    const device = await b.api.post('/api/v1/me/mobile-devices', {
      token: fcm.registerPhone(),
      platform: 'ios',
      label: 'B’s iPhone',
    });
    expect(device.status).toBe(201);
    const foreign = await a.api.delete(`/api/v1/me/mobile-devices/${device.body.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    expect(await deviceRow(device.body.id)).toBeDefined();
    expect((await a.api.get('/api/v1/me/mobile-devices')).body.items).toEqual([]);

    expect((await b.api.delete(`/api/v1/me/mobile-devices/${device.body.id}`)).status).toBe(204);
    expect(await deviceRow(device.body.id)).toBeUndefined();
    expect((await b.api.delete(`/api/v1/me/mobile-devices/${device.body.id}`)).status).toBe(404);
    expect((await b.api.delete('/api/v1/me/mobile-devices/not-a-uuid')).status).toBe(400);
  });

  it('refuses bad input with stable codes and stores nothing', async () => {
    const { user, api } = await signedIn(t.url, t.db, 'driver');
    const good = { token: fcm.registerPhone(), platform: 'android' };
    const cases: [unknown, string][] = [
      [{ ...good, token: 'short' }, 'MOBILE_TOKEN_INVALID'],
      [{ ...good, token: 'x'.repeat(1025) }, 'MOBILE_TOKEN_INVALID'],
      [{ ...good, token: `${good.token.slice(0, 40)} <script>${good.token.slice(40)}` }, 'MOBILE_TOKEN_INVALID'],
      // NUL is refused for every request body before the route sees it.
      [{ ...good, token: `${good.token}\u0000` }, 'VALIDATION_FAILED'],
      [{ ...good, platform: 'web' }, 'VALIDATION_FAILED'],
      [{ ...good, platform: 'windows' }, 'VALIDATION_FAILED'],
      [{ ...good, label: 'x'.repeat(101) }, 'VALIDATION_FAILED'],
      [{ ...good, label: 'two\nlines' }, 'VALIDATION_FAILED'],
      [{ token: good.token }, 'VALIDATION_FAILED'],
      [{ ...good, extra: 1 }, 'VALIDATION_FAILED'],
      [{ ...good, token: 42 }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const response = await api.post('/api/v1/me/mobile-devices', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code, JSON.stringify(body)).toBe(code);
    }
    expect(await t.db.select().from(mobileDevices).where(eq(mobileDevices.userId, user.id))).toEqual([]);
  });

  it('answers 401 without a token', async () => {
    expect((await apiClient(t.url).get('/api/v1/me/mobile-devices')).status).toBe(401);
    expect(
      (await apiClient(t.url).post('/api/v1/me/mobile-devices', { token: fcm.registerPhone(), platform: 'ios' })).status,
    ).toBe(401);
  });
});
