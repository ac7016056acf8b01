import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, makeOrganization, makeUser, signedIn } from '../support/factories.js';
import { type ApiClient, type ApiResponse, apiClient } from '../support/http.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let admin: ApiClient;
let adminToken: string;
beforeAll(async () => {
  t = await startTestServer();
  const user = await makeUser(t.db, 'admin');
  const token = await login(t.url, user.email);
  adminToken = `Bearer ${token}`;
  admin = apiClient(t.url, token);
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
  const upload = (id: string, bytes: Buffer, type: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'logo');
    return admin.put(`/api/v1/organizations/${id}/logo`, form);
  };
  const image = (width: number, height: number, format: 'png' | 'jpeg' | 'webp') =>
    sharp({ create: { width, height, channels: 3, background: '#1c7ed6' } })
      .toFormat(format)
      .toBuffer();
  /** Random pixels do not compress: a PNG of about 3 bytes per pixel. */
  const noisyPng = (side: number) =>
    sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
      .png()
      .toBuffer();
  const served = async (orgId: string) => {
    const read = await admin.get(`/api/v1/organizations/${orgId}`);
    if (!read.body.logoUrl) return null;
    const response = await admin.raw(read.body.logoUrl);
    return { type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
  };
  const refusal = async (response: Promise<ApiResponse>) => {
    const answer = await response;
    return [answer.status, answer.body.error?.code] as const;
  };

  it('stores PNG, JPEG and WebP logos re-encoded from their pixels, and serves them back', async () => {
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const org = await makeOrganization(t.db);
      expect((await upload(org.id, await image(120, 40, format), `image/${format}`)).status).toBe(204);
      const logo = await served(org.id);
      expect(logo?.type).toBe(`image/${format}`);
      const decoded = await sharp(logo!.bytes).metadata();
      expect([decoded.format, decoded.width, decoded.height]).toEqual([format, 120, 40]);
    }
  });

  it('drops whatever trails the image (a PNG that is also an HTML page stays only a PNG)', async () => {
    const org = await makeOrganization(t.db);
    const polyglot = Buffer.concat([await image(32, 32, 'png'), Buffer.from('<html><script>alert(document.cookie)</script>')]);
    expect((await upload(org.id, polyglot, 'image/png')).status).toBe(204);
    const logo = await served(org.id);
    expect(logo!.bytes.includes(Buffer.from('<script>'))).toBe(false);
    expect((await sharp(logo!.bytes).metadata()).width).toBe(32);
  });

  it('refuses SVG, bytes that are not the declared image, huge dimensions and empty files, storing nothing', async () => {
    const org = await makeOrganization(t.db);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(await refusal(upload(org.id, svg, 'image/svg+xml'))).toEqual([415, 'LOGO_SVG_REFUSED']);
    expect(await refusal(upload(org.id, svg, 'image/png'))).toEqual([415, 'LOGO_SVG_REFUSED']);
    expect(await refusal(upload(org.id, await image(10, 10, 'png'), 'image/gif'))).toEqual([415, 'LOGO_TYPE_UNSUPPORTED']);
    expect(await refusal(upload(org.id, Buffer.from('<script>alert(1)</script>'), 'image/png'))).toEqual([422, 'LOGO_INVALID']);
    expect(await refusal(upload(org.id, await image(10, 10, 'jpeg'), 'image/png'))).toEqual([422, 'LOGO_INVALID']);
    const cut = (await image(64, 64, 'png')).subarray(0, 60);
    expect(await refusal(upload(org.id, cut, 'image/png'))).toEqual([422, 'LOGO_INVALID']);
    expect(await refusal(upload(org.id, await image(3000, 10, 'png'), 'image/png'))).toEqual([422, 'LOGO_DIMENSIONS_TOO_LARGE']);
    expect(await refusal(upload(org.id, Buffer.alloc(0), 'image/png'))).toEqual([422, 'LOGO_EMPTY']);
    expect((await admin.get(`/api/v1/organizations/${org.id}`)).body.hasLogo).toBe(false);
  });

  it('answers 413 to a file over 512 KB and keeps the previous logo, wherever the upload is cut', async () => {
    const org = await makeOrganization(t.db);
    expect((await upload(org.id, await image(20, 20, 'png'), 'image/png')).status).toBe(204);
    const before = await served(org.id);
    const big = await noisyPng(600);
    expect(big.length).toBeGreaterThan(600 * 1024);
    expect(await refusal(upload(org.id, big, 'image/png'))).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // The same file sent so that the 512 KB limit falls exactly on the end of a chunk.
    const boundary = 'cb-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`;
    const limit = 512 * 1024;
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${t.url}/api/v1/organizations/${org.id}/logo`, {
        method: 'PUT',
        headers: { authorization: adminToken, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.write(Buffer.concat([Buffer.from(head), big.subarray(0, limit)]));
      setTimeout(() => request.end(Buffer.concat([big.subarray(limit), Buffer.from(`\r\n--${boundary}--\r\n`)])), 300);
    });
    expect(status).toBe(413);
    expect(await served(org.id)).toEqual(before);
  });

  it('answers 400 to a malformed multipart body and 415 to anything but multipart', async () => {
    const org = await makeOrganization(t.db);
    const put = (contentType: string, body: string) =>
      fetch(`${t.url}/api/v1/organizations/${org.id}/logo`, {
        method: 'PUT',
        headers: { authorization: adminToken, 'content-type': contentType },
        body,
      }).then(async (r) => [r.status, ((await r.json()) as { error: { code: string } }).error.code] as const);
    expect(await put('multipart/form-data', '--x\r\n\r\n')).toEqual([400, 'BAD_REQUEST']);
    const cutShort = '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nabc';
    expect((await put('multipart/form-data; boundary=x', cutShort))[0]).toBe(400);
    expect((await put('multipart/form-data; boundary=x', 'not multipart at all'))[0]).toBe(400);
    expect(await put('application/json', '{"file":"x"}')).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
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
