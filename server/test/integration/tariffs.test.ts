import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCharger, makeOrganization, makeSite, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { rows } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
let org: { id: string };
let site: { id: string; organizationId: string };
beforeAll(async () => {
  t = await startTestServer();
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
  org = await makeOrganization(t.db, {
    country: 'LK',
    taxes: [
      { name: 'SSCL', rate: '0.025', compound: false },
      { name: 'VAT', rate: '0.18', compound: true },
    ],
  });
  site = await makeSite(t.db, org.id);
});
afterAll(() => t?.close());

const PEAK_OFFPEAK = [
  {
    price_components: [{ type: 'ENERGY', price: '120.00', step_size: 0 }],
    restrictions: { start_time: '18:30', end_time: '22:30' },
  },
  {
    price_components: [
      { type: 'ENERGY', price: '90.00', step_size: 0 },
      { type: 'FLAT', price: '50.00', step_size: 0 },
    ],
  },
];
const tariffBody = (fields: Record<string, unknown> = {}) => ({
  organizationId: org.id,
  name: 'Peak / off-peak',
  currency: 'LKR',
  elements: PEAK_OFFPEAK,
  validFrom: '2026-01-01T00:00:00Z',
  ...fields,
});

describe('tariffs', () => {
  it('creates, reads, lists, changes (a new version each time) and deletes a tariff, auditing each change', async () => {
    const created = await accounts.post('/api/v1/tariffs', tariffBody({ siteId: site.id, validTo: '2026-07-01T00:00:00Z' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ level: 'site', siteId: site.id, version: 1, elements: PEAK_OFFPEAK });
    const id = created.body.id as string;

    expect((await accounts.get(`/api/v1/tariffs/${id}`)).body).toMatchObject({ name: 'Peak / off-peak', currency: 'LKR' });
    const listed = await accounts.get(`/api/v1/tariffs?organizationId=${org.id}&siteId=${site.id}`);
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await accounts.get(`/api/v1/tariffs?organizationId=${org.id}&validAt=2026-08-01T00:00:00Z`)).body.total).toBe(0);

    const changed = await accounts.patch(`/api/v1/tariffs/${id}`, { name: 'Peak / off-peak 2026' });
    expect(changed.body).toMatchObject({ name: 'Peak / off-peak 2026', version: 2 });
    const versions = await rows(
      t.db,
      sql`SELECT version, snapshot FROM tariff_versions WHERE tariff_id = ${id} ORDER BY version`,
    );
    expect(versions.map((v) => [v.version, v.snapshot.name])).toEqual([
      [1, 'Peak / off-peak'],
      [2, 'Peak / off-peak 2026'],
    ]);

    expect((await accounts.delete(`/api/v1/tariffs/${id}`)).status).toBe(204);
    expect((await accounts.get(`/api/v1/tariffs/${id}`)).status).toBe(404);
    const audit = await rows(t.db, sql`SELECT action FROM audit_log WHERE entity_id = ${id} ORDER BY seq`);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('refuses a second tariff for the same assignment with overlapping validity (409), allows it for other dates or places', async () => {
    const charger = await makeCharger(t.db, site);
    const first = await accounts.post('/api/v1/tariffs', tariffBody({ chargerId: charger.id, validTo: '2026-06-01T00:00:00Z' }));
    expect(first.status).toBe(201);
    const clash = await accounts.post(
      '/api/v1/tariffs',
      tariffBody({ chargerId: charger.id, validFrom: '2026-05-01T00:00:00Z' }),
    );
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'TARIFF_OVERLAP', details: { conflictingTariffId: first.body.id } });
    const after = await accounts.post(
      '/api/v1/tariffs',
      tariffBody({ chargerId: charger.id, validFrom: '2026-06-01T00:00:00Z' }),
    );
    expect(after.status).toBe(201);
    const connector = await accounts.post('/api/v1/tariffs', tariffBody({ chargerId: charger.id, connectorId: 1 }));
    expect(connector.body).toMatchObject({ level: 'connector' });
    // Moving the first one's end into the second's validity is an overlap too.
    const stretched = await accounts.patch(`/api/v1/tariffs/${first.body.id}`, { validTo: null });
    expect(stretched.body.error.code).toBe('TARIFF_OVERLAP');
  });

  it.each([
    [
      'a negative price',
      { elements: [{ price_components: [{ type: 'ENERGY', price: '-1.00', step_size: 0 }] }] },
      422,
      'UNPROCESSABLE',
    ],
    ['an unknown currency', { currency: 'XYZ' }, 422, 'CURRENCY_UNKNOWN'],
    ['another currency than the organization’s', { currency: 'EUR' }, 422, 'TARIFF_CURRENCY_MISMATCH'],
    ['no elements', { elements: [] }, 400, 'VALIDATION_FAILED'],
    [
      'an unknown component type',
      { elements: [{ price_components: [{ type: 'KWH', price: '1', step_size: 0 }] }] },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a malformed time restriction',
      { elements: [{ price_components: [{ type: 'FLAT', price: '1', step_size: 0 }], restrictions: { start_time: '25:00' } }] },
      400,
      'VALIDATION_FAILED',
    ],
    ['validTo before validFrom', { validTo: '2025-12-31T00:00:00Z' }, 422, 'UNPROCESSABLE'],
    ['a connector without its charger', { connectorId: 1 }, 422, 'TARIFF_ASSIGNMENT_INVALID'],
  ])('refuses %s', async (_name, fields, status, code) => {
    const response = await accounts.post('/api/v1/tariffs', tariffBody({ validFrom: '2030-01-01T00:00:00Z', ...fields }));
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
  });

  it('refuses a site or charger of another organization', async () => {
    const other = await makeOrganization(t.db);
    const otherSite = await makeSite(t.db, other.id);
    const response = await accounts.post('/api/v1/tariffs', tariffBody({ siteId: otherSite.id }));
    expect(response.body.error).toMatchObject({ code: 'TARIFF_ASSIGNMENT_INVALID', details: { field: 'siteId' } });
  });

  it('a CPO reads its organization’s tariffs only, and cannot change them', async () => {
    const own = await accounts.post(
      '/api/v1/tariffs',
      tariffBody({ validFrom: '2031-01-01T00:00:00Z', validTo: '2031-02-01T00:00:00Z' }),
    );
    const other = await makeOrganization(t.db);
    const foreign = await accounts.post('/api/v1/tariffs', { ...tariffBody(), organizationId: other.id });
    expect(foreign.status).toBe(201);
    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: org.id })).api;
    const listed = (await cpo.get('/api/v1/tariffs?pageSize=200')).body.items.map((x: { id: string }) => x.id);
    expect(listed).toContain(own.body.id);
    expect(listed).not.toContain(foreign.body.id);
    expect((await cpo.get(`/api/v1/tariffs/${own.body.id}`)).status).toBe(200);
    expect((await cpo.get(`/api/v1/tariffs/${foreign.body.id}`)).status).toBe(404);
    expect((await cpo.get(`/api/v1/tariffs/${foreign.body.id}/ocpi`)).status).toBe(404);
    expect((await cpo.patch(`/api/v1/tariffs/${own.body.id}`, { name: 'x' })).status).toBe(403);
  });

  it('exports a tariff as an OCPI 2.2.1 Tariff object', async () => {
    const created = await accounts.post(
      '/api/v1/tariffs',
      tariffBody({ validFrom: '2032-01-01T00:00:00Z', validTo: '2033-01-01T00:00:00Z' }),
    );
    const ocpi = await accounts.get(`/api/v1/tariffs/${created.body.id}/ocpi`);
    expect(ocpi.status).toBe(200);
    expect(ocpi.body).toEqual({
      country_code: 'LK',
      party_id: 'CBD',
      id: created.body.id,
      currency: 'LKR',
      type: 'REGULAR',
      elements: [
        {
          price_components: [{ type: 'ENERGY', price: 120, step_size: 0 }],
          restrictions: { start_time: '18:30', end_time: '22:30' },
        },
        {
          price_components: [
            { type: 'ENERGY', price: 90, step_size: 0 },
            { type: 'FLAT', price: 50, step_size: 0 },
          ],
        },
      ],
      start_date_time: '2032-01-01T00:00:00.000Z',
      end_date_time: '2033-01-01T00:00:00.000Z',
      last_updated: created.body.updatedAt,
    });
  });

  it('previews a sample session: the worked example’s lines, net, the organization’s taxes and gross', async () => {
    const preview = await accounts.post('/api/v1/tariffs/preview', {
      tariff: { organizationId: org.id, currency: 'LKR', elements: PEAK_OFFPEAK },
      startedAt: '2026-03-10T12:20:00Z',
      stoppedAt: '2026-03-10T13:40:00Z',
      energyWh: 27_500,
    });
    expect(preview.status).toBe(200);
    // Linear energy over 80 minutes: 40 min off-peak (13.75 kWh), 40 min peak (13.75 kWh).
    expect(preview.body).toMatchObject({
      currency: 'LKR',
      timeZone: 'Asia/Colombo',
      energyWh: 27_500,
      lines: [
        { type: 'ENERGY', elementIndex: 1, quantity: '13.7500', amountMinor: 123_750 },
        { type: 'ENERGY', elementIndex: 0, quantity: '13.7500', amountMinor: 165_000 },
        { type: 'FLAT', elementIndex: 1, quantity: '1.0000', amountMinor: 5000 },
      ],
      netMinor: 293_750,
      taxes: [
        { name: 'SSCL', amountMinor: 7344 },
        { name: 'VAT', amountMinor: 54_197 },
      ],
      grossMinor: 355_291,
    });
  });

  it('replays a power curve: the worked example’s meter readings give its settled net, not the even spread’s', async () => {
    const sample = {
      tariff: { organizationId: org.id, currency: 'LKR', elements: PEAK_OFFPEAK },
      startedAt: '2026-03-10T12:20:00Z', // 17:50 in Colombo
      stoppedAt: '2026-03-10T13:40:00Z', // 19:10
    };
    const curve = await accounts.post('/api/v1/tariffs/preview', {
      ...sample,
      meterReadings: [
        { at: '2026-03-10T13:40:00Z', energyWh: 27_500 },
        { at: '2026-03-10T13:00:00Z', energyWh: 14_000 }, // 18:30, the peak starts; any order
      ],
    });
    expect(curve.status).toBe(200);
    // 14 kWh off-peak × 90.00 + 13.5 kWh peak × 120.00 + 50.00 = 2,930.00: the worked example's settlement.
    expect(curve.body).toMatchObject({
      energyWh: 27_500,
      lines: [
        { type: 'ENERGY', elementIndex: 1, quantity: '14.0000', amountMinor: 126_000 },
        { type: 'ENERGY', elementIndex: 0, quantity: '13.5000', amountMinor: 162_000 },
        { type: 'FLAT', elementIndex: 1, quantity: '1.0000', amountMinor: 5000 },
      ],
      netMinor: 293_000,
    });
    expect(curve.body.assumptions.join(' ')).toContain('Energy follows the 2 meter readings given');
    // The same curve as wall-clock times at the site (what the page sends).
    const local = await accounts.post('/api/v1/tariffs/preview', {
      ...sample,
      meterReadings: [
        { atLocal: '2026-03-10T18:30', energyWh: 14_000 },
        { atLocal: '2026-03-10T19:10', energyWh: 27_500 },
      ],
    });
    expect(local.body.netMinor).toBe(293_000);

    const refusals = [
      [{ meterReadings: [{ at: '2026-03-10T14:00:00Z', energyWh: 1000 }] }, 422, 'between the start and the stop'],
      [
        {
          meterReadings: [
            { at: '2026-03-10T13:00:00Z', energyWh: 14_000 },
            { at: '2026-03-10T13:40:00Z', energyWh: 9000 },
          ],
        },
        422,
        'cannot go down',
      ],
      [{ meterReadings: [{ at: '2026-03-10T12:20:00Z', energyWh: 500 }] }, 422, 'must be 0'],
      [{ meterReadings: [{ at: '2026-03-10T13:00:00Z', energyWh: 14_000 }], energyWh: 27_500 }, 400, 'not both'],
      [{}, 400, 'Send energyWh'],
      [{ meterReadings: [] }, 400, ''],
    ] as const;
    for (const [extra, status, message] of refusals) {
      const refused = await accounts.post('/api/v1/tariffs/preview', { ...sample, ...extra });
      expect(refused.status, JSON.stringify(extra)).toBe(status);
      expect(refused.body.error.message).toContain(message);
    }
  });

  it('previews a stored tariff by id, with parking time after charging ends', async () => {
    const created = await accounts.post(
      '/api/v1/tariffs',
      tariffBody({
        validFrom: '2034-01-01T00:00:00Z',
        elements: [
          {
            price_components: [
              { type: 'TIME', price: '60.00', step_size: 900 },
              { type: 'PARKING_TIME', price: '120.00', step_size: 900 },
            ],
          },
        ],
      }),
    );
    const preview = await accounts.post('/api/v1/tariffs/preview', {
      tariffId: created.body.id,
      startedAt: '2026-03-10T10:00:00Z',
      chargingEndsAt: '2026-03-10T10:50:00Z',
      stoppedAt: '2026-03-10T11:05:00Z',
      energyWh: 10_000,
      timeZone: 'Europe/Berlin',
    });
    // 50 min charging → 1 h in 15-minute steps; 15 min parking → 0.25 h.
    expect(preview.body.lines).toEqual([
      { type: 'TIME', elementIndex: 0, unitPrice: '60.00', quantity: '1.0000', amountMinor: 6000 },
      { type: 'PARKING_TIME', elementIndex: 0, unitPrice: '120.00', quantity: '0.2500', amountMinor: 3000 },
    ]);
    expect(preview.body).toMatchObject({ netMinor: 9000, timeZone: 'Europe/Berlin' });
  });

  it('previews on the clock of the site the charger is at, not the organization’s, and says what it assumed', async () => {
    // The organization is in Colombo; this site is in Berlin. 16:50Z is 17:50 in Berlin (22:20 in Colombo).
    const berlin = await makeSite(t.db, org.id, { name: 'Berlin Hub', timeZone: 'Europe/Berlin' });
    const charger = await makeCharger(t.db, berlin);
    const sample = { startedAt: '2026-03-10T16:50:00Z', stoppedAt: '2026-03-10T18:10:00Z', energyWh: 27_500 };
    const draft = { organizationId: org.id, currency: 'LKR', elements: PEAK_OFFPEAK };
    const atCharger = await accounts.post('/api/v1/tariffs/preview', { tariff: draft, chargerId: charger.id, ...sample });
    expect(atCharger.status).toBe(200);
    // 17:50–19:10 Berlin: 40 min off-peak, 40 min peak, as the worked example's wall clock.
    expect(atCharger.body).toMatchObject({
      timeZone: 'Europe/Berlin',
      timeZoneSource: 'site',
      siteName: 'Berlin Hub',
      lines: [
        { type: 'ENERGY', elementIndex: 1, quantity: '13.7500', amountMinor: 123_750 },
        { type: 'ENERGY', elementIndex: 0, quantity: '13.7500', amountMinor: 165_000 },
        { type: 'FLAT', elementIndex: 1, quantity: '1.0000', amountMinor: 5000 },
      ],
      netMinor: 293_750,
    });
    expect(atCharger.body.assumptions.join(' ')).toContain('Times are read in Europe/Berlin, the time zone of site Berlin Hub');
    expect(atCharger.body.assumptions.join(' ')).toContain('Energy rises evenly from the start to the end');

    // Wall-clock times typed on a page are read on the site's clock too.
    const typed = await accounts.post('/api/v1/tariffs/preview', {
      tariff: draft,
      siteId: berlin.id,
      startedAtLocal: '2026-03-10T17:50',
      stoppedAtLocal: '2026-03-10T19:10',
      energyWh: 27_500,
    });
    expect(typed.body).toMatchObject({
      startedAt: '2026-03-10T16:50:00.000Z',
      stoppedAt: '2026-03-10T18:10:00.000Z',
      netMinor: 293_750,
    });

    // A stored tariff assigned to the Berlin site uses its clock without being told.
    const stored = await accounts.post('/api/v1/tariffs', tariffBody({ siteId: berlin.id, validFrom: '2035-01-01T00:00:00Z' }));
    expect(stored.status).toBe(201);
    const byId = await accounts.post('/api/v1/tariffs/preview', { tariffId: stored.body.id, ...sample });
    expect(byId.body).toMatchObject({ timeZone: 'Europe/Berlin', timeZoneSource: 'site', netMinor: 293_750 });

    // Without a place, the organization's clock, and the page is told so.
    const orgWide = await accounts.post('/api/v1/tariffs/preview', { tariff: draft, ...sample });
    expect(orgWide.body).toMatchObject({ timeZone: 'Asia/Colombo', timeZoneSource: 'organization' });
    expect(orgWide.body.assumptions[0]).toContain('no site chosen');

    // Another organization's site is not found; neither form of the times → 400.
    const other = await makeOrganization(t.db);
    const foreign = await makeSite(t.db, other.id);
    const refused = await accounts.post('/api/v1/tariffs/preview', { tariff: draft, siteId: foreign.id, ...sample });
    expect([refused.status, refused.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const noTimes = await accounts.post('/api/v1/tariffs/preview', { tariff: draft, energyWh: 1000 });
    expect([noTimes.status, noTimes.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
