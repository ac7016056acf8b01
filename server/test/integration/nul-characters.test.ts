import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCharger, makeOrganization, makeSite, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { basic, upgradeStatus } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

const NUL = '\u0000';
const MESSAGE = 'Text must not contain the NUL character (U+0000).';

let t: TestServer;
let admin: ApiClient;
let ids: { org: string; site: string; charger: string };
beforeAll(async () => {
  t = await startTestServer();
  admin = (await signedIn(t.url, t.db, 'admin')).api;
  const org = await makeOrganization(t.db);
  const site = await makeSite(t.db, org.id);
  const charger = await makeCharger(t.db, site);
  ids = { org: org.id, site: site.id, charger: charger.id };
});
afterAll(() => t?.close());

type Case = [label: string, method: string, path: () => string, body?: () => unknown];

const organization = (name: string) => ({
  name,
  currency: 'LKR',
  timeZone: 'Asia/Colombo',
  taxes: [],
  billingCycle: 'monthly',
  billingDay: 1,
  paymentTermsDays: 14,
  energyCostPerKwh: '45.00',
  gatewayCharges: [],
});

/** Operations across the API, each with a NUL where a client could put one. */
const cases: Case[] = [
  ['login e-mail', 'POST', () => '/api/v1/auth/login', () => ({ email: `a${NUL}b@example.lk`, password: 'whatever-123' })],
  ['login password', 'POST', () => '/api/v1/auth/login', () => ({ email: 'a@example.lk', password: `x${NUL}` })],
  ['organization name', 'POST', () => '/api/v1/organizations', () => organization(`Ceylon${NUL}Charge`)],
  [
    'nested tax name',
    'POST',
    () => '/api/v1/organizations',
    () => ({ ...organization('Taxed'), taxes: [{ name: `V${NUL}AT`, rate: '0.18', compound: false }] }),
  ],
  ['organization patch', 'PATCH', () => `/api/v1/organizations/${ids.org}`, () => ({ name: `x${NUL}` })],
  ['a key of the body', 'PATCH', () => `/api/v1/organizations/${ids.org}`, () => ({ [`na${NUL}me`]: 'x' })],
  [
    'site create',
    'POST',
    () => '/api/v1/sites',
    () => ({ organizationId: ids.org, name: `Site${NUL}`, timeZone: 'Asia/Colombo' }),
  ],
  ['site patch', 'PATCH', () => `/api/v1/sites/${ids.site}`, () => ({ name: `${NUL}` })],
  ['charger create', 'POST', () => '/api/v1/chargers', () => ({ siteId: ids.site, name: 'C1', ocppIdentity: `CB${NUL}1` })],
  ['charger patch', 'PATCH', () => `/api/v1/chargers/${ids.charger}`, () => ({ name: `C${NUL}` })],
  ['user create', 'POST', () => '/api/v1/users', () => ({ email: `u${NUL}@example.lk`, name: 'U', role: 'viewer' })],
  ['role create', 'POST', () => '/api/v1/roles', () => ({ organizationId: ids.org, name: `R${NUL}`, permissions: [] })],
  ['id token create', 'POST', () => '/api/v1/id-tokens', () => ({ organizationId: ids.org, token: `TAG${NUL}` })],
  [
    'tariff create',
    'POST',
    () => '/api/v1/tariffs',
    () => ({ organizationId: ids.org, name: `T${NUL}`, currency: 'LKR', elements: [] }),
  ],
  ['campaign create', 'POST', () => '/api/v1/campaigns', () => ({ organizationId: ids.org, name: `C${NUL}` })],
  [
    'password change',
    'POST',
    () => '/api/v1/me/password',
    () => ({ currentPassword: `a${NUL}`, newPassword: 'b-long-enough-1' }),
  ],
  ['organizations q', 'GET', () => '/api/v1/organizations?q=%00'],
  ['sites q', 'GET', () => '/api/v1/sites?q=a%00b'],
  ['chargers q', 'GET', () => '/api/v1/chargers?q=%00'],
  ['users q', 'GET', () => '/api/v1/users?q=%00'],
  ['id tokens q', 'GET', () => '/api/v1/id-tokens?q=%00'],
  ['audit filter', 'GET', () => '/api/v1/audit?entityType=%00'],
  ['transactions q', 'GET', () => '/api/v1/transactions?q=%00'],
  ['transactions id tag', 'GET', () => '/api/v1/transactions?idTag=A%00'],
  ['transactions summary', 'GET', () => '/api/v1/transactions/summary?q=%00'],
  ['sessions q', 'GET', () => '/api/v1/sessions?q=%00'],
  ['invoices q', 'GET', () => '/api/v1/invoices?q=%00'],
  ['analytics', 'GET', () => '/api/v1/analytics/summary?from=%00'],
  ['an unknown query key', 'GET', () => '/api/v1/organizations?a%00=1'],
  ['organization id', 'GET', () => '/api/v1/organizations/a%00b'],
  ['site id', 'GET', () => '/api/v1/sites/%00'],
  ['charger id', 'GET', () => '/api/v1/chargers/%00'],
  ['user delete', 'DELETE', () => '/api/v1/users/%00'],
  ['invoice id', 'GET', () => '/api/v1/invoices/x%00'],
  ['logo path', 'GET', () => `/api/v1/organizations/${ids.org}/logo%00`],
  ['unknown route', 'GET', () => '/api/v1/nowhere%00'],
  ['web app route', 'GET', () => '/chargers/%00'],
];

describe('a NUL character anywhere is refused with 400 VALIDATION_FAILED', () => {
  it.each(cases)('%s (%s)', async (_label, method, path, body) => {
    const response = await admin.request(method, path(), body?.());
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: MESSAGE });
  });

  it('is refused the same without signing in', async () => {
    const response = await fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"email":"a\\u0000@example.lk","password":"x"}`,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(MESSAGE);
  });

  it.each(['csv', 'xlsx'])('the %s export answers 400 before any byte of the file', async (format) => {
    const response = await admin.raw(`/api/v1/transactions/export?format=${format}&q=%00`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('content-disposition')).toBeNull();
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: MESSAGE });
  });

  it('an OCPP upgrade to /ocpp/a%00b is refused with 400 at the upgrade, and so is a broken %-escape', async () => {
    expect(await upgradeStatus(t.url, 'a%00b', basic('a\u0000b', 'secret'))).toBe(400);
    expect(await upgradeStatus(t.url, '%00', null)).toBe(400);
    expect(await upgradeStatus(t.url, 'a%ZZ', null)).toBe(400);
    // The server is still up and refusing ordinary unknown identities as before.
    expect(await upgradeStatus(t.url, 'UNKNOWN-1', basic('UNKNOWN-1', 'secret'))).toBe(401);
  });

  it('leaves text without a NUL alone, and %2500 is the text "%00", not a NUL', async () => {
    expect((await admin.get('/api/v1/organizations?q=%2500')).status).toBe(200);
    expect((await admin.get('/api/v1/transactions/export?format=csv&q=%2500')).status).toBe(200);
  });
});
