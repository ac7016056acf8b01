import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionSettlements } from '../../src/db/schema/index.js';
import { login, makeCharger, makeUser, signedIn } from '../support/factories.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { type FlatPricedNetworkFields, flatPricedNetwork } from '../support/pricing.js';
import { makeToken } from '../support/ocpp.js';
import { type StoredSessionSpec, settledStoredSession, storedSession } from '../support/sessions.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;

/** A local day in Colombo (UTC+05:30): its midnight is 18:30 UTC the day before. */
const DAY = '2026-03-10';

type SessionSpec = Omit<StoredSessionSpec, 'charger' | 'startedAt'> & { start: string };

/** A session stored as the OCPP layer stores it, then (unless still active) settled through the real settlement path. */
async function session(charger: { id: string; organizationId: string; siteId: string }, spec: SessionSpec) {
  const { start, ...rest } = spec;
  const stored = { ...rest, charger, startedAt: new Date(start) };
  return (spec.active ? await storedSession(t.db, stored) : await settledStoredSession(t.db, stored)).id;
}

const network = (fields: FlatPricedNetworkFields) => flatPricedNetwork(t.db, accounts, fields);

let colombo: Awaited<ReturnType<typeof network>>;
let berlin: Awaited<ReturnType<typeof network>>;
let chargerA1: Awaited<ReturnType<typeof makeCharger>>;
let chargerA2: Awaited<ReturnType<typeof makeCharger>>;
let chargerB: Awaited<ReturnType<typeof makeCharger>>;
let ownerA: Awaited<ReturnType<typeof makeUser>>;
let driver: Awaited<ReturnType<typeof makeUser>>;
const ids: Record<string, string> = {};
let idTokenId: string;

beforeAll(async () => {
  t = await startTestServer();
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
  colombo = await network({ currency: 'LKR', timeZone: 'Asia/Colombo', price: '100.00', taxes: [{ name: 'VAT', rate: '0.18' }] });
  berlin = await network({ currency: 'EUR', timeZone: 'Europe/Berlin', price: '0.30' });
  ownerA = await makeUser(t.db, 'location_owner', { organizationId: colombo.org.id });
  chargerA1 = await makeCharger(t.db, colombo.site, {
    name: 'Galle Face 1',
    locationOwnerId: ownerA.id,
    locationOwnerShare: '0.05',
  });
  chargerA2 = await makeCharger(t.db, colombo.site, { name: 'Galle Face 2' });
  chargerB = await makeCharger(t.db, berlin.site, { name: 'Mitte 1' });
  driver = await makeUser(t.db, 'driver', { organizationId: colombo.org.id });
  const token = await makeToken(t.db, colombo.org.id, { userId: driver.id, token: 'CARD-77', vehicleRef: 'WP-CAB-1234' });
  idTokenId = token.id;

  // 00:10 on DAY in Colombo (18:40 UTC the day before) and 23:50 the evening before (18:20 UTC).
  ids.afterMidnight = await session(chargerA1, {
    start: '2026-03-09T18:40:00Z',
    wh: 10_000,
    idTag: 'CARD-77',
    userId: driver.id,
    idTokenId: token.id,
    vehicleRef: 'WP-CAB-1234',
  });
  ids.beforeMidnight = await session(chargerA1, { start: '2026-03-09T18:20:00Z', wh: 4_000 });
  ids.secondConnector = await session(chargerA2, { start: '2026-03-10T06:00:00Z', wh: 7_250, connectorId: 2, minutes: 30 });
  ids.flagged = await session(chargerA2, { start: '2026-03-11T06:00:00Z', wh: 1_000, flagReason: 'METER_WENT_BACKWARDS' });
  ids.active = await session(chargerA1, { start: '2026-03-12T06:00:00Z', wh: 2_500, active: true });
  // 00:30 on DAY in Berlin (23:30 UTC the day before).
  ids.berlin = await session(chargerB, { start: '2026-03-09T23:30:00Z', wh: 5_000 });
  await t.db.update(sessionSettlements).set({ idleSeconds: 600 }).where(eq(sessionSettlements.sessionId, ids.afterMidnight));
}, 60_000);
afterAll(() => t?.close());

