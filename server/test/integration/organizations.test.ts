import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  admin = (await signedIn(t.url, t.db, 'admin')).api;
});
afterAll(() => t?.close());

const srilanka = {
  name: 'Ceylon Charge',
  currency: 'LKR',
  timeZone: 'Asia/Colombo',
  taxes: [
    { name: 'SSCL', rate: '0.025', compound: false },
    { name: 'VAT', rate: '0.18', compound: true },
  ],
  billingCycle: 'monthly',
  billingDay: 5,
  paymentTermsDays: 14,
  energyCostPerKwh: '45.00',
  gatewayCharges: [{ gateway: 'cybersource', percent: '0.025', fixed: 0 }],
};

describe('organizations', () => {
  it('creates an organization with its billing, tax and cost configuration, and reads it back exactly', async () => {
    const created = await admin.post('/api/v1/organizations', srilanka);
    expect(created.status).toBe(201);
    const read = await admin.get(`/api/v1/organizations/${created.body.id}`);
    expect(read.body).toMatchObject({
      name: 'Ceylon Charge',
      currency: 'LKR',
      billingCycle: 'monthly',
      billingDay: 5,
      paymentTermsDays: 14,
      energyCostPerKwh: '45',
      taxes: srilanka.taxes,
      gatewayFeeBearer: 'organization',
      siteCount: 0,
    });
  });

  it.each([
    [{ currency: 'XYZ' }, 422, 'CURRENCY_UNKNOWN'],
    [{ currency: 'lkr' }, 400, 'VALIDATION_FAILED'],
    [{ timeZone: 'Mars/Olympus' }, 422, 'TIME_ZONE_UNKNOWN'],
    [{ taxes: [{ name: 'VAT', rate: '1.5', compound: false }] }, 400, 'VALIDATION_FAILED'],
    [
      {
        taxes: [
          { name: 'VAT', rate: '0.18', compound: false },
          { name: 'vat', rate: '0.1', compound: true },
        ],
      },
      422,
      'TAX_RATE_INVALID',
    ],
    [{ billingCycle: 'weekly', billingDay: 9 }, 422, 'BILLING_DAY_INVALID'],
    [{ billingDay: 31 }, 400, 'VALIDATION_FAILED'],
    [{ energyCostPerKwh: '-1' }, 400, 'VALIDATION_FAILED'],
    [{ energyCostPerKwh: 45.5 }, 400, 'VALIDATION_FAILED'],
    [{ colour: 'green' }, 400, 'VALIDATION_FAILED'],
  ])('refuses %j with %i %s and stores nothing', async (change, status, code) => {
    const before = await admin.get('/api/v1/organizations?pageSize=200');
    const response = await admin.post('/api/v1/organizations', { ...srilanka, name: 'Refused Org', ...change });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toEqual(expect.any(String));
    const after = await admin.get('/api/v1/organizations?pageSize=200');
    expect(after.body.total).toBe(before.body.total);
  });

  it('a bad update leaves the stored organization unchanged', async () => {
    const org = await makeOrganization(t.db, { name: 'Stable Org', billingCycle: 'monthly', billingDay: 3 });
    const response = await admin.patch(`/api/v1/organizations/${org.id}`, { billingCycle: 'weekly' });
    expect(response.status).toBe(200); // day 3 is a valid ISO weekday (Wednesday)
    const bad = await admin.patch(`/api/v1/organizations/${org.id}`, { billingDay: 8 });
    expect(bad.status).toBe(422);
    expect((await admin.get(`/api/v1/organizations/${org.id}`)).body).toMatchObject({ billingCycle: 'weekly', billingDay: 3 });
  });

  it('lists with search, sort and pagination', async () => {
    for (const name of ['Zeta Power', 'Alpha Volt', 'Mid Charge']) await makeOrganization(t.db, { name: `Sorted ${name}` });
    const page = await admin.get('/api/v1/organizations?q=sorted&sort=name&order=asc&pageSize=2');
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((o: { name: string }) => o.name)).toEqual(['Sorted Alpha Volt', 'Sorted Mid Charge']);
    const second = await admin.get('/api/v1/organizations?q=sorted&sort=name&order=asc&pageSize=2&page=2');
    expect(second.body.items.map((o: { name: string }) => o.name)).toEqual(['Sorted Zeta Power']);
  });

  it('refuses to make an organization its own ancestor', async () => {
    const parent = await makeOrganization(t.db);
    const child = await makeOrganization(t.db, { parentId: parent.id });
    const response = await admin.patch(`/api/v1/organizations/${parent.id}`, { parentId: child.id });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('ORGANIZATION_CYCLE');
  });

  it('a CPO sees its organization and sub-organizations only; others answer 404', async () => {
    const own = await makeOrganization(t.db);
    const sub = await makeOrganization(t.db, { parentId: own.id });
    const foreign = await makeOrganization(t.db);
    const { api: cpo } = await signedIn(t.url, t.db, 'cpo', { organizationId: own.id });
    const list = await cpo.get('/api/v1/organizations?pageSize=200');
    expect(list.body.items.map((o: { id: string }) => o.id).sort()).toEqual([own.id, sub.id].sort());
    expect((await cpo.get(`/api/v1/organizations/${foreign.id}`)).status).toBe(404);
    expect((await cpo.patch(`/api/v1/organizations/${own.id}`, { name: 'Renamed' })).status).toBe(403);
  });

  it('deletes only an empty organization', async () => {
    const parent = await makeOrganization(t.db);
    await makeOrganization(t.db, { parentId: parent.id });
    const refused = await admin.delete(`/api/v1/organizations/${parent.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('IN_USE');
    const empty = await makeOrganization(t.db);
    expect((await admin.delete(`/api/v1/organizations/${empty.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/organizations/${empty.id}`)).status).toBe(404);
  });
});

describe('logo', () => {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  const upload = (id: string, bytes: Buffer, type: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'logo');
    return admin.put(`/api/v1/organizations/${id}/logo`, form);
  };

  it('stores a PNG logo and serves it back', async () => {
    const org = await makeOrganization(t.db);
    expect((await upload(org.id, png, 'image/png')).status).toBe(204);
    const read = await admin.get(`/api/v1/organizations/${org.id}`);
    expect(read.body.hasLogo).toBe(true);
    const image = await admin.raw(read.body.logoUrl);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
  });

  it('refuses a file whose bytes are not the declared image type, SVG, and files over 512 KB', async () => {
    const org = await makeOrganization(t.db);
    const fake = await upload(org.id, Buffer.from('<script>alert(1)</script>'), 'image/png');
    expect(fake.status).toBe(422);
    expect(fake.body.error.code).toBe('LOGO_INVALID');
    const svg = await upload(org.id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml');
    expect(svg.status).toBe(415);
    const huge = await upload(org.id, Buffer.concat([png, Buffer.alloc(600 * 1024)]), 'image/png');
    expect(huge.status).toBe(413);
    expect((await admin.get(`/api/v1/organizations/${org.id}`)).body.hasLogo).toBe(false);
  });
});

describe('commission contracts', () => {
  it('adds contracts of each kind and refuses overlapping dates and malformed figures', async () => {
    const org = await makeOrganization(t.db);
    const base = `/api/v1/organizations/${org.id}/contracts`;
    const first = await admin.post(base, {
      name: '2026',
      kind: 'percent_of_net',
      percent: '0.10',
      effectiveFrom: '2026-01-01',
      effectiveTo: '2026-12-31',
    });
    expect(first.status).toBe(201);
    expect(first.body.percent).toBe('0.1');
    const overlap = await admin.post(base, { name: 'Overlap', kind: 'per_kwh', perKwh: '5.00', effectiveFrom: '2026-06-01' });
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.code).toBe('CONTRACT_OVERLAP');
    const noPercent = await admin.post(base, { name: 'Broken', kind: 'percent_of_net', effectiveFrom: '2027-01-01' });
    expect(noPercent.status).toBe(422);
    expect(noPercent.body.error.code).toBe('CONTRACT_INVALID');
    const tiers = await admin.post(base, {
      name: '2027 tiers',
      kind: 'kwh_tiers',
      tiers: [
        { fromKwh: '0', percent: '0.12' },
        { fromKwh: '10000', percent: '0.08' },
      ],
      effectiveFrom: '2027-01-01',
    });
    expect(tiers.status).toBe(201);
    const list = await admin.get(base);
    expect(list.body.map((c: { name: string }) => c.name)).toEqual(['2026', '2027 tiers']);
  });
});
