/**
 * A location owner's earnings (GET /earnings) and what it no longer sees of the operator's own figures
 * (settlement breakdown, analytics): docs/finance.md §15.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargers, organizations } from '../../src/db/schema/index.js';
import { login, makeCharger, makeUser, signedIn } from '../support/factories.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { DAY, local, settledSession, workedExampleOrganization, workedExampleReadings } from '../support/pricing.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
let cpo: ApiClient;
let owner: ApiClient;
let otherOwner: ApiClient;
let net: Awaited<ReturnType<typeof workedExampleOrganization>>;
let otherCharger: { id: string };
/** The worked example (docs/finance.md §13.1) on CH-2, ending 19:10 on DAY in Colombo. */
let sessionId: string;
/** On CH-2 too, ending ten minutes after local midnight: the next local day, though still DAY in UTC. */
let afterMidnightId: string;

beforeAll(async () => {
  t = await startTestServer();
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
  net = await workedExampleOrganization(t.db, accounts);
  const place = { organizationId: net.org.id, siteId: net.site.id };
  sessionId = await settledSession(t.db, { ...place, chargerId: net.charger.id, readings: workedExampleReadings() });
  afterMidnightId = await settledSession(t.db, {
    ...place,
    chargerId: net.charger.id,
    readings: [
      [local('23:40'), 0],
      [local('00:10', '2026-03-11'), 8_000],
    ],
  });
  // Another owner's charger on the same site, with a session the same evening.
  const other = await makeUser(t.db, 'location_owner', { organizationId: net.org.id });
  otherCharger = await makeCharger(t.db, net.site, { name: 'CH-9', locationOwnerId: other.id, locationOwnerShare: '0.10' });
  await settledSession(t.db, { ...place, chargerId: otherCharger.id, readings: workedExampleReadings() });
  owner = apiClient(t.url, await login(t.url, net.owner.email));
  otherOwner = apiClient(t.url, await login(t.url, other.email));
  cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: net.org.id })).api;
}, 120_000);
afterAll(() => t?.close());

const earnings = (api: ApiClient, from: string, to: string) => api.get(`/api/v1/earnings?from=${from}&to=${to}`);

describe('GET /earnings', () => {
  it("shows the owner the commission of its chargers' sessions, per local day in the organization's time zone", async () => {
    const settled = (await accounts.get(`/api/v1/sessions/${sessionId}/settlement`)).body;
    expect(settled.locationOwnerCommissionMinor).toBe(14_650);

    const response = await earnings(owner, DAY, DAY);
    expect(response.status).toBe(200);
    const figures = { currency: 'LKR', sessions: 1, energyWh: 27_500, netMinor: 293_000, commissionMinor: 14_650 };
    expect(response.body).toEqual({
      from: DAY,
      to: DAY,
      timeZone: 'Asia/Colombo',
      totals: [figures],
      chargers: [
        {
          chargerId: net.charger.id,
          chargerName: 'CH-2',
          ocppIdentity: net.charger.ocppIdentity,
          siteName: net.site.name,
          ...figures,
        },
      ],
    });
    expect(response.body.totals[0].commissionMinor).toBe(settled.locationOwnerCommissionMinor);

    // The session that ended after local midnight belongs to the next day, and both to the two days.
    const late = (await accounts.get(`/api/v1/sessions/${afterMidnightId}/settlement`)).body;
    const nextDay = (await earnings(owner, '2026-03-11', '2026-03-11')).body;
    expect(nextDay.totals).toEqual([
      {
        currency: 'LKR',
        sessions: 1,
        energyWh: 8_000,
        netMinor: late.netMinor,
        commissionMinor: late.locationOwnerCommissionMinor,
      },
    ]);
    const both = (await earnings(owner, DAY, '2026-03-11')).body;
    expect(both.totals[0]).toMatchObject({ sessions: 2, commissionMinor: 14_650 + late.locationOwnerCommissionMinor });

    // A period without sessions still lists the charger, with zeros.
    const quiet = (await earnings(owner, '2026-01-01', '2026-01-31')).body;
    expect(quiet.chargers).toEqual([expect.objectContaining({ chargerId: net.charger.id, sessions: 0, commissionMinor: 0 })]);
  });

  it("never shows another owner's chargers or commissions", async () => {
    const mine = (await earnings(otherOwner, DAY, DAY)).body;
    expect(mine.chargers.map((c: { chargerId: string }) => c.chargerId)).toEqual([otherCharger.id]);
    expect(mine.totals).toEqual([expect.objectContaining({ sessions: 1, commissionMinor: 29_300 })]);

    const stranger = await signedIn(t.url, t.db, 'location_owner', { organizationId: net.org.id });
    expect((await earnings(stranger.api, DAY, DAY)).body).toMatchObject({ totals: [], chargers: [] });
  });

  it("a charger handed to another owner brings none of the previous owner's commission with it", async () => {
    const newcomer = await makeUser(t.db, 'location_owner', { organizationId: net.org.id });
    const charger = await makeCharger(t.db, net.site, { locationOwnerId: net.owner.id, locationOwnerShare: '0.05' });
    await settledSession(t.db, {
      organizationId: net.org.id,
      siteId: net.site.id,
      chargerId: charger.id,
      readings: workedExampleReadings('2026-03-12'),
    });
    await t.db.update(chargers).set({ locationOwnerId: newcomer.id }).where(eq(chargers.id, charger.id));
    const api = apiClient(t.url, await login(t.url, newcomer.email));
    const body = (await earnings(api, '2026-03-12', '2026-03-12')).body;
    expect(body.chargers).toEqual([expect.objectContaining({ chargerId: charger.id, sessions: 0, commissionMinor: 0 })]);
    expect(body.totals).toEqual([expect.objectContaining({ sessions: 0, commissionMinor: 0 })]);
  });

  it('refuses anyone but a location owner, and a bad or reversed range', async () => {
    for (const api of [cpo, accounts]) {
      const response = await earnings(api, DAY, DAY);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('NOT_A_LOCATION_OWNER');
    }
    const driver = await signedIn(t.url, t.db, 'driver', { organizationId: net.org.id });
    expect((await earnings(driver.api, DAY, DAY)).body.error.code).toBe('FORBIDDEN');

    for (const [from, to] of [
      ['2026-03-11', '2026-03-10'],
      ['2026-02-30', '2026-03-10'],
      ['10/03/2026', '2026-03-10'],
    ]) {
      const response = await earnings(owner, from!, to!);
      expect(response.status, `${from}..${to}`).toBe(400);
      expect(response.body.error.code).toBe('DATE_RANGE_INVALID');
    }
  });
});

