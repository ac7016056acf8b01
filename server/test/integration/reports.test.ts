/** Reports: the CSV holds exactly the previewed rows; every figure stays in the caller's scope; bad definitions are 4xx with a code. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, makeCharger, makeCustomRole, makeSite, makeUser, signedIn } from '../support/factories.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { reportNetwork } from '../support/report-fixture.js';
import { settledStoredSession } from '../support/sessions.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
let net: Awaited<ReturnType<typeof reportNetwork>>;

const MARCH = { from: '2026-03-01', to: '2026-04-30' };

beforeAll(async () => {
  t = await startTestServer();
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
  net = await reportNetwork(t, accounts);
});
afterAll(async () => {
  await t?.close();
});

/** RFC 4180 lines of a small CSV with no quoted commas (the fixture's names have none). */
const parseCsv = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));

describe('the CSV export', () => {
  it('holds the previewed rows and totals: money in major units, energy in kWh', async () => {
    const definition = {
      dimensions: ['charger', 'month'],
      metrics: ['sessions', 'energyWh', 'gross', 'taxes', 'durationAverage'],
      period: MARCH,
      filter: { organizationId: [net.colombo.org.id, net.berlin.org.id] },
      sort: { by: 'gross', order: 'desc' },
    };
    const preview = await accounts.post('/api/v1/reports/preview', definition);
    expect(preview.status).toBe(200);
    const csv = await accounts.post('/api/v1/reports/export.csv', definition);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('report-2026-03-01-2026-04-30.csv');
    const [header, ...lines] = parseCsv(csv.body as string);
    expect(header).toEqual([
      'Charger',
      'Month',
      'Currency',
      'Sessions',
      'Energy (kWh)',
      'Gross',
      'Taxes',
      'Average duration (s)',
    ]);
    const digits = (currency: string) => (currency === 'LKR' || currency === 'EUR' ? 2 : 0);
    const major = (minor: number, currency: string) => (minor / 10 ** digits(currency)).toFixed(digits(currency));
    type Row = { labels: Record<string, string>; currency: string; values: Record<string, number> };
    const asCells = (labels: string[], currency: string, v: Record<string, number>) => [
      ...labels,
      currency,
      String(v.sessions),
      (v.energyWh! / 1000).toFixed(3),
      major(v.gross!, currency),
      major(v.taxes!, currency),
      String(v.durationAverage),
    ];
    const rows = preview.body.rows as Row[];
    expect(rows.length).toBeGreaterThan(3);
    const expected = [
      ...rows.map((r) => asCells([r.labels.charger!, r.labels.month!], r.currency, r.values)),
      ...(preview.body.totals as Row[]).map((tot) => asCells(['Total', ''], tot.currency, tot.values)),
    ];
    expect(lines).toEqual(expected);
    // Sorted by gross, largest first, within the whole report (LKR and EUR figures are minor units of their own).
    const gross = rows.map((r) => r.values.gross!);
    expect(gross).toEqual([...gross].sort((a, b) => b - a));
  });

  it('keeps the top N rows; the totals still count every session', async () => {
    const definition = {
      dimensions: ['day'],
      metrics: ['sessions'],
      period: MARCH,
      limit: 2,
      filter: { organizationId: [net.colombo.org.id] },
    };
    const preview = await accounts.post('/api/v1/reports/preview', definition);
    expect(preview.body.rows).toHaveLength(2);
    expect(preview.body.truncated).toBe(true);
    expect(preview.body.totals).toEqual([{ currency: null, values: { sessions: 4 } }]);
    expect(preview.body.period).toEqual({ from: '2026-03-01', to: '2026-04-30', timeZone: 'Asia/Colombo', relative: null });
    // 23:50 on 8 March and 00:10 on 10 March, Colombo time (18:20 and 18:40 UTC the day before).
    const lines = parseCsv((await accounts.post('/api/v1/reports/export.csv', definition)).body as string);
    expect(lines).toEqual([
      ['Day', 'Sessions'],
      ['2026-03-08', '1'],
      ['2026-03-10', '1'],
      ['Total', '4'],
    ]);
  });
});

