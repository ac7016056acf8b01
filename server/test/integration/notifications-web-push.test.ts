/**
 * Web Push against a real local push service (test/support/push-endpoint.ts) that checks the VAPID
 * header and decrypts the body as a browser would; the database is the real one (embedded, or
 * TEST_DATABASE_URL).
 */
import { eq, like } from 'drizzle-orm';
import webPush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { platformKeys, pushSubscriptions } from '../../src/db/schema/index.js';
import type { OutgoingMessage } from '../../src/modules/notifications/channels/types.js';
import { type PushTarget, webPushChannel } from '../../src/modules/notifications/channels/web-push.js';
import { loadVapidKeys, webPushAvailable } from '../../src/modules/notifications/vapid.js';
import { signedIn } from '../support/factories.js';
import { apiClient } from '../support/http.js';
import { type PushEndpoint, checkVapid, startPushEndpoint } from '../support/push-endpoint.js';
import { TEST_JWT_SECRET, TEST_SECRETS_KEY, type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let push: PushEndpoint;
const config = loadConfig({ JWT_SECRET: TEST_JWT_SECRET, SECRETS_KEY: TEST_SECRETS_KEY });

beforeAll(async () => {
  [t, push] = await Promise.all([startTestServer({ INVOICE_SCHEDULE: 'off' }), startPushEndpoint()]);
});
afterAll(async () => {
  await push?.close();
  await t?.close();
});

const message = (fields: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  recipientName: 'Nimal',
  organizationId: null,
  organizationName: null,
  type: 'charger_offline',
  category: 'alert',
  severity: 'critical',
  title: 'Charger CP-7 is offline',
  body: 'CP-7 at Colombo Central has not been heard from for 10 minutes — ünïcödé too.',
  url: 'http://localhost:8080/alerts/1',
  items: [],
  ...fields,
});

/** A user with one browser subscribed on the local push service, stored through the API. */
async function subscribedUser() {
  const { user, api } = await signedIn(t.url, t.db, 'network_manager');
  const subscription = push.subscribe();
  const response = await api.post('/api/v1/notifications/push/subscriptions', subscription.json);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { user, api, subscription, rowId: response.body.id as string };
}

describe('the VAPID key pair', () => {
  it('is generated once when instances start at once, and the next start reads the same pair', async () => {
    const firstStarts = await Promise.all([
      loadVapidKeys(t.db, config),
      loadVapidKeys(t.db, config),
      loadVapidKeys(t.db, config),
    ]);
    const publicKeys = new Set(firstStarts.map((keys) => keys!.publicKey));
    expect(publicKeys.size).toBe(1);
    expect(new Set(firstStarts.map((keys) => keys!.privateKey)).size).toBe(1);
    const stored = await t.db.select().from(platformKeys).where(eq(platformKeys.name, 'vapid'));
    expect(stored).toHaveLength(1);
    // The private half is encrypted at rest.
    expect(stored[0]!.privateCiphertext).toMatch(/^v1\./);
    expect(stored[0]!.privateCiphertext).not.toContain(firstStarts[0]!.privateKey);

    const nextStart = await loadVapidKeys(t.db, config);
    expect(nextStart!.publicKey).toBe(firstStarts[0]!.publicKey);
    const { api } = await signedIn(t.url, t.db, 'driver');
    const key = await api.get('/api/v1/notifications/push/key');
    expect(key.status).toBe(200);
    expect(key.body).toEqual({ publicKey: firstStarts[0]!.publicKey });
  });

  it('comes from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY when set (both or neither)', async () => {
    const pair = webPush.generateVAPIDKeys();
    const configured = loadConfig({
      VAPID_PUBLIC_KEY: pair.publicKey,
      VAPID_PRIVATE_KEY: pair.privateKey,
      VAPID_SUBJECT: 'mailto:ops@example.test',
    });
    expect(await loadVapidKeys(t.db, configured)).toMatchObject({
      ...pair,
      subject: 'mailto:ops@example.test',
      source: 'settings',
    });
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: pair.publicKey })).toThrow(ConfigError);
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: pair.privateKey, VAPID_PRIVATE_KEY: pair.privateKey })).toThrow(
      /VAPID_PUBLIC_KEY/,
    );
    expect(() => loadConfig({ VAPID_SUBJECT: 'http://example.test' })).toThrow(/VAPID_SUBJECT/);
    expect(loadConfig({}).notifications.vapidSubject).toBe('mailto:no-reply@chargeboard.local');
  });

  it('opens with SECRETS_KEY_PREVIOUS after a rotation and is then encrypted under the new key', async () => {
    const before = await loadVapidKeys(t.db, config);
    const newKey = 'ab'.repeat(32);
    const rotated = loadConfig({ SECRETS_KEY: newKey, SECRETS_KEY_PREVIOUS: TEST_SECRETS_KEY });
    expect((await loadVapidKeys(t.db, rotated))!.privateKey).toBe(before!.privateKey);
    const onlyNew = loadConfig({ SECRETS_KEY: newKey });
    expect((await loadVapidKeys(t.db, onlyNew))!.privateKey).toBe(before!.privateKey);
    // Back to the test key for the rest of the file.
    const back = loadConfig({ SECRETS_KEY: TEST_SECRETS_KEY, SECRETS_KEY_PREVIOUS: newKey });
    expect((await loadVapidKeys(t.db, back))!.publicKey).toBe(before!.publicKey);
  });

  it('is not made without a secrets key to keep it under: Web Push is off', async () => {
    const noSecrets = { ...config, secrets: null };
    expect(webPushAvailable(noSecrets)).toBe(false);
    expect(await loadVapidKeys(t.db, noSecrets)).toBeNull();
  });
});

