/**
 * Report figures equal a raw scan: every dimension × every metric × a set of periods, generated
 * like the authorization matrix. The reference adds the sessions up in JavaScript (support/report-scan.ts).
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSION_KEYS, METRIC_KEYS, type DimensionKey } from '../../src/domain/reports/catalogue.js';
import { signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { reportNetwork } from '../support/report-fixture.js';
import { type ScannedSession, dimensionKey, metricOf, scanSessions, startedWithin } from '../support/report-scan.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
let organizationIds: string[];
let sessions: ScannedSession[];

const utcToday = () => DateTime.utc().startOf('day');
const PERIODS = {
  march: { period: { from: '2026-03-01', to: '2026-03-31' }, days: () => ['2026-03-01', '2026-03-31'] },
  'around month ends': { period: { from: '2026-03-09', to: '2026-04-01' }, days: () => ['2026-03-09', '2026-04-01'] },
  last30Days: {
    period: { relative: 'last30Days' },
    days: () => [utcToday().minus({ days: 29 }).toISODate()!, utcToday().toISODate()!],
  },
  thisYear: { period: { relative: 'thisYear' }, days: () => [utcToday().startOf('year').toISODate()!, utcToday().toISODate()!] },
} as const;

beforeAll(async () => {
  t = await startTestServer();
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
  const network = await reportNetwork(t, accounts);
  organizationIds = [network.colombo.org.id, network.berlin.org.id];
  sessions = (await scanSessions(t.db)).filter((s) => organizationIds.includes(s.organizationId));
});
afterAll(async () => {
  await t?.close();
});

/** The scan grouped like the report: by the dimension's key and the currency. */
function expected(dimension: DimensionKey, from: string, to: string) {
  const groups = new Map<string, ScannedSession[]>();
  for (const s of sessions.filter((s) => startedWithin(s, from, to))) {
    const key = `${dimensionKey(dimension, s)}|${s.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return groups;
}

describe.each(Object.entries(PERIODS))('period %s', (_name, { period, days }) => {
  it.each(DIMENSION_KEYS.map((d) => [d]))('by %s: every metric equals the raw scan', async (dimension) => {
    const [from, to] = days();
    const response = await accounts.post('/api/v1/reports/preview', {
      dimensions: [dimension],
      metrics: [...METRIC_KEYS],
      period,
      filter: { organizationId: organizationIds },
    });
    expect(response.status).toBe(200);
    expect(response.body.period).toMatchObject({ from, to, timeZone: 'UTC' });
    const groups = expected(dimension, from!, to!);
    expect(groups.size).toBeGreaterThan(0);
    const rows = response.body.rows as {
      keys: Record<string, string | null>;
      currency: string;
      values: Record<string, number | null>;
    }[];
    expect(rows.map((r) => `${r.keys[dimension]}|${r.currency}`).sort()).toEqual([...groups.keys()].sort());
    for (const row of rows) {
      const group = groups.get(`${row.keys[dimension]}|${row.currency}`)!;
      for (const metric of METRIC_KEYS) {
        expect({ row: row.keys[dimension], metric, value: row.values[metric] }).toEqual({
          row: row.keys[dimension],
          metric,
          value: metricOf(metric, group),
        });
      }
    }
    // Totals per currency: the whole period's sessions of that currency.
    for (const total of response.body.totals as { currency: string; values: Record<string, number | null> }[]) {
      const group = sessions.filter((s) => startedWithin(s, from!, to!) && s.currency === total.currency);
      for (const metric of METRIC_KEYS) expect([metric, total.values[metric]]).toEqual([metric, metricOf(metric, group)]);
    }
  });
});