const query = (params: Record<string, string | string[]>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) search.append(key, v);
  return search.toString();
};
const listIds = async (api: ApiClient, params: Record<string, string | string[]> = {}) => {
  const response = await api.get(`/api/v1/transactions?${query({ pageSize: '200', ...params })}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body.items as { id: string }[]).map((i) => i.id).sort();
};
const sorted = (...names: string[]) => names.map((n) => ids[n]!).sort();

describe('transactions list', () => {
  it('joins each session with its place, driver and settled money', async () => {
    const response = await accounts.get(`/api/v1/transactions?${query({ organizationId: colombo.org.id, pageSize: '200' })}`);
    expect(response.body.total).toBe(5);
    const row = response.body.items.find((i: { id: string }) => i.id === ids.afterMidnight);
    expect(row).toMatchObject({
      organizationName: colombo.org.name,
      timeZone: 'Asia/Colombo',
      chargerName: 'Galle Face 1',
      siteName: colombo.site.name,
      idTag: 'CARD-77',
      vehicleRef: 'WP-CAB-1234',
      driverName: driver.name,
      status: 'completed',
      flagged: false,
      durationSeconds: 3600,
      idleSeconds: 600,
      energyWh: 10_000,
      settled: true,
      currency: 'LKR',
      netMinor: 100_000,
      taxMinor: 18_000,
      grossMinor: 118_000,
    });
    const active = response.body.items.find((i: { id: string }) => i.id === ids.active);
    expect(active).toMatchObject({ status: 'active', settled: false, netMinor: null, currency: 'LKR' });
  });

  it('filters by organizations, site, charger, connector, driver, ID token, tag, vehicle and status', async () => {
    expect(await listIds(accounts, { organizationId: [colombo.org.id, berlin.org.id] })).toEqual(
      sorted('afterMidnight', 'beforeMidnight', 'secondConnector', 'flagged', 'active', 'berlin'),
    );
    expect(await listIds(accounts, { siteId: berlin.site.id })).toEqual(sorted('berlin'));
    expect(await listIds(accounts, { chargerId: chargerA2.id })).toEqual(sorted('secondConnector', 'flagged'));
    expect(await listIds(accounts, { chargerId: chargerA2.id, connectorId: '2' })).toEqual(sorted('secondConnector'));
    expect(await listIds(accounts, { userId: driver.id })).toEqual(sorted('afterMidnight'));
    expect(await listIds(accounts, { idTag: 'card-77' })).toEqual(sorted('afterMidnight'));
    expect(await listIds(accounts, { vehicleRef: 'wp-cab-1234' })).toEqual(sorted('afterMidnight'));
    expect(await listIds(accounts, { idTokenId })).toEqual(sorted('afterMidnight'));
    expect(await listIds(accounts, { organizationId: colombo.org.id, status: 'active' })).toEqual(sorted('active'));
    expect(await listIds(accounts, { organizationId: colombo.org.id, status: 'flagged' })).toEqual(sorted('flagged'));
    expect(await listIds(accounts, { organizationId: colombo.org.id, status: 'completed' })).toEqual(
      sorted('afterMidnight', 'beforeMidnight', 'secondConnector', 'flagged'),
    );
  });

  it("reads from/to as whole days in each session's organization's time zone", async () => {
    // Both Colombo sessions started on 9 March in UTC; only the one after local midnight is on DAY.
    expect(await listIds(accounts, { organizationId: colombo.org.id, from: DAY, to: DAY })).toEqual(
      sorted('afterMidnight', 'secondConnector'),
    );
    expect(await listIds(accounts, { organizationId: colombo.org.id, to: '2026-03-09' })).toEqual(sorted('beforeMidnight'));
    // Across organizations each uses its own midnight: 00:30 in Berlin is also DAY.
    expect(await listIds(accounts, { from: DAY, to: DAY, organizationId: [colombo.org.id, berlin.org.id] })).toEqual(
      sorted('afterMidnight', 'secondConnector', 'berlin'),
    );
  });

  it('refuses bad filters with a stable code', async () => {
    const bad = async (params: string, code: string) => {
      const response = await accounts.get(`/api/v1/transactions?${params}`);
      expect(response.status, params).toBe(400);
      expect(response.body.error.code, params).toBe(code);
    };
    await bad('from=2026-03-11&to=2026-03-10', 'DATE_RANGE_INVALID');
    await bad('from=2026-13-40', 'VALIDATION_FAILED');
    await bad('organizationId=not-a-uuid', 'VALIDATION_FAILED');
    await bad('status=lost', 'VALIDATION_FAILED');
    await bad('colour=red', 'VALIDATION_FAILED');
    const summary = await accounts.get('/api/v1/transactions/summary?from=2026-03-11&to=2026-03-10');
    expect(summary.body.error.code).toBe('DATE_RANGE_INVALID');
    const format = await accounts.get('/api/v1/transactions/export?format=pdf');
    expect(format.status).toBe(400);
    const range = await accounts.raw('/api/v1/transactions/export?format=csv&from=2026-03-11&to=2026-03-10');
    expect(range.status).toBe(400);
    expect(((await range.json()) as { error: { code: string } }).error.code).toBe('DATE_RANGE_INVALID');
  });
});

describe('transactions summary', () => {
  it('totals equal the sum of the listed rows, with money per currency', async () => {
    const filter = { organizationId: [colombo.org.id, berlin.org.id] };
    const rows = (await accounts.get(`/api/v1/transactions?${query({ ...filter, pageSize: '200' })}`)).body.items as {
      energyWh: number;
      currency: string;
      settled: boolean;
      netMinor: number;
      grossMinor: number;
    }[];
    const summary = (await accounts.get(`/api/v1/transactions/summary?${query(filter)}`)).body;
    expect(summary.sessions).toBe(rows.length);
    expect(summary.activeSessions).toBe(1);
    expect(summary.energyWh).toBe(rows.reduce((sum, r) => sum + r.energyWh, 0));
    expect(summary.idleSeconds).toBe(600);
    const perCurrency = (currency: string, key: 'netMinor' | 'grossMinor') =>
      rows.filter((r) => r.settled && r.currency === currency).reduce((sum, r) => sum + r[key], 0);
    expect(summary.revenue).toEqual([
      { currency: 'EUR', sessions: 1, netMinor: 150, taxMinor: 0, grossMinor: 150 },
      {
        currency: 'LKR',
        sessions: 4,
        netMinor: perCurrency('LKR', 'netMinor'),
        taxMinor: perCurrency('LKR', 'grossMinor') - perCurrency('LKR', 'netMinor'),
        grossMinor: perCurrency('LKR', 'grossMinor'),
      },
    ]);
    // 22.25 kWh at 100.00 LKR, VAT 18 %.
    expect(summary.revenue[1].netMinor).toBe(222_500);
    expect(summary.averageDurationSeconds).toBe(Math.round((4 * 3600 + 1800) / 5));
  });

  it('breaks the figures down per charger', async () => {
    const summary = (await accounts.get(`/api/v1/transactions/summary?${query({ organizationId: colombo.org.id })}`)).body;
    expect(summary.chargersTotal).toBe(2);
    expect(summary.chargers).toEqual([
      expect.objectContaining({
        chargerId: chargerA1.id,
        chargerName: 'Galle Face 1',
        sessions: 3,
        energyWh: 16_500,
        durationSeconds: 7200,
        idleSeconds: 600,
        revenue: [{ currency: 'LKR', sessions: 2, netMinor: 140_000, taxMinor: 25_200, grossMinor: 165_200 }],
      }),
      expect.objectContaining({
        chargerId: chargerA2.id,
        sessions: 2,
        energyWh: 8_250,
        durationSeconds: 5400,
        revenue: [{ currency: 'LKR', sessions: 2, netMinor: 82_500, taxMinor: 14_850, grossMinor: 97_350 }],
      }),
    ]);
  });
});

describe('transactions scope', () => {
  it('a CPO sees only its organization; asking for another is a 404', async () => {
    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: berlin.org.id })).api;
    expect(await listIds(cpo)).toEqual(sorted('berlin'));
    const summary = (await cpo.get('/api/v1/transactions/summary')).body;
    expect(summary.revenue.map((r: { currency: string }) => r.currency)).toEqual(['EUR']);
    expect((await cpo.get(`/api/v1/transactions?organizationId=${colombo.org.id}`)).status).toBe(404);
    const csv = await (await cpo.raw('/api/v1/transactions/export?format=csv')).text();
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    expect(csv).toContain(ids.berlin);
  });

  it('a Location Owner sees only the chargers assigned to it', async () => {
    const { api } = await signedIn(t.url, t.db, 'location_owner', { organizationId: colombo.org.id });
    expect(await listIds(api)).toEqual([]);
    const owner = await loginAs(ownerA.email);
    expect(await listIds(owner)).toEqual(sorted('afterMidnight', 'beforeMidnight', 'active'));
    const summary = (await owner.get('/api/v1/transactions/summary')).body;
    expect(summary.chargers.map((c: { chargerId: string }) => c.chargerId)).toEqual([chargerA1.id]);
  });

  it('a driver is refused', async () => {
    const { api } = await signedIn(t.url, t.db, 'driver', { organizationId: colombo.org.id });
    for (const path of ['/api/v1/transactions', '/api/v1/transactions/summary', '/api/v1/transactions/export?format=csv']) {
      expect((await api.get(path)).status, path).toBe(403);
    }
  });
});

async function loginAs(email: string): Promise<ApiClient> {
  return apiClient(t.url, await login(t.url, email));
}

const EXPECTED_HEADER = [
  'Session ID',
  'Organization',
  'Site',
  'Charger',
  'Connector',
  'ID tag',
  'Vehicle',
  'Driver',
  'Status',
  'Flags',
  'Started',
  'Stopped',
  'Time zone',
  'Duration (s)',
  'Idle (s)',
  'Energy (kWh)',
  'Currency',
  'Net',
  'Tax',
  'Gross',
];

describe('transactions export', () => {
  it('CSV has the header and exactly the filtered rows, money exact in major units, local times with offset', async () => {
    const response = await accounts.raw(`/api/v1/transactions/export?${query({ format: 'csv', from: DAY, to: DAY })}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="transactions-\d{4}-\d{2}-\d{2}\.csv"/);
    const [header, ...lines] = (await response.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(header!.split(',')).toEqual(EXPECTED_HEADER);
    const cells = lines.map((l) => l.split(','));
    expect(cells.map((c) => c[0]).sort()).toEqual(sorted('afterMidnight', 'secondConnector', 'berlin'));
    const first = cells.find((c) => c[0] === ids.afterMidnight)!;
    expect(first.slice(9)).toEqual([
      '',
      '2026-03-10T00:10:00+05:30',
      '2026-03-10T01:10:00+05:30',
      'Asia/Colombo',
      '3600',
      '600',
      '10.000',
      'LKR',
      '1000.00',
      '180.00',
      '1180.00',
    ]);
    const eur = cells.find((c) => c[0] === ids.berlin)!;
    expect(eur.slice(10)).toEqual([
      '2026-03-10T00:30:00+01:00',
      '2026-03-10T01:30:00+01:00',
      'Europe/Berlin',
      '3600',
      '0',
      '5.000',
      'EUR',
      '1.50',
      '0.00',
      '1.50',
    ]);
  });

  it('XLSX opens with exceljs and holds the same rows as the CSV', async () => {
    const filter = { organizationId: colombo.org.id };
    const csv = await (await accounts.raw(`/api/v1/transactions/export?${query({ ...filter, format: 'csv' })}`)).text();
    const csvRows = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .slice(1);
    const response = await accounts.raw(`/api/v1/transactions/export?${query({ ...filter, format: 'xlsx' })}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('Transactions')!;
    const values = sheet.getSheetValues().slice(1) as unknown[][];
    expect(values[0]!.slice(1)).toEqual(EXPECTED_HEADER);
    const rows = values.slice(1).map((r) => r.slice(1));
    expect(rows.map((r) => r[0])).toEqual(csvRows.map((l) => l.split(',')[0]));
    const first = rows.find((r) => r[0] === ids.afterMidnight)!;
    // Started/Stopped are date cells on Colombo's wall clock (exceljs reads them as Dates whose UTC
    // fields are that clock), formatted with the offset as literal text.
    const row = sheet.getRow(values.findIndex((r) => r[1] === ids.afterMidnight) + 1);
    for (const [column, wall] of [
      [11, '2026-03-10T00:10:00.000Z'],
      [12, '2026-03-10T01:10:00.000Z'],
    ] as const) {
      const cell = row.getCell(column);
      expect(cell.type).toBe(ExcelJS.ValueType.Date);
      expect((cell.value as Date).toISOString()).toBe(wall);
      expect(cell.numFmt).toBe('yyyy-mm-dd hh:mm:ss "+05:30"');
    }
    expect(first.slice(12)).toEqual(['Asia/Colombo', 3600, 600, 10, 'LKR', 1000, 180, 1180]);
  });
});