describe('the web_push channel', () => {
  it('delivers to each of the user’s browsers; the push service decrypts exactly what was sent', async () => {
    const { user, subscription, rowId } = await subscribedUser();
    const channel = webPushChannel(t.db, config);
    const targets = await channel.targets(t.db, user.id);
    expect(targets.map((target) => target.id)).toEqual([rowId]);

    const result = await channel.send(targets[0]!, message(), 'delivery-1');
    expect(result).toMatchObject({ ok: true });
    const got = push.received.filter((r) => r.subscriptionId === subscription.id);
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]!.text)).toEqual({
      title: 'Charger CP-7 is offline',
      body: 'CP-7 at Colombo Central has not been heard from for 10 minutes — ünïcödé too.',
      url: 'http://localhost:8080/alerts/1',
      category: 'alert',
      severity: 'critical',
    });
    const vapid = await loadVapidKeys(t.db, config);
    expect(got[0]!.vapidKey).toBe(vapid!.publicKey);
    expect(got[0]!.claims.aud).toBe(push.url);
    expect(got[0]!.headers.urgency).toBe('high');
    expect(Number(got[0]!.headers.ttl)).toBeGreaterThan(0);
    const [row] = await t.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, rowId));
    expect(row!.lastSuccessAt).toBeInstanceOf(Date);

    // A target known only by its id (a retried delivery) is loaded again.
    expect(await channel.send({ id: rowId }, message({ severity: 'info', title: 'Second' }), 'delivery-2')).toMatchObject({
      ok: true,
    });
    const second = push.received.filter((r) => r.subscriptionId === subscription.id)[1]!;
    expect(JSON.parse(second.text).title).toBe('Second');
    expect(second.headers.urgency).toBe('low');
  });

  it('410 from the push service: permanent, forget the target, and the subscription row is gone after forget', async () => {
    const { user, subscription, rowId } = await subscribedUser();
    push.respondWith(subscription.id, 410);
    const channel = webPushChannel(t.db, config);
    const [target] = await channel.targets(t.db, user.id);
    const result = await channel.send(target!, message(), 'delivery-410');
    expect(result).toMatchObject({ ok: false, permanent: true, forgetTarget: true });
    await channel.forget!(t.db, target!);
    expect(await t.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, rowId))).toEqual([]);
    expect(await channel.targets(t.db, user.id)).toEqual([]);
    // Sending to it again (a delivery queued before) fails permanently without a request.
    expect(await channel.send({ id: rowId }, message(), 'delivery-410b')).toMatchObject({ ok: false, permanent: true });
  });

  it('500 and 429 are temporary; an unreachable push service too', async () => {
    const { user, subscription } = await subscribedUser();
    const channel = webPushChannel(t.db, config, { timeoutMs: 2000 });
    const [target] = (await channel.targets(t.db, user.id)) as PushTarget[];
    push.respondWith(subscription.id, 500);
    const failed = await channel.send(target!, message(), 'delivery-500');
    expect(failed).toMatchObject({ ok: false, permanent: false });
    expect(failed).not.toHaveProperty('forgetTarget');
    push.respondWith(subscription.id, 429);
    expect(await channel.send(target!, message(), 'delivery-429')).toMatchObject({ ok: false, permanent: false });
    const unreachable = { ...target!, endpoint: 'http://127.0.0.1:1/push/nowhere' };
    expect(await channel.send(unreachable, message(), 'delivery-down')).toMatchObject({ ok: false, permanent: false });
    const [row] = await t.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, target!.id));
    expect(row!.lastSuccessAt).toBeNull();
  });
});