describe('scope', () => {
  const byOrganization = {
    dimensions: ['organization', 'charger'],
    metrics: ['sessions', 'net'],
    period: { relative: 'thisYear' },
  };

  it("a CPO sees its organization's rows only, and another organization is 404", async () => {
    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: net.colombo.org.id })).api;
    const report = await cpo.post('/api/v1/reports/preview', byOrganization);
    expect(report.status).toBe(200);
    const organizations = new Set((report.body.rows as { keys: { organization: string } }[]).map((r) => r.keys.organization));
    expect([...organizations]).toEqual([net.colombo.org.id]);
    expect(report.body.period.timeZone).toBe('Asia/Colombo');
    const foreign = await cpo.post('/api/v1/reports/preview', {
      ...byOrganization,
      filter: { organizationId: [net.berlin.org.id] },
    });
    expect(foreign.status).toBe(404);
    const csv = await cpo.post('/api/v1/reports/export.csv', byOrganization);
    expect(csv.body).toContain('Galle Face 1');
    expect(csv.body).not.toContain('Mitte 1');
  });

  it('a location owner sees only the chargers assigned to them, in the rows and the totals', async () => {
    const owner = apiClient(t.url, await login(t.url, net.owner.email));
    const report = await owner.post('/api/v1/reports/preview', { ...byOrganization, metrics: ['sessions'] });
    expect(report.status).toBe(200);
    const chargers = (report.body.rows as { keys: { charger: string } }[]).map((r) => r.keys.charger);
    expect(chargers).toEqual([net.ownersCharger.id]);
    // Two in March, one two days ago, one still charging: all this year and on the owner's charger.
    expect(report.body.totals[0].values.sessions).toBe(4);
    const other = await owner.post('/api/v1/reports/preview', { ...byOrganization, filter: { chargerId: net.otherCharger.id } });
    expect(other.body.rows).toEqual([]);
  });

  it("a location owner never sees the operator's own figures (gateway fees, platform commission)", async () => {
    const owner = apiClient(t.url, await login(t.url, net.owner.email));
    const catalogue = await owner.get('/api/v1/reports/catalogue');
    const metrics = (catalogue.body.metrics as { key: string }[]).map((m) => m.key);
    expect(metrics).toContain('locationOwnerCommission');
    expect(metrics).not.toContain('gatewayFees');
    expect(metrics).not.toContain('platformCommission');
    for (const metric of ['gatewayFees', 'platformCommission']) {
      const refused = await owner.post('/api/v1/reports/preview', { ...byOrganization, metrics: ['sessions', metric] });
      expect([metric, refused.status, refused.body.error.code]).toEqual([metric, 403, 'FORBIDDEN']);
    }
    const own = await owner.post('/api/v1/reports/preview', { ...byOrganization, metrics: ['net', 'locationOwnerCommission'] });
    expect(own.status).toBe(200);
    expect(own.body.totals[0].values.locationOwnerCommission).toBeGreaterThan(0);
  });

  it('a Network Manager (no finance:read) reports sessions and energy but is offered and given no money', async () => {
    const network = (await signedIn(t.url, t.db, 'network_manager')).api;
    const catalogue = await network.get('/api/v1/reports/catalogue');
    const metrics = (catalogue.body.metrics as { key: string; unit: string }[]).map((m) => m.key);
    expect(metrics).toContain('sessions');
    expect(metrics).toContain('energyWh');
    expect((catalogue.body.metrics as { unit: string }[]).filter((m) => m.unit === 'minor')).toEqual([]);
    const usage = await network.post('/api/v1/reports/preview', { ...byOrganization, metrics: ['sessions', 'energyWh'] });
    expect(usage.status).toBe(200);
    expect(usage.body.totals[0].values.sessions).toBeGreaterThan(0);
    for (const metric of ['net', 'gross', 'locationOwnerCommission']) {
      const refused = await network.post('/api/v1/reports/export.csv', { ...byOrganization, metrics: ['sessions', metric] });
      expect([metric, refused.status, refused.body.error.code]).toEqual([metric, 403, 'FORBIDDEN']);
    }
  });

  it('a custom role limited to one site never sees a sibling site of its organization', async () => {
    const sibling = await makeSite(t.db, net.colombo.org.id, { timeZone: 'Asia/Colombo', name: 'Sibling site' });
    const charger = await makeCharger(t.db, sibling, { name: 'Sibling charger' });
    await settledStoredSession(t.db, { charger, startedAt: new Date('2026-06-15T06:00:00Z') });
    const role = await makeCustomRole(t.db, net.colombo.org.id, ['reports:read'], [net.colombo.site.id]);
    const user = await makeUser(t.db, 'custom', { organizationId: net.colombo.org.id, customRoleId: role.id });
    const limited = apiClient(t.url, await login(t.url, user.email));
    const definition = { dimensions: ['site'], metrics: ['sessions'], period: { relative: 'thisYear' } };
    const report = await limited.post('/api/v1/reports/preview', definition);
    expect(report.status).toBe(200);
    expect((report.body.rows as { keys: { site: string } }[]).map((r) => r.keys.site)).toEqual([net.colombo.site.id]);
    // The platform sees both sites of the organization: the sibling's session exists.
    const all = await accounts.post('/api/v1/reports/preview', {
      ...definition,
      filter: { organizationId: [net.colombo.org.id] },
    });
    expect((all.body.rows as { keys: { site: string } }[]).map((r) => r.keys.site).sort()).toEqual(
      [net.colombo.site.id, sibling.id].sort(),
    );
    const csv = await limited.post('/api/v1/reports/export.csv', definition);
    expect(csv.body).not.toContain('Sibling site');
  });

  it('a driver may not build reports', async () => {
    const driver = apiClient(t.url, await login(t.url, (await makeUser(t.db, 'driver')).email));
    expect((await driver.post('/api/v1/reports/preview', byOrganization)).status).toBe(403);
  });
});

