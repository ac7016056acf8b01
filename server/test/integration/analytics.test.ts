/**
 * Revenue analytics read whole local days from the daily rollups and the partial edge days from the
 * raw settlements. These tests settle many random sessions (many ending around local midnight and
 * across Berlin's DST changes) and check every period and grouping against a plain scan of
 * `session_settlements` done here in JavaScript with exact integers.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargingSessions, sessionSettlements } from '../../src/db/schema/index.js';
import { addToDailyRollup, settlementFigures } from '../../src/modules/analytics/rollups.js';
import { PERIOD_KEYS, type PeriodKey, zoneWindow } from '../../src/modules/analytics/periods.js';
import { login, makeCharger, makeOrganization, makeSite, makeUser, signedIn } from '../support/factories.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
let seq = 0;

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Place {
  organizationId: string;
  siteId: string;
  chargerId: string;
  currency: string;
  timeZone: string;
  ownerShare: boolean;
}

/** Stores a settled session as the settlement does: the row and its rollup in one transaction. */
async function settle(place: Place, stoppedAt: Date, rand: () => number) {
  const startedAt = new Date(stoppedAt.getTime() - Math.floor(rand() * 4 * 3_600_000) - 60_000);
  const energyWh = Math.floor(rand() * 60_000);
  const net = BigInt(Math.floor(rand() * 900_000));
  const tax = (net * 21n) / 100n;
  const gross = net + tax;
  const gatewayFee = (gross * 25n) / 1000n;
  const platform = net / 10n;
  const owner = place.ownerShare ? net / 20n : 0n;
  const partner = net - platform - gatewayFee - owner;
  const energyCost = (BigInt(energyWh) * 4500n) / 1000n;
  await t.db.transaction(async (tx) => {
    const [session] = await tx
      .insert(chargingSessions)
      .values({
        organizationId: place.organizationId,
        siteId: place.siteId,
        chargerId: place.chargerId,
        protocol: 'ocpp1.6',
        transactionId: String(++seq),
        status: 'completed',
        startedAt,
        stoppedAt,
        lastActivityAt: stoppedAt,
        energyWh,
      })
      .returning();
    const [row] = await tx
      .insert(sessionSettlements)
      .values({
        sessionId: session!.id,
        organizationId: place.organizationId,
        siteId: place.siteId,
        chargerId: place.chargerId,
        currency: place.currency,
        timeZone: place.timeZone,
        startedAt,
        stoppedAt,
        energyWh,
        lines: [],
        linesTotalMinor: net,
        discountMinor: 0n,
        netMinor: net,
        taxLines: [],
        taxMinor: tax,
        grossMinor: gross,
        paymentMethod: 'cybersource',
        gatewayFeeMinor: gatewayFee,
        gatewayFeeBearer: 'organization',
        platformCommissionMinor: platform,
        locationOwnerCommissionMinor: owner,
        partnerShareMinor: partner,
        energyCostMinor: energyCost,
        marginMinor: partner - energyCost,
      })
      .returning();
    await addToDailyRollup(tx, settlementFigures(row!));
  });
}

/** The local dates in the last ~400 days on which the zone's UTC offset changes (DST). */
function dstChangeDays(zone: string, now: DateTime): DateTime[] {
  const days: DateTime[] = [];
  for (let d = now.setZone(zone).startOf('day').minus({ days: 400 }); d < now; d = d.plus({ days: 1 })) {
    if (d.offset !== d.plus({ days: 1 }).offset) days.push(d);
  }
  return days;
}