describe('the local push service is strict (so the delivery test proves something)', () => {
  it('refuses a body encrypted for other keys, and a VAPID header for another audience or signed with another key', async () => {
    const { user, subscription } = await subscribedUser();
    const channel = webPushChannel(t.db, config);
    const [target] = (await channel.targets(t.db, user.id)) as PushTarget[];
    const wrongAuth = { ...target!, auth: push.subscribe().keys.auth };
    expect(await channel.send(wrongAuth, message(), 'delivery-wrong-keys')).toMatchObject({ ok: false, permanent: true });
    expect(push.refused.at(-1)!.reason).toMatch(/does not decrypt/);
    expect(push.received.filter((r) => r.subscriptionId === subscription.id)).toEqual([]);

    const pair = webPush.generateVAPIDKeys();
    const other = webPush.getVapidHeaders(
      'https://elsewhere.example',
      'mailto:a@b.test',
      pair.publicKey,
      pair.privateKey,
      'aes128gcm',
    );
    expect(() => checkVapid(other.Authorization, push.url)).toThrow(/aud/);
    const forged = other.Authorization.replace(/k=.*$/, `k=${webPush.generateVAPIDKeys().publicKey}`);
    expect(() => checkVapid(forged, 'https://elsewhere.example')).toThrow(/signature/);
    expect(checkVapid(other.Authorization, 'https://elsewhere.example').key).toBe(pair.publicKey);
  });
});

describe('the subscription API', () => {
  it('stores a subscription for the caller (201); the same endpoint again moves it, no duplicate', async () => {
    const first = await signedIn(t.url, t.db, 'driver');
    const second = await signedIn(t.url, t.db, 'cpo');
    const subscription = push.subscribe();
    const created = await first.api.post('/api/v1/notifications/push/subscriptions', subscription.json);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ endpoint: subscription.endpoint });
    const again = await first.api.post('/api/v1/notifications/push/subscriptions', subscription.json);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(created.body.id);
    const moved = await second.api.post('/api/v1/notifications/push/subscriptions', subscription.json);
    expect(moved.status).toBe(201);
    const rows = await t.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, subscription.endpoint));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.userId).toBe(second.user.id);
  });

  it('deletes only the caller’s own subscription (204 either way)', async () => {
    const owner = await signedIn(t.url, t.db, 'driver');
    const other = await signedIn(t.url, t.db, 'driver');
    const subscription = push.subscribe();
    expect((await owner.api.post('/api/v1/notifications/push/subscriptions', subscription.json)).status).toBe(201);
    const count = async () =>
      (await t.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, subscription.endpoint))).length;

    const foreign = await other.api.request('DELETE', '/api/v1/notifications/push/subscriptions', {
      endpoint: subscription.endpoint,
    });
    expect(foreign.status).toBe(204);
    expect(await count()).toBe(1);
    const own = await owner.api.request('DELETE', '/api/v1/notifications/push/subscriptions', {
      endpoint: subscription.endpoint,
    });
    expect(own.status).toBe(204);
    expect(await count()).toBe(0);
  });

  it('refuses bad input with stable codes', async () => {
    const { api } = await signedIn(t.url, t.db, 'driver');
    const good = push.subscribe().json;
    const post = (body: unknown) => api.post('/api/v1/notifications/push/subscriptions', body);
    const cases: [unknown, string][] = [
      [{ ...good, endpoint: 'http://push.example.test/abc' }, 'PUSH_ENDPOINT_INVALID'],
      [{ ...good, endpoint: 'ftp://push.example.test/abc' }, 'PUSH_ENDPOINT_INVALID'],
      [{ ...good, endpoint: 'not a url' }, 'PUSH_ENDPOINT_INVALID'],
      [{ ...good, endpoint: 'https://user:pw@push.example.test/abc' }, 'PUSH_ENDPOINT_INVALID'],
      [{ ...good, keys: { ...good.keys, p256dh: 'AAAA' } }, 'PUSH_KEYS_INVALID'],
      [{ ...good, keys: { ...good.keys, p256dh: Buffer.alloc(65, 4).toString('base64url') } }, 'PUSH_KEYS_INVALID'],
      [{ ...good, keys: { ...good.keys, auth: Buffer.alloc(8).toString('base64url') } }, 'PUSH_KEYS_INVALID'],
      [{ endpoint: good.endpoint }, 'VALIDATION_FAILED'],
      [{ ...good, extra: 1 }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code, JSON.stringify(body)).toBe(code);
    }
    expect(await t.db.select().from(pushSubscriptions).where(like(pushSubscriptions.endpoint, '%example.test%'))).toEqual([]);
  });

  it('answers 401 without a token', async () => {
    expect((await apiClient(t.url).get('/api/v1/notifications/push/key')).status).toBe(401);
    expect((await apiClient(t.url).post('/api/v1/notifications/push/subscriptions', push.subscribe().json)).status).toBe(401);
  });
});
