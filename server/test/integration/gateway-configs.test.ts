import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { auditLog, gatewayConfigs, paymentSettings } from '../../src/db/schema/index.js';
import { decryptSecret, parseSecretKey } from '../../src/domain/secrets.js';
import { buildApp } from '../../src/http/app.js';
import { PAYMENT_SETTINGS_DEFAULTS } from '../../src/modules/payment-settings/service.js';
import { login, makeOrganization, makeUser, signedIn } from '../support/factories.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { TEST_JWT_SECRET, type TestServer, startTestServer } from '../support/server.js';

const SECRETS_KEY = randomBytes(32).toString('hex');
const keys = { current: parseSecretKey(SECRETS_KEY, 'SECRETS_KEY'), previous: [] };

let t: TestServer;
let admin: ApiClient;
const lines: string[] = [];
/** Every body the server answered in this file: credentials must be in none of them. */
const bodies: string[] = [];
const recorded = (api: ApiClient): ApiClient => {
  const record = async <T>(response: Promise<{ status: number; body: T; headers: Headers }>) => {
    const r = await response;
    bodies.push(JSON.stringify(r.body));
    return r;
  };
  return {
    ...api,
    get: (p) => record(api.get(p)),
    post: (p, b) => record(api.post(p, b)),
    put: (p, b) => record(api.put(p, b)),
    patch: (p, b) => record(api.patch(p, b)),
    delete: (p) => record(api.delete(p)),
  };
};

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  // SECRETS_KEY set, so the same file runs on PostgreSQL (which has no key file).
  t = await startTestServer({ LOG_LEVEL: 'trace', SECRETS_KEY }, { logStream: stream });
  admin = recorded((await signedIn(t.url, t.db, 'admin')).api);
});
afterAll(() => t?.close());

const CYBERSOURCE = {
  merchantId: 'lanka_ev_merchant01',
  keyId: 'key-8f3e1c2d-4b5a',
  sharedSecret: Buffer.from('cybersource-shared-secret-value-0123').toString('base64'),
};
const AMEX_PASSWORD = 'amex-api-password-7731';
const FUEL_KEY = 'dialog-fuel-api-key-5541';
const SECRET_VALUES = [CYBERSOURCE.sharedSecret, AMEX_PASSWORD, FUEL_KEY, 'rotated-shared-secret', 'new-amex-password-9'];

const cyberSource = (fields: Record<string, unknown> = {}) => ({
  organizationId: null,
  gateway: 'cybersource',
  label: 'CyberSource test',
  baseUrl: 'https://apitest.cybersource.com',
  credentials: CYBERSOURCE,
  currencies: ['LKR', 'usd'],
  ...fields,
});

const auditOf = (entityId: string) => t.db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.seq);