/** Moments to end sessions at: random ones, local midnights ± minutes, DST changes, the rolling edges. */
function stopMoments(zone: string, now: DateTime, rand: () => number, count: number): Date[] {
  const moments: DateTime[] = [];
  const minutes = () => (rand() - 0.5) * 20;
  for (let i = 0; i < count; i++) moments.push(now.minus({ hours: rand() * 24 * 400 }));
  for (let i = 0; i < count / 2; i++)
    moments.push(
      now
        .setZone(zone)
        .startOf('day')
        .minus({ days: Math.floor(rand() * 400) })
        .plus({ minutes: minutes() }),
    );
  for (const day of dstChangeDays(zone, now))
    for (const hour of [0, 1, 2, 3, 4, 23.9])
      for (let i = 0; i < 3; i++) moments.push(day.plus({ hours: hour, minutes: minutes() }));
  for (const days of [1, 7, 30, 365])
    for (let i = 0; i < 4; i++) moments.push(now.minus({ days }).plus({ minutes: minutes() * 6 }));
  for (let i = 0; i < 10; i++) moments.push(now.minus({ minutes: rand() * 180 }));
  for (const unit of ['week', 'month', 'year'] as const)
    for (let i = 0; i < 3; i++) moments.push(now.setZone(zone).startOf(unit).plus({ minutes: minutes() }));
  return moments.map((m) => m.toJSDate()).filter((m) => m.getTime() < now.toMillis() - 1000);
}

const FIGURES = [
  ['sessions', null],
  ['energyWh', 'energyWh'],
  ['netMinor', 'netMinor'],
  ['taxMinor', 'taxMinor'],
  ['grossMinor', 'grossMinor'],
  ['gatewayFeeMinor', 'gatewayFeeMinor'],
  ['platformCommissionMinor', 'platformCommissionMinor'],
  ['locationOwnerCommissionMinor', 'locationOwnerCommissionMinor'],
  ['partnerShareMinor', 'partnerShareMinor'],
  ['energyCostMinor', 'energyCostMinor'],
  ['marginMinor', 'marginMinor'],
] as const;
type Totals = Record<(typeof FIGURES)[number][0], bigint>;
type Settlement = typeof sessionSettlements.$inferSelect;

const zero = (): Totals => Object.fromEntries(FIGURES.map(([k]) => [k, 0n])) as Totals;
function add(into: Totals, s: Settlement) {
  for (const [key, column] of FIGURES) into[key] += column ? BigInt(s[column]) : 1n;
}

let orgZones: Map<string, string>;
let places: Place[];

/** The raw scan: every settlement whose end lies in the period of its organization's clock. */
function scan(
  all: Settlement[],
  period: PeriodKey,
  asOf: Date,
  keyOf: (s: Settlement) => string,
  keep = (_s: Settlement) => true,
) {
  const windows = new Map([...orgZones].map(([org, zone]) => [org, zoneWindow(period, asOf, zone)]));
  const totals = new Map<string, Totals>();
  for (const s of all) {
    const w = windows.get(s.organizationId);
    if (!w || !keep(s) || s.stoppedAt < w.from || s.stoppedAt >= w.to) continue;
    const key = `${keyOf(s)}|${s.currency}`;
    if (!totals.has(key)) totals.set(key, zero());
    add(totals.get(key)!, s);
  }
  return totals;
}

const asTotals = (item: Record<string, number>): Totals =>
  Object.fromEntries(FIGURES.map(([k]) => [k, BigInt(item[k]!)])) as Totals;

/** The operator's own figures, which a location owner gets as null (docs/finance.md §15). */
const INTERNAL: readonly string[] = [
  'gatewayFeeMinor',
  'platformCommissionMinor',
  'partnerShareMinor',
  'energyCostMinor',
  'marginMinor',
];
const withoutInternals = (totals: Totals) => Object.fromEntries(Object.entries(totals).filter(([k]) => !INTERNAL.includes(k)));
/** A location owner's figures: the internals null, the rest as totals. */
function asOwnerTotals(item: Record<string, number | null>) {
  for (const k of INTERNAL) expect(item[k], k).toBeNull();
  return withoutInternals(asTotals(Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v ?? 0]))));
}

let orgs: { colombo: { id: string }; berlin: { id: string }; other: { id: string } };
let ownerCharger: Place;
let owner: { id: string; email: string };

