/**
 * Every rollup grain `addToDailyRollup` keeps (charger × day, charger × month, organization × UTC hour,
 * day and month) must equal a GROUP BY of the raw settlements, through real settlements and re-pricing
 * adjustments; and migration 0004's backfill must rebuild the coarser grains exactly.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCharger, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { rows } from '../support/ocpp.js';
import { local, settledSession, workedExampleOrganization, workedExampleReadings } from '../support/pricing.js';
import { GRAINS, type Grain, rawRollups, storedRollups } from '../support/rollups.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
});
afterAll(() => t?.close());

const stored = (grain: Grain) => storedRollups(t.db, grain);
const rawScan = (grain: Grain) => rawRollups(t.db, grain);

/** The statements migration 0004 appends after its CREATE statements to fill the new grains. */
function backfillStatements(): string[] {
  const file = readFileSync(new URL('../../drizzle/0004_rollup_grains.sql', import.meta.url), 'utf8');
  return file
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter((s) => /^(--[^\n]*\n)*INSERT INTO/.test(s));
}

/** The worked example's off-peak price corrected from 90.00 to 80.00 (as in repricing.test.ts). */
const CORRECTED = [
  {
    price_components: [{ type: 'ENERGY', price: '120.00', step_size: 0 }],
    restrictions: { start_time: '18:30', end_time: '22:30' },
  },
  {
    price_components: [
      { type: 'ENERGY', price: '80.00', step_size: 0 },
      { type: 'FLAT', price: '50.00', step_size: 0 },
    ],
  },
];

describe('rollup grains', () => {
  it('every grain equals a GROUP BY of the raw settlements, after settlements and re-pricing adjustments; the backfill rebuilds them', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const second = await makeCharger(t.db, net.site, { name: 'CH-3' });
    const places = [net.charger, second].map((c) => ({ organizationId: net.org.id, siteId: net.site.id, chargerId: c.id }));
    // Several days in three months, two chargers, and a session over local midnight at a month's end.
    for (const day of ['2026-01-31', '2026-02-01', '2026-03-10', '2026-03-12', '2026-03-20'])
      for (const place of places) await settledSession(t.db, { ...place, readings: workedExampleReadings(day) });
    await settledSession(t.db, {
      ...places[1]!,
      readings: [
        [local('23:20', '2026-02-28'), 0],
        [local('00:25', '2026-03-01'), 9_000],
      ],
    });
    for (const grain of Object.keys(GRAINS) as Grain[]) expect(await stored(grain), grain).toEqual(await rawScan(grain));

    // A tariff correction re-prices the March sessions: each adds an adjustment (differences) to every grain.
    expect((await accounts.patch(`/api/v1/tariffs/${net.tariffId}`, { elements: CORRECTED })).status).toBe(200);
    const run = await accounts.post(`/api/v1/tariffs/${net.tariffId}/reprice`, {
      from: '2026-03-01T00:00:00+05:30',
      to: '2026-03-15T00:00:00+05:30',
      reason: 'Off-peak correction',
    });
    expect(run.body).toMatchObject({ matched: 4, changed: 4, failed: 0 });
    const [monthly] = await rows(
      t.db,
      sql`SELECT sum(net_minor)::text AS net, sum(sessions)::int AS sessions FROM organization_monthly_rollups
          WHERE organization_id = ${net.org.id} AND local_month = '2026-03-01'`,
    );
    // March: 6 sessions; 4 re-priced to 2 790.00, 2 still at 2 930.00, plus the midnight session's price.
    expect(monthly.sessions).toBe(7);
    const snapshot: Record<string, unknown[]> = {};
    for (const grain of Object.keys(GRAINS) as Grain[]) {
      snapshot[grain] = await stored(grain);
      expect(snapshot[grain], grain).toEqual(await rawScan(grain));
    }
    const [march] = await rows(
      t.db,
      sql`SELECT sum(net_minor)::text AS net FROM session_settlements WHERE organization_id = ${net.org.id}
          AND stopped_at >= ${local('00:00', '2026-03-01').toISOString()}::timestamptz`,
    );
    expect(monthly.net).toBe(march.net);

    // The migration's backfill, run on emptied tables, gives back exactly what was kept row by row.
    const statements = backfillStatements();
    expect(statements).toHaveLength(4);
    await t.db.transaction(async (tx) => {
      await tx.execute(
        sql`TRUNCATE settlement_monthly_rollups, organization_daily_rollups, organization_monthly_rollups, organization_hourly_rollups`,
      );
      for (const statement of statements) await tx.execute(sql.raw(statement));
    });
    for (const grain of Object.keys(GRAINS) as Grain[]) expect(await stored(grain), grain).toEqual(snapshot[grain]);
  });
});
