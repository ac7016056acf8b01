/**
 * An organization's revenue counts on the local date in its time zone. When the zone changes, every
 * local-date rollup is rebuilt in the same transaction, so analytics and every grain equal a raw scan of
 * the settlements in the new zone; an unchanged or refused zone leaves the rollups as they were.
 */
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCharger, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { rows } from '../support/ocpp.js';
import { local, settledSession, workedExampleOrganization } from '../support/pricing.js';
import { GRAIN_NAMES, rawRollups, storedRollups } from '../support/rollups.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
let admin: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
  admin = (await signedIn(t.url, t.db, 'admin')).api;
});
afterAll(() => t?.close());

type Place = { organizationId: string; siteId: string; chargerId: string };

/** A 9 kWh session stopping at `stop` (Colombo wall-clock on `day`), plugged in 40 minutes. */
async function endingAt(place: Place, stop: string, day: string) {
  const stoppedAt = local(stop, day);
  await settledSession(t.db, {
    ...place,
    readings: [
      [new Date(stoppedAt.getTime() - 40 * 60_000), 0],
      [stoppedAt, 9_000],
    ],
  });
}

/** Every grain of the organization, as stored. */
async function snapshot(organizationId: string) {
  const all: Record<string, unknown[]> = {};
  for (const grain of GRAIN_NAMES) all[grain] = await storedRollups(t.db, grain, organizationId);
  return all;
}

/** Row versions: a rewritten row gets a new xmin, so equal versions mean the rollups were not touched. */
async function rowVersions(organizationId: string) {
  const versions: string[] = [];
  for (const grain of GRAIN_NAMES)
    for (const r of await rows(t.db, sql.raw(`SELECT xmin::text AS v FROM ${grain} WHERE organization_id = '${organizationId}'`)))
      versions.push(`${grain} ${r.v}`);
  return versions.sort();
}

/** Sessions, kWh and net per local day in `zone`, from the settlements themselves. */
async function dailyScan(organizationId: string, zone: string) {
  const settled = await rows(
    t.db,
    sql`SELECT stopped_at, energy_wh::text AS wh, net_minor::text AS net FROM session_settlements WHERE organization_id = ${organizationId}`,
  );
  const days = new Map<string, { sessions: number; energyWh: number; netMinor: number }>();
  for (const s of settled) {
    const day = DateTime.fromJSDate(new Date(s.stopped_at), { zone }).toISODate()!;
    const sums = days.get(day) ?? { sessions: 0, energyWh: 0, netMinor: 0 };
    days.set(day, {
      sessions: sums.sessions + 1,
      energyWh: sums.energyWh + Number(s.wh),
      netMinor: sums.netMinor + Number(s.net),
    });
  }
  return days;
}

/** GET /analytics/timeseries by day or month, as { bucketStart → figures } for the buckets with sessions. */
async function series(organizationId: string, bucket: 'day' | 'month') {
  const response = await accounts.get(
    `/api/v1/analytics/timeseries?bucket=${bucket}&from=2026-02-01&to=2026-03-31&organizationId=${organizationId}`,
  );
  expect(response.status).toBe(200);
  const items = response.body.items as { bucketStart: string; sessions: number; energyWh: number; netMinor: number }[];
  return new Map(
    items
      .filter((i) => i.sessions > 0)
      .map((i) => [i.bucketStart, { sessions: i.sessions, energyWh: i.energyWh, netMinor: i.netMinor }]),
  );
}

async function latestAudit(organizationId: string) {
  const entries = await admin.get(`/api/v1/audit?entityType=organization&entityId=${organizationId}&pageSize=1`);
  return entries.body.items[0] as { action: string; changes: Record<string, { before: unknown; after: unknown }> };
}