beforeAll(async () => {
  t = await startTestServer();
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
  const colombo = await makeOrganization(t.db, { name: 'Colombo CPO', currency: 'LKR', timeZone: 'Asia/Colombo' });
  const berlin = await makeOrganization(t.db, { name: 'Berlin CPO', currency: 'EUR', timeZone: 'Europe/Berlin' });
  const other = await makeOrganization(t.db, { name: 'Kandy CPO', currency: 'LKR', timeZone: 'Asia/Colombo' });
  orgs = { colombo, berlin, other };
  orgZones = new Map([colombo, berlin, other].map((o) => [o.id, o.timeZone]));
  owner = await makeUser(t.db, 'location_owner', { organizationId: colombo.id });
  places = [];
  for (const org of [colombo, berlin, other]) {
    for (let s = 0; s < 2; s++) {
      const site = await makeSite(t.db, org.id, { timeZone: org.timeZone });
      for (let c = 0; c < 2; c++) {
        const withOwner = org.id === colombo.id && s === 0 && c === 0;
        const charger = await makeCharger(
          t.db,
          site,
          withOwner ? { locationOwnerId: owner.id, locationOwnerShare: '0.05', name: 'Owned charger' } : {},
        );
        places.push({
          organizationId: org.id,
          siteId: site.id,
          chargerId: charger.id,
          currency: org.currency,
          timeZone: org.timeZone,
          ownerShare: withOwner,
        });
      }
    }
  }
  ownerCharger = places[0]!;
  // A charger that never earned anything still appears, with zeros (a bottom performer).
  await makeCharger(t.db, { id: places[0]!.siteId, organizationId: colombo.id }, { name: 'Idle charger' });
  const rand = seeded(20_261_121);
  const now = DateTime.now();
  for (const org of [colombo, berlin, other]) {
    const mine = places.filter((p) => p.organizationId === org.id);
    for (const moment of stopMoments(org.timeZone, now, rand, org.id === other.id ? 40 : 140)) {
      await settle(mine[Math.floor(rand() * mine.length)]!, moment, rand);
    }
  }
}, 180_000);
afterAll(() => t?.close());

const settlements = () => t.db.select().from(sessionSettlements);

describe('revenue analytics equal a raw scan of the settlements', () => {
  for (const groupBy of ['charger', 'site', 'organization'] as const) {
    it(`per ${groupBy}, for every period`, async () => {
      const all = await settlements();
      expect(all.length).toBeGreaterThan(300);
      for (const period of PERIOD_KEYS) {
        const response = await accounts.get(`/api/v1/analytics/revenue?period=${period}&groupBy=${groupBy}&pageSize=500`);
        expect(response.status, period).toBe(200);
        const keyOf = (s: Settlement) => (groupBy === 'charger' ? s.chargerId : groupBy === 'site' ? s.siteId : s.organizationId);
        const expected = scan(all, period, new Date(response.body.asOf), keyOf);
        const got = new Map<string, Totals>();
        for (const item of response.body.items) got.set(`${item.id}|${item.currency}`, asTotals(item));
        for (const [key, totals] of expected) expect(got.get(key), `${period} ${groupBy} ${key}`).toEqual(totals);
        for (const [key, totals] of got) if (!expected.has(key)) expect(totals, `${period} ${key}`).toEqual(zero());
      }
    });
  }

  it('summary tiles equal the scan per period and currency, never mixing LKR and EUR', async () => {
    const response = await accounts.get('/api/v1/analytics/summary');
    expect(response.status).toBe(200);
    const all = await settlements();
    const asOf = new Date(response.body.asOf);
    const periods = ['today', 'week', 'month', 'year', '24h', '7d'];
    expect(response.body.tiles.map((tile: { period: string; currency: string }) => `${tile.period} ${tile.currency}`)).toEqual(
      periods.flatMap((p) => [`${p} EUR`, `${p} LKR`]),
    );
    for (const tile of response.body.tiles) {
      const expected = scan(all, tile.period, asOf, () => 'all').get(`all|${tile.currency}`) ?? zero();
      expect(asTotals(tile), `${tile.period} ${tile.currency}`).toEqual(expected);
    }
  });

  it('time series per day, week and month equal the scan by local date', async () => {
    const all = await settlements();
    const to = DateTime.now().toISODate()!;
    const from = DateTime.now().minus({ days: 390 }).toISODate()!;
    for (const bucket of ['day', 'week', 'month'] as const) {
      const response = await accounts.get(
        `/api/v1/analytics/timeseries?bucket=${bucket}&from=${from}&to=${to}&organizationId=${orgs.berlin.id}`,
      );
      expect(response.status).toBe(200);
      const expected = new Map<string, bigint[]>();
      for (const s of all) {
        if (s.organizationId !== orgs.berlin.id) continue;
        const local = DateTime.fromJSDate(s.stoppedAt, { zone: 'Europe/Berlin' });
        if (local.toISODate()! < from || local.toISODate()! > to) continue;
        const key = local.startOf(bucket).toISODate()!;
        const sums = expected.get(key) ?? [0n, 0n, 0n, 0n];
        expected.set(key, [sums[0]! + 1n, sums[1]! + BigInt(s.energyWh), sums[2]! + s.netMinor, sums[3]! + s.grossMinor]);
      }
      const items = response.body.items as {
        bucketStart: string;
        currency: string;
        sessions: number;
        energyWh: number;
        netMinor: number;
        grossMinor: number;
      }[];
      expect(new Set(items.map((i) => i.currency))).toEqual(new Set(['EUR']));
      for (const item of items) {
        const want = expected.get(item.bucketStart) ?? [0n, 0n, 0n, 0n];
        expect(
          [item.sessions, item.energyWh, item.netMinor, item.grossMinor].map(BigInt),
          `${bucket} ${item.bucketStart}`,
        ).toEqual(want);
      }
      expect(items.reduce((n, i) => n + i.sessions, 0)).toBe(Number([...expected.values()].reduce((n, v) => n + v[0]!, 0n)));
    }
  });
});