describe("the operator's internal figures", () => {
  it('are null for the location owner in the settlement breakdown, with no ledger postings; the CPO sees them all', async () => {
    // Paid manually (no card): no gateway fee, so partner share = net − commissions.
    const hidden = (await owner.get(`/api/v1/sessions/${sessionId}/settlement`)).body;
    expect(hidden).toMatchObject({
      netMinor: 293_000,
      taxMinor: 61_384,
      grossMinor: 354_384,
      locationOwnerCommissionMinor: 14_650,
      gatewayFeeMinor: null,
      platformCommissionMinor: null,
      partnerShareMinor: null,
      energyCostMinor: null,
      marginMinor: null,
      postings: [],
    });
    const full = (await cpo.get(`/api/v1/sessions/${sessionId}/settlement`)).body;
    expect(full).toMatchObject({
      locationOwnerCommissionMinor: 14_650,
      gatewayFeeMinor: 0,
      platformCommissionMinor: 29_300,
      partnerShareMinor: 249_050,
      energyCostMinor: 123_750,
      marginMinor: 125_300,
    });
    expect(full.postings.length).toBeGreaterThanOrEqual(5);
  });

  it('are null for the location owner in revenue analytics, also when it asks to rank by margin', async () => {
    const internals = { gatewayFeeMinor: null, platformCommissionMinor: null, partnerShareMinor: null, energyCostMinor: null };
    const revenue = (await owner.get('/api/v1/analytics/revenue?period=365d&sort=margin')).body;
    expect(revenue.items).toEqual([
      expect.objectContaining({ id: net.charger.id, ...internals, marginMinor: null, profitability: null }),
    ]);
    const summary = (await owner.get('/api/v1/analytics/summary')).body;
    for (const tile of summary.tiles) expect(tile).toMatchObject({ ...internals, marginMinor: null });

    const cpoRevenue = (await cpo.get('/api/v1/analytics/revenue?period=365d&sort=margin')).body;
    const row = cpoRevenue.items.find((i: { id: string }) => i.id === net.charger.id);
    expect(typeof row.marginMinor).toBe('number');
    expect(typeof row.profitability).toBe('string');
  });

  it('are null for the location owner in the figures before and after a re-pricing', async () => {
    const repriced = await settledSession(t.db, {
      organizationId: net.org.id,
      siteId: net.site.id,
      chargerId: net.charger.id,
      readings: workedExampleReadings('2026-03-20'),
    });
    // The operator's energy cost changes; re-pricing moves energy cost and margin, not the owner's commission.
    await t.db.update(organizations).set({ energyCostPerKwh: '50.00' }).where(eq(organizations.id, net.org.id));
    const response = await accounts.post(`/api/v1/sessions/${repriced}/reprice`, { reason: 'Energy cost corrected' });
    expect(response.body.changed).toBe(true);

    const [seen] = (await owner.get(`/api/v1/sessions/${repriced}/adjustments`)).body.items;
    for (const figures of [seen.before, seen.after])
      expect(figures).toMatchObject({
        netMinor: 293_000,
        locationOwnerCommissionMinor: 14_650,
        energyCostMinor: null,
        marginMinor: null,
      });
    const [full] = (await cpo.get(`/api/v1/sessions/${repriced}/adjustments`)).body.items;
    expect(full.before).toMatchObject({ energyCostMinor: 123_750 });
    expect(full.after).toMatchObject({ energyCostMinor: 137_500 });
  });
});