describe('gateway configurations', () => {
  it('creates, lists, reads, changes and deletes, with credentials stored encrypted and shown masked', async () => {
    const org = await makeOrganization(t.db);
    const created = await admin.post(
      '/api/v1/gateway-configs',
      cyberSource({
        organizationId: org.id,
        mode: 'live',
        rateLimitPerSecond: 50,
        priority: 10,
        routing: { brands: ['visa'], binRanges: [{ from: '4111', to: '4199' }], minAmountMinor: 100, maxAmountMinor: 500_000 },
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      organizationId: org.id,
      organizationName: org.name,
      gateway: 'cybersource',
      mode: 'live',
      enabled: true,
      currencies: ['LKR', 'USD'],
      rateLimitPerSecond: 50,
      credentialsMasked: { merchantId: 'lan…01', keyId: 'key…5a', sharedSecret: '••••' },
    });
    expect(created.body).not.toHaveProperty('credentials');
    expect(created.body).not.toHaveProperty('credentialsCiphertext');

    const [row] = await t.db.select().from(gatewayConfigs).where(eq(gatewayConfigs.id, created.body.id));
    expect(row!.credentialsCiphertext).toMatch(/^v1\./);
    expect(JSON.parse(decryptSecret(keys, row!.credentialsCiphertext!))).toEqual(CYBERSOURCE);

    const list = await admin.get(`/api/v1/gateway-configs?organizationId=${org.id}`);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    expect((await admin.get(`/api/v1/gateway-configs/${created.body.id}`)).body).toEqual(created.body);

    // PATCH without credentials keeps them; with one field, the others are kept.
    const renamed = await admin.patch(`/api/v1/gateway-configs/${created.body.id}`, {
      label: 'CyberSource live',
      enabled: false,
    });
    expect(renamed.body).toMatchObject({
      label: 'CyberSource live',
      enabled: false,
      credentialsMasked: created.body.credentialsMasked,
    });
    const newSecret = Buffer.from('rotated-shared-secret').toString('base64');
    SECRET_VALUES.push(newSecret);
    const rekeyed = await admin.patch(`/api/v1/gateway-configs/${created.body.id}`, {
      credentials: { sharedSecret: newSecret, keyId: '' },
    });
    expect(rekeyed.status).toBe(200);
    const [after] = await t.db.select().from(gatewayConfigs).where(eq(gatewayConfigs.id, created.body.id));
    expect(JSON.parse(decryptSecret(keys, after!.credentialsCiphertext!))).toEqual({ ...CYBERSOURCE, sharedSecret: newSecret });

    const deleted = await admin.delete(`/api/v1/gateway-configs/${created.body.id}`);
    expect(deleted.status).toBe(204);
    expect((await admin.get(`/api/v1/gateway-configs/${created.body.id}`)).status).toBe(404);

    const audit = await auditOf(created.body.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'delete']);
    expect(audit[0]!.changes).toMatchObject({
      label: { before: null, after: 'CyberSource test' },
      gateway: { after: 'cybersource' },
    });
    expect(audit[1]!.changes).toEqual({
      label: { before: 'CyberSource test', after: 'CyberSource live' },
      enabled: { before: true, after: false },
    });
    // A credential change names the fields replaced, never their values.
    expect(audit[2]!.changes).toEqual({ replacedFields: { before: null, after: ['sharedSecret'] } });
    expect(JSON.stringify(audit)).not.toContain(CYBERSOURCE.merchantId);
  });

  it('takes each gateway’s own credentials, and manual none', async () => {
    const amex = await admin.post('/api/v1/gateway-configs', {
      organizationId: null,
      gateway: 'amex',
      label: 'Amex via acquirer',
      baseUrl: 'https://acquirer.example/',
      credentials: { merchantId: 'AMEX000123', apiPassword: AMEX_PASSWORD },
    });
    expect(amex.body).toMatchObject({
      baseUrl: 'https://acquirer.example',
      mode: 'test',
      rateLimitPerSecond: 20,
      credentialsMasked: { merchantId: 'AME…23', apiPassword: '••••' },
    });
    const fuel = await admin.post('/api/v1/gateway-configs', {
      organizationId: null,
      gateway: 'dialog_fuel_card',
      label: 'Dialog',
      baseUrl: 'http://127.0.0.1:9999',
      credentials: { apiKey: FUEL_KEY },
    });
    expect(fuel.body.credentialsMasked).toEqual({ apiKey: '••••' });
    const manual = await admin.post('/api/v1/gateway-configs', { organizationId: null, gateway: 'manual', label: 'Cash' });
    expect(manual.status).toBe(201);
    expect(manual.body).toMatchObject({ baseUrl: null, credentialsMasked: {} });
    const [row] = await t.db.select().from(gatewayConfigs).where(eq(gatewayConfigs.id, manual.body.id));
    expect(row!.credentialsCiphertext).toBeNull();

    const changed = await admin.patch(`/api/v1/gateway-configs/${amex.body.id}`, {
      credentials: { apiPassword: 'new-amex-password-9' },
    });
    expect(changed.body.credentialsMasked).toEqual({ merchantId: 'AME…23', apiPassword: '••••' });
  });

  it('answers every mistake with its own code, and writes nothing', async () => {
    const count = async () => (await t.db.select().from(gatewayConfigs)).length;
    const before = await count();
    const post = (body: unknown) => admin.post('/api/v1/gateway-configs', body);
    const expectError = async (response: Promise<{ status: number; body: any }>, status: number, code: string) => {
      const r = await response;
      expect({ status: r.status, code: r.body.error?.code }).toEqual({ status, code });
      return r.body.error;
    };

    await expectError(post(cyberSource({ gateway: 'paypal' })), 422, 'GATEWAY_UNKNOWN');
    const missing = await expectError(
      post(cyberSource({ credentials: { merchantId: 'm-123456' } })),
      422,
      'GATEWAY_CREDENTIALS_MISSING',
    );
    expect(missing.message).toBe('CyberSource needs keyId, sharedSecret');
    expect(missing.details).toMatchObject({ missing: ['keyId', 'sharedSecret'] });
    await expectError(
      post(cyberSource({ credentials: { ...CYBERSOURCE, sharedSecret: 'not base64!' } })),
      422,
      'GATEWAY_CREDENTIALS_INVALID',
    );
    await expectError(post(cyberSource({ credentials: { ...CYBERSOURCE, apiKey: 'x' } })), 422, 'GATEWAY_CREDENTIALS_INVALID');
    await expectError(post(cyberSource({ baseUrl: null })), 422, 'GATEWAY_BASE_URL_INVALID');
    await expectError(post(cyberSource({ baseUrl: 'ftp://cybersource.example' })), 422, 'GATEWAY_BASE_URL_INVALID');
    await expectError(post(cyberSource({ baseUrl: 'not a url' })), 422, 'GATEWAY_BASE_URL_INVALID');
    await expectError(
      post({ organizationId: null, gateway: 'manual', label: 'x', baseUrl: 'https://x.example' }),
      422,
      'GATEWAY_BASE_URL_INVALID',
    );
    await expectError(post(cyberSource({ currencies: ['XYZ'] })), 422, 'CURRENCY_UNKNOWN');
    await expectError(post(cyberSource({ routing: { currencies: ['ABC'] } })), 422, 'CURRENCY_UNKNOWN');
    await expectError(
      post(cyberSource({ routing: { binRanges: [{ from: '4999', to: '4111' }] } })),
      422,
      'GATEWAY_ROUTING_INVALID',
    );
    await expectError(
      post(cyberSource({ routing: { minAmountMinor: 500, maxAmountMinor: 100 } })),
      422,
      'GATEWAY_ROUTING_INVALID',
    );
    await expectError(post(cyberSource({ routing: { binRanges: [{ from: '41a1', to: '4199' }] } })), 400, 'VALIDATION_FAILED');
    await expectError(post(cyberSource({ rateLimitPerSecond: 0 })), 400, 'VALIDATION_FAILED');
    await expectError(post(cyberSource({ rateLimitPerSecond: 1001 })), 400, 'VALIDATION_FAILED');
    await expectError(post(cyberSource({ organizationId: '00000000-0000-4000-8000-000000000000' })), 404, 'NOT_FOUND');
    await expectError(
      post(cyberSource({ fallbackConfigId: '00000000-0000-4000-8000-000000000000' })),
      422,
      'GATEWAY_FALLBACK_INVALID',
    );
    expect(await count()).toBe(before);
  });

  it('refuses a fallback to itself or one that loops back', async () => {
    const a = (await admin.post('/api/v1/gateway-configs', { organizationId: null, gateway: 'manual', label: 'A' })).body;
    const b = (
      await admin.post('/api/v1/gateway-configs', { organizationId: null, gateway: 'manual', label: 'B', fallbackConfigId: a.id })
    ).body;
    const c = (await admin.post('/api/v1/gateway-configs', cyberSource({ label: 'C', fallbackConfigId: b.id }))).body;
    expect(c.fallbackConfigId).toBe(b.id);
    const self = await admin.patch(`/api/v1/gateway-configs/${a.id}`, { fallbackConfigId: a.id });
    expect(self.body.error.code).toBe('GATEWAY_FALLBACK_INVALID');
    const loop = await admin.patch(`/api/v1/gateway-configs/${a.id}`, { fallbackConfigId: c.id });
    expect(loop.status).toBe(422);
    expect(loop.body.error).toMatchObject({ code: 'GATEWAY_FALLBACK_INVALID', details: { field: 'fallbackConfigId' } });
    expect((await admin.get(`/api/v1/gateway-configs/${a.id}`)).body.fallbackConfigId).toBeNull();

    // Deleting B clears C's fallback, and says so in the audit log.
    await admin.delete(`/api/v1/gateway-configs/${b.id}`);
    expect((await admin.get(`/api/v1/gateway-configs/${c.id}`)).body.fallbackConfigId).toBeNull();
    const cAudit = await auditOf(c.id);
    expect(cAudit.at(-1)!.changes).toEqual({ fallbackConfigId: { before: b.id, after: null } });
  });

  it('is the Admin’s alone: every other role is refused', async () => {
    const org = await makeOrganization(t.db);
    for (const role of ['technical', 'accounts', 'network_manager'] as const) {
      const { api } = await signedIn(t.url, t.db, role);
      expect((await api.get('/api/v1/gateway-configs')).status).toBe(403);
      expect((await api.post('/api/v1/gateway-configs', cyberSource())).status).toBe(403);
    }
    const cpo = recorded((await signedIn(t.url, t.db, 'cpo', { organizationId: org.id })).api);
    const refused = await cpo.get('/api/v1/gateway-configs');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  });

  it('answers SECRETS_KEY_MISSING (409) when the server has no key, and stores nothing', async () => {
    const config = loadConfig({ JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', DEMO_DATA: 'never' });
    const app = await buildApp({ config: { ...config, secrets: null }, db: t.db, ping: async () => {}, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address() as { port: number };
      const url = `http://127.0.0.1:${address.port}`;
      const user = await makeUser(t.db, 'admin');
      const keyless = recorded(apiClient(url, await login(url, user.email)));
      const created = await keyless.post('/api/v1/gateway-configs', cyberSource({ label: 'No key' }));
      expect(created.status).toBe(409);
      expect(created.body.error.code).toBe('SECRETS_KEY_MISSING');
      expect(await t.db.select().from(gatewayConfigs).where(eq(gatewayConfigs.label, 'No key'))).toEqual([]);
      // What needs no key still works: a manual gateway, reading, a change that leaves credentials alone.
      const manual = await keyless.post('/api/v1/gateway-configs', {
        organizationId: null,
        gateway: 'manual',
        label: 'Keyless cash',
      });
      expect(manual.status).toBe(201);
      const existing = (await admin.post('/api/v1/gateway-configs', cyberSource({ label: 'Keyed' }))).body;
      expect((await keyless.get(`/api/v1/gateway-configs/${existing.id}`)).body.credentialsMasked).toEqual(
        existing.credentialsMasked,
      );
      expect((await keyless.patch(`/api/v1/gateway-configs/${existing.id}`, { priority: 5 })).status).toBe(200);
      const rekey = await keyless.patch(`/api/v1/gateway-configs/${existing.id}`, { credentials: { keyId: 'other-key-id' } });
      expect(rekey.status).toBe(409);
      expect(rekey.body.error.code).toBe('SECRETS_KEY_MISSING');
    } finally {
      await app.close();
    }
  });

  it('never returns or logs a credential', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = lines.join('');
    expect(log).toMatch(/gateway-configs/); // the log is really being read
    const everything = [log, ...bodies].join('\n');
    expect(bodies.length).toBeGreaterThan(20);
    for (const secret of [...SECRET_VALUES, CYBERSOURCE.keyId, CYBERSOURCE.merchantId])
      expect(everything.includes(secret), `${secret.slice(0, 6)}… appears`).toBe(false);
  });
});

describe('payment settings', () => {
  it('answers the table’s defaults, then what was stored, in the organization’s currency; audited', async () => {
    const org = await makeOrganization(t.db, { currency: 'USD' });
    const { api: accounts } = await signedIn(t.url, t.db, 'accounts');
    const defaults = await accounts.get(`/api/v1/payment-settings/${org.id}`);
    expect(defaults.body).toEqual({
      organizationId: org.id,
      currency: 'USD',
      preauthAmountMinor: 0,
      walletNegativeLimitMinor: 0,
      walletTopUpMaxMinor: 10_000_000,
      walletLowBalanceMinor: 0,
      stored: false,
      updatedAt: null,
    });
    const put = await accounts.put(`/api/v1/payment-settings/${org.id}`, {
      preauthAmountMinor: 5_000,
      walletNegativeLimitMinor: 1_000,
      walletTopUpMaxMinor: 100_000,
      walletLowBalanceMinor: 500,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ currency: 'USD', preauthAmountMinor: 5_000, walletLowBalanceMinor: 500, stored: true });
    expect((await accounts.get(`/api/v1/payment-settings/${org.id}`)).body).toEqual(put.body);
    const [audit] = await auditOf(org.id);
    expect(audit).toMatchObject({ entityType: 'payment_settings', action: 'create' });
    expect(audit!.changes).toMatchObject({ preauthAmountMinor: { before: null, after: 5_000 } });

    const bad = await accounts.put(`/api/v1/payment-settings/${org.id}`, {
      ...put.body,
      stored: undefined,
      preauthAmountMinor: -1,
    });
    expect(bad.status).toBe(400);
    const fraction = await accounts.put(`/api/v1/payment-settings/${org.id}`, {
      preauthAmountMinor: 1.5,
      walletNegativeLimitMinor: 0,
      walletTopUpMaxMinor: 0,
      walletLowBalanceMinor: 0,
    });
    expect(fraction.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('keeps to the caller’s scope and permissions', async () => {
    const own = await makeOrganization(t.db);
    const other = await makeOrganization(t.db);
    const { api: cpo } = await signedIn(t.url, t.db, 'cpo', { organizationId: own.id });
    expect((await cpo.get(`/api/v1/payment-settings/${own.id}`)).status).toBe(200); // a CPO reads its own (payments:read)
    const settings = { preauthAmountMinor: 1, walletNegativeLimitMinor: 0, walletTopUpMaxMinor: 100, walletLowBalanceMinor: 0 };
    expect((await cpo.put(`/api/v1/payment-settings/${own.id}`, settings)).status).toBe(403); // but holds no payments:write
    const { api: restricted } = await signedIn(t.url, t.db, 'accounts', { organizationRestriction: [own.id] });
    expect((await restricted.get(`/api/v1/payment-settings/${own.id}`)).status).toBe(200);
    expect((await restricted.get(`/api/v1/payment-settings/${other.id}`)).status).toBe(404);
    const { api: network } = await signedIn(t.url, t.db, 'network_manager');
    expect((await network.put(`/api/v1/payment-settings/${own.id}`, {})).status).toBe(403);
    expect((await admin.get('/api/v1/payment-settings/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('defaults are the table’s own', async () => {
    const org = await makeOrganization(t.db);
    const [row] = await t.db.insert(paymentSettings).values({ organizationId: org.id }).returning();
    expect({
      preauthAmountMinor: row!.preauthAmountMinor,
      walletNegativeLimitMinor: row!.walletNegativeLimitMinor,
      walletTopUpMaxMinor: row!.walletTopUpMaxMinor,
      walletLowBalanceMinor: row!.walletLowBalanceMinor,
    }).toEqual(PAYMENT_SETTINGS_DEFAULTS);
  });
});