describe('periods follow each organization’s clock', () => {
  it('“today” starts at local midnight in Colombo: a session 1 ms earlier counts yesterday', async () => {
    const org = await makeOrganization(t.db, { name: 'Midnight CPO', currency: 'LKR', timeZone: 'Asia/Colombo' });
    const site = await makeSite(t.db, org.id);
    const charger = await makeCharger(t.db, site);
    const place = {
      organizationId: org.id,
      siteId: site.id,
      chargerId: charger.id,
      currency: 'LKR',
      timeZone: 'Asia/Colombo',
      ownerShare: false,
    };
    const midnight = DateTime.now().setZone('Asia/Colombo').startOf('day');
    const rand = seeded(7);
    await settle(place, midnight.toJSDate(), rand);
    await settle(place, midnight.minus({ milliseconds: 1 }).toJSDate(), rand);
    const all = (await settlements()).filter((s) => s.organizationId === org.id);
    const [atMidnight, before] = [...all].sort((a, b) => b.stoppedAt.getTime() - a.stoppedAt.getTime());
    const tile = async () => {
      const response = await accounts.get(`/api/v1/analytics/summary?organizationId=${org.id}`);
      return Object.fromEntries(response.body.tiles.map((x: { period: string }) => [x.period, x]));
    };
    const tiles = await tile();
    expect(tiles.today).toMatchObject({ currency: 'LKR', sessions: 1, netMinor: Number(atMidnight!.netMinor) });
    expect(tiles['24h'].sessions).toBe(2);
    expect(tiles['24h'].netMinor).toBe(Number(atMidnight!.netMinor + before!.netMinor));
    const { body } = await accounts.get(`/api/v1/analytics/revenue?period=today&organizationId=${org.id}`);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ id: charger.id, sessions: 1, grossMinor: Number(atMidnight!.grossMinor) });
  });
});