describe('bad definitions', () => {
  const base = { dimensions: ['site'], metrics: ['sessions'], period: { relative: 'last7Days' } };
  it.each([
    [{ dimensions: ['planet'] }, 422, 'REPORT_DIMENSION_UNKNOWN'],
    [{ metrics: ['sessions', 'happiness'] }, 422, 'REPORT_METRIC_UNKNOWN'],
    [{ dimensions: ['day', 'week'] }, 422, 'REPORT_COMBINATION_INVALID'],
    [{ sort: { by: 'gross' } }, 422, 'REPORT_COMBINATION_INVALID'],
    [{ period: { from: '2020-01-01', to: '2026-01-01' } }, 422, 'REPORT_PERIOD_TOO_LONG'],
    [{ period: { from: '2026-02-01', to: '2026-01-01' } }, 400, 'DATE_RANGE_INVALID'],
    [{ period: { relative: 'lastCentury' } }, 400, 'VALIDATION_FAILED'],
    [{ metrics: [] }, 400, 'VALIDATION_FAILED'],
    [{ colour: 'red' }, 400, 'VALIDATION_FAILED'],
    [{ filter: { siteId: 'not-a-uuid' } }, 400, 'VALIDATION_FAILED'],
  ])('%o → %i %s, on the preview and the export', async (change, status, code) => {
    for (const path of ['/api/v1/reports/preview', '/api/v1/reports/export.csv']) {
      const response = await accounts.post(path, { ...base, ...change });
      expect([path, response.status, response.body.error?.code]).toEqual([path, status, code]);
    }
  });

  it('lists what a report can be built from', async () => {
    const catalogue = await accounts.get('/api/v1/reports/catalogue');
    expect(catalogue.status).toBe(200);
    expect(catalogue.body.dimensions.map((d: { key: string }) => d.key)).toContain('hourOfDay');
    expect(catalogue.body.metrics.find((m: { key: string }) => m.key === 'gross')).toMatchObject({ unit: 'minor' });
  });
});