describe('changing an organization’s time zone', () => {
  it('rebuilds its local-date rollups, so analytics and every grain equal a raw scan in the new zone', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const other = await workedExampleOrganization(t.db, accounts);
    const second = await makeCharger(t.db, net.site, { name: 'CH-3' });
    const [a, b] = [net.charger, second].map((c) => ({ organizationId: net.org.id, siteId: net.site.id, chargerId: c.id }));
    // Colombo is UTC+5:30, Berlin UTC+1 in February and March (before 29 March): a session ending between
    // local midnight and 04:30 in Colombo ends the evening before in Berlin.
    await endingAt(a!, '00:10', '2026-03-01'); // Berlin 28 Feb 19:40: another day and another month
    await endingAt(a!, '04:20', '2026-03-10'); // Berlin 9 March 23:50
    await endingAt(a!, '04:40', '2026-03-10'); // Berlin 10 March 00:10: the same day in both zones
    await endingAt(a!, '23:50', '2026-03-10');
    await endingAt(b!, '00:20', '2026-03-11'); // Berlin 10 March 19:50
    await endingAt(b!, '12:00', '2026-02-15');
    await endingAt({ organizationId: other.org.id, siteId: other.site.id, chargerId: other.charger.id }, '00:10', '2026-03-01');

    const colomboDays = await dailyScan(net.org.id, 'Asia/Colombo');
    expect(await series(net.org.id, 'day')).toEqual(colomboDays);
    const otherBefore = await snapshot(other.org.id);

    const changed = await admin.patch(`/api/v1/organizations/${net.org.id}`, { timeZone: 'Europe/Berlin' });
    expect(changed.status).toBe(200);
    expect(changed.body.timeZone).toBe('Europe/Berlin');

    const berlinDays = await dailyScan(net.org.id, 'Europe/Berlin');
    expect([...berlinDays.keys()].sort()).toEqual(['2026-02-15', '2026-02-28', '2026-03-09', '2026-03-10']);
    expect(berlinDays.get('2026-03-10')!.sessions).toBe(3);
    expect(await series(net.org.id, 'day')).toEqual(berlinDays);
    const months = await series(net.org.id, 'month');
    expect([...months].map(([month, f]) => [month, f.sessions])).toEqual([
      ['2026-02-01', 2],
      ['2026-03-01', 4],
    ]);
    for (const grain of GRAIN_NAMES) expect(await storedRollups(t.db, grain), grain).toEqual(await rawRollups(t.db, grain));
    // Another organization's rollups are not touched.
    expect(await snapshot(other.org.id)).toEqual(otherBefore);

    const audit = await latestAudit(net.org.id);
    expect(audit.action).toBe('update');
    expect(audit.changes.timeZone).toEqual({ before: 'Asia/Colombo', after: 'Europe/Berlin' });
    // 5 charger days + 4 charger months + 4 organization days + 2 organization months.
    expect(audit.changes.rollupsRebuilt).toEqual({ before: null, after: 15 });

    // Settlements after the change count on Berlin dates and add to the rebuilt rows.
    await endingAt(a!, '03:00', '2026-03-12'); // Berlin 11 March 22:30
    expect(await series(net.org.id, 'day')).toEqual(await dailyScan(net.org.id, 'Europe/Berlin'));
    for (const grain of GRAIN_NAMES) expect(await storedRollups(t.db, grain), grain).toEqual(await rawRollups(t.db, grain));
  });

  it('settlements racing a zone change still count on the dates of the zone that wins', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const place = { organizationId: net.org.id, siteId: net.site.id, chargerId: net.charger.id };
    await endingAt(place, '00:30', '2026-03-05');
    // On PostgreSQL these run concurrently; the rebuild's row lock orders them around the change.
    const stops = ['00:05', '01:15', '02:25', '03:35', '04:10', '04:50', '23:55', '12:00'];
    const [changed] = await Promise.all([
      admin.patch(`/api/v1/organizations/${net.org.id}`, { timeZone: 'Europe/Berlin' }),
      ...stops.map((stop) => endingAt(place, stop, '2026-03-06')),
    ]);
    expect(changed.status).toBe(200);
    for (const grain of GRAIN_NAMES)
      expect(await storedRollups(t.db, grain, net.org.id), grain).toEqual(await rawRollups(t.db, grain, net.org.id));
    expect(await series(net.org.id, 'day')).toEqual(await dailyScan(net.org.id, 'Europe/Berlin'));
  });

  it('leaves the rollups untouched when the zone is unchanged, and a refused zone changes nothing', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const place = { organizationId: net.org.id, siteId: net.site.id, chargerId: net.charger.id };
    await endingAt(place, '00:10', '2026-03-01');
    await endingAt(place, '18:00', '2026-03-02');
    const versions = await rowVersions(net.org.id);
    const stored = await snapshot(net.org.id);
    expect(versions.length).toBeGreaterThan(0);

    const same = await admin.patch(`/api/v1/organizations/${net.org.id}`, { timeZone: 'Asia/Colombo', name: 'Same Zone Charge' });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ name: 'Same Zone Charge', timeZone: 'Asia/Colombo' });
    expect(await rowVersions(net.org.id)).toEqual(versions);
    const audit = await latestAudit(net.org.id);
    expect(audit.changes.name).toBeDefined();
    expect(audit.changes.rollupsRebuilt).toBeUndefined();

    const refused = await admin.patch(`/api/v1/organizations/${net.org.id}`, { timeZone: 'Mars/Olympus' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('TIME_ZONE_UNKNOWN');
    expect((await admin.get(`/api/v1/organizations/${net.org.id}`)).body.timeZone).toBe('Asia/Colombo');
    expect(await rowVersions(net.org.id)).toEqual(versions);
    expect(await snapshot(net.org.id)).toEqual(stored);
    expect(await series(net.org.id, 'day')).toEqual(await dailyScan(net.org.id, 'Asia/Colombo'));
  });
});