describe('ranking, profitability and validation', () => {
  it('top and bottom performers by net; profitability is margin ÷ net', async () => {
    const top = await accounts.get(`/api/v1/analytics/revenue?period=365d&organizationId=${orgs.colombo.id}&pageSize=2`);
    expect(top.status).toBe(200);
    expect(top.body.total).toBe(5);
    expect(top.body.items[0].netMinor).toBeGreaterThanOrEqual(top.body.items[1].netMinor);
    const item = top.body.items[0];
    expect(item.profitability).toBe((Math.round((item.marginMinor / item.netMinor) * 10_000) / 10_000).toFixed(4));
    const bottom = await accounts.get(
      `/api/v1/analytics/revenue?period=365d&organizationId=${orgs.colombo.id}&order=asc&pageSize=1`,
    );
    expect(bottom.body.items[0]).toMatchObject({ name: 'Idle charger', sessions: 0, netMinor: 0, profitability: null });
  });

  it('a bad period, grouping or date range is a 400 with a stable code', async () => {
    expect((await accounts.get('/api/v1/analytics/revenue?period=2w')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await accounts.get('/api/v1/analytics/revenue')).status).toBe(400);
    expect((await accounts.get('/api/v1/analytics/revenue?period=7d&groupBy=country')).status).toBe(400);
    const reversed = await accounts.get('/api/v1/analytics/timeseries?from=2026-03-10&to=2026-03-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.code).toBe('DATE_RANGE_INVALID');
    const tooLong = await accounts.get('/api/v1/analytics/timeseries?bucket=day&from=2020-01-01&to=2026-01-01');
    expect(tooLong.body.error.code).toBe('DATE_RANGE_INVALID');
    expect((await accounts.get('/api/v1/analytics/timeseries?from=2026-02-30')).status).toBe(400);
  });
});

describe('scope', () => {
  it('a CPO sees only its organization’s revenue; another organization is 404', async () => {
    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: orgs.colombo.id })).api;
    const all = await settlements();
    const response = await cpo.get('/api/v1/analytics/revenue?period=365d&groupBy=organization');
    expect(response.status).toBe(200);
    expect(response.body.items.map((i: { id: string }) => i.id)).toEqual([orgs.colombo.id]);
    const expected = scan(all, '365d', new Date(response.body.asOf), (s) => s.organizationId).get(`${orgs.colombo.id}|LKR`);
    expect(asTotals(response.body.items[0])).toEqual(expected);
    const summary = await cpo.get('/api/v1/analytics/summary');
    expect(summary.body.tiles.every((tile: { currency: string }) => tile.currency === 'LKR')).toBe(true);
    expect((await cpo.get(`/api/v1/analytics/revenue?period=7d&organizationId=${orgs.berlin.id}`)).status).toBe(404);
    expect((await cpo.get(`/api/v1/analytics/timeseries?organizationId=${orgs.berlin.id}`)).status).toBe(404);
  });

  it('a location owner sees only the revenue of its assigned chargers, without the operator’s internal figures', async () => {
    const lo = (await signedIn(t.url, t.db, 'location_owner', { organizationId: orgs.colombo.id })).api;
    expect((await lo.get('/api/v1/analytics/revenue?period=365d')).body.items).toEqual([]);
    const api = apiClient(t.url, await login(t.url, owner.email));
    const all = await settlements();
    for (const groupBy of ['charger', 'site', 'organization'] as const) {
      const response = await api.get(`/api/v1/analytics/revenue?period=365d&groupBy=${groupBy}`);
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(1);
      const expected = scan(
        all,
        '365d',
        new Date(response.body.asOf),
        () => 'x',
        (s) => s.chargerId === ownerCharger.chargerId,
      );
      expect(asOwnerTotals(response.body.items[0]), groupBy).toEqual(withoutInternals(expected.get('x|LKR')!));
      expect(response.body.items[0].profitability).toBeNull();
    }
    const summary = await api.get('/api/v1/analytics/summary');
    const year = summary.body.tiles.find((tile: { period: string }) => tile.period === 'year');
    const expectedYear = scan(
      all,
      'year',
      new Date(summary.body.asOf),
      () => 'x',
      (s) => s.chargerId === ownerCharger.chargerId,
    );
    expect(asOwnerTotals(year)).toEqual(withoutInternals(expectedYear.get('x|LKR') ?? zero()));
    expect((await api.get(`/api/v1/analytics/revenue?period=7d&siteId=${places[2]!.siteId}`)).status).toBe(404);
  });

  it('roles without finance:read get 403', async () => {
    for (const role of ['driver', 'network_manager'] as const) {
      const { api } = await signedIn(t.url, t.db, role, role === 'driver' ? { organizationId: orgs.colombo.id } : {});
      expect((await api.get('/api/v1/analytics/summary')).status).toBe(403);
    }
  });
});
