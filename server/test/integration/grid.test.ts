import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { LOAD_SETTINGS, loadSites, sum } from '../support/load-sites.js';
import { type TestBroker, startTestBroker } from '../support/mqtt-broker.js';
import { eventually, makeToken, rows } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let broker: TestBroker;
let manager: ApiClient;
let kit: ReturnType<typeof loadSites>;

beforeAll(async () => {
  [t, broker] = await Promise.all([startTestServer(), startTestBroker()]);
  manager = (await signedIn(t.url, t.db, 'network_manager')).api;
  kit = loadSites(t, manager);
});
afterAll(async () => {
  await kit?.stop();
  await t?.close();
  await broker?.close();
});

let topics = 0;

/** An MQTT feed of an organization on the test broker, on a topic of its own; clear time 0 so tests need not wait a minute. */
async function mqttFeed(organizationId: string, fields: Record<string, unknown> = {}) {
  const topic = `grid/test-${++topics}/readings`;
  const created = await manager.post('/api/v1/grid/feeds', {
    organizationId,
    name: `National grid ${topics}`,
    kind: 'mqtt',
    enabled: true,
    settings: { url: broker.url, topic },
    thresholds: { clearSeconds: 0 },
    ...fields,
  });
  expect(created.status).toBe(201);
  const feedId = created.body.feed.id as string;
  await eventually(async () => (await feed(feedId)).link === 'connected', 10_000);
  return { feedId, topic, publish: (message: unknown) => broker.publish(topic, message) };
}

const feed = async (feedId: string) => (await manager.get(`/api/v1/grid/feeds/${feedId}`)).body.feed;

const now = () => new Date().toISOString();

describe('an MQTT grid feed', () => {
  it('stores readings, shows the latest, and records malformed and out-of-range messages as bad readings', async () => {
    const org = await makeOrganization(t.db);
    const { feedId, publish } = await mqttFeed(org.id);
    await publish({
      at: now(),
      frequencyHz: 50.02,
      demandMw: 2140.5,
      reserveMarginPercent: 18.2,
      thermalMw: 1100,
      hydroMw: 800,
      solarMw: 150,
      windMw: 90,
    });
    const shown = await eventually(async () => ((await feed(feedId)).latest ? feed(feedId) : null), 10_000);
    expect(shown).toMatchObject({
      health: 'normal',
      link: 'connected',
      latest: { frequencyHz: 50.02, demandMw: 2140.5, generationMw: 2140, renewablePercent: 48.6, carbonGPerKwh: 452.3 },
    });

    await publish('{"frequencyHz": 49.');
    await publish({ at: now(), frequencyHz: 5000 });
    const detail = await eventually(async () => {
      const body = (await manager.get(`/api/v1/grid/feeds/${feedId}`)).body;
      // The count and the list are read one after the other: wait for both.
      return body.recentBadReadings.length === 2 && body.feed.badReadings === 2 ? body : null;
    }, 10_000);
    expect(detail.recentBadReadings.map((b: { reason: string }) => b.reason).sort()).toEqual([
      'frequencyHz 5000 is outside 40–70',
      'the message is not a JSON object',
    ]);
    expect(detail.feed).toMatchObject({ badReadings: 2, health: 'normal', link: 'connected' });
    // The feed goes on: the next good reading is taken.
    await publish({ at: now(), frequencyHz: 49.99 });
    await eventually(async () => (await feed(feedId)).latest?.frequencyHz === 49.99, 10_000);
    const [count] = await rows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM grid_readings WHERE feed_id = ${feedId}`);
    expect(count!.n).toBe(2);
  });

  it('is shown stale when it stops sending, never as healthy, and live again at the next reading', async () => {
    const org = await makeOrganization(t.db);
    const { feedId, publish } = await mqttFeed(org.id, { staleAfterSeconds: 5 });
    await publish({ at: now(), frequencyHz: 50 });
    await eventually(async () => (await feed(feedId)).link === 'connected' && (await feed(feedId)).latest, 10_000);
    const stale = await eventually(async () => ((await feed(feedId)).link === 'stale' ? feed(feedId) : null), 10_000);
    expect(stale.linkError).toBe('no reading for 5 s');
    await publish({ at: now(), frequencyHz: 50.01 });
    await eventually(async () => (await feed(feedId)).link === 'connected', 10_000);
  });
});

describe('a grid emergency on the MQTT broker', () => {
  it.each(['1.6', '2.0.1'] as const)(
    'lowers a site’s limit, keeps only priority sessions charging, raises the alert, and restores it all when the grid recovers (OCPP %s)',
    async (protocol) => {
      const place = await kit.site60();
      const { feedId, publish } = await mqttFeed(place.org.id);
      await publish({ at: now(), frequencyHz: 50, reserveMarginPercent: 20 });
      const fleet = await makeToken(t.db, place.org.id, { tokenGroup: 'Ambulances' });
      const saved = await manager.put(`/api/v1/sites/${place.site.id}/load-management`, {
        ...LOAD_SETTINGS,
        rateUnit: protocol === '1.6' ? 'A' : 'W',
        priorityGroups: ['Ambulances'],
        gridFeedId: feedId,
        gridAlertReductionPercent: 25,
        gridEmergencyReductionPercent: 50,
        gridEmergencyPriorityOnly: true,
      });
      expect(saved.status).toBe(200);
      expect(saved.body.grid).toMatchObject({ feedId, health: 'normal', reductionPercent: 0, sharedLimitKw: '60' });
      const ambulance = await kit.plugIn(place, protocol, true, { idTag: fleet.token });
      await kit.plugIn(place, protocol);
      await kit.plugIn(place, protocol);
      await kit.underLimit(place.site.id, 3, 60_000);

      // Alert: the 60 kW limit is shared as 45 kW.
      await publish({ at: now(), frequencyHz: 49.72, reserveMarginPercent: 15 });
      await eventually(async () => {
        const s = await kit.state(place.site.id);
        return s.grid.health === 'alert' && sum(await kit.powers(place.site.id)) <= 45_000 ? s : null;
      }, 10_000);

      // Emergency: 30 kW, for the ambulance alone; the other two are paused.
      await publish({ at: now(), frequencyHz: 49.38, reserveMarginPercent: 3 });
      const emergency = await eventually(async () => {
        const s = await kit.state(place.site.id);
        const paused = s.sessions.filter((x: { paused: boolean; answer: string }) => x.paused && x.answer === 'Accepted');
        return s.grid.health === 'emergency' && paused.length === 2 ? s : null;
      }, 10_000);
      expect(emergency.grid).toMatchObject({ reductionPercent: 50, priorityOnly: true, sharedLimitKw: '30' });
      const own = emergency.sessions.find((x: { chargerId: string }) => x.chargerId === ambulance.id);
      expect(own).toMatchObject({ paused: false, answer: 'Accepted', tokenGroup: 'Ambulances' });
      expect(Number(own.limitKw)).toBeLessThanOrEqual(22);
      await eventually(async () => {
        const [w] = await rows<{ w: number }>(
          t.db,
          sql`SELECT coalesce(sum(power_w), 0)::float AS w FROM charging_sessions
              WHERE site_id = ${place.site.id} AND status = 'active' AND charger_id <> ${ambulance.id}`,
        );
        return w!.w === 0;
      }, 10_000);

      // One alert for the organization, raised at the alert and seen again at the emergency.
      const [alert] = await rows<{ status: string; occurrences: number; title: string; subject_id: string }>(
        t.db,
        sql`SELECT status, occurrences, title, subject_id FROM alerts WHERE organization_id = ${place.org.id} AND rule_type = 'grid_stress'`,
      );
      expect(alert).toMatchObject({ status: 'open', occurrences: 2, subject_id: feedId });
      expect(alert!.title).toMatch(/^Grid alert on National grid \d+: frequency 49\.72 Hz$/);

      // Recovered: the full limit again, everyone charging, the alert resolved, the history kept.
      await publish({ at: now(), frequencyHz: 50.01, reserveMarginPercent: 20 });
      await kit.underLimit(place.site.id, 3, 60_000);
      const back = await eventually(async () => {
        const s = await kit.state(place.site.id);
        return s.grid.health === 'normal' && s.sessions.every((x: { paused: boolean }) => !x.paused) ? s : null;
      }, 10_000);
      expect(back.grid.sharedLimitKw).toBe('60');
      await eventually(async () => {
        const [a] = await rows<{ status: string }>(
          t.db,
          sql`SELECT status FROM alerts WHERE organization_id = ${place.org.id} AND rule_type = 'grid_stress'`,
        );
        return a?.status === 'resolved';
      }, 10_000);
      const history = (await manager.get(`/api/v1/grid/feeds/${feedId}`)).body.healthHistory;
      expect(history.map((h: { health: string }) => h.health)).toEqual(['normal', 'emergency', 'alert']);
      // The site's energy page lists each change once, with what the limit became.
      const events = await eventually(async () => {
        const body = (await manager.get(`/api/v1/sites/${place.site.id}/load-management/history`)).body;
        const grid = body.events.filter((e: { kind: string }) => e.kind === 'grid');
        return grid.length === 3 ? grid.map((e: { message: string }) => e.message) : null;
      }, 10_000);
      expect(events).toEqual([
        expect.stringMatching(/^Grid normal on National grid \d+: the full limit of 60 kW is shared$/),
        expect.stringMatching(/^Grid emergency on National grid \d+: limit lowered 50 % to 30 kW, only priority groups charge$/),
        expect.stringMatching(/^Grid alert on National grid \d+: limit lowered 25 % to 45 kW$/),
      ]);
    },
  );
});

describe('an HTTP grid feed', () => {
  let endpoint: Server;
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  let url = '';

  beforeAll(async () => {
    endpoint = createServer((_req, res) => {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/grid/now`;
  });
  afterAll(() => new Promise<void>((resolve) => endpoint.close(() => resolve())));

  it('polls the endpoint, reads its fields through the mapping, and shows it disconnected when the endpoint fails', async () => {
    const org = await makeOrganization(t.db);
    answer = { status: 200, body: { data: { time: now(), hz: '49.93', load: 1812.4, reserve: 22.5 } } };
    const created = await manager.post('/api/v1/grid/feeds', {
      organizationId: org.id,
      name: 'Utility API',
      kind: 'http',
      enabled: true,
      settings: { url, pollSeconds: 1 },
      mapping: { at: 'data.time', frequencyHz: 'data.hz', demandMw: 'data.load', reserveMarginPercent: 'data.reserve' },
      staleAfterSeconds: 5,
    });
    expect(created.status).toBe(201);
    const id = created.body.feed.id as string;
    const read = await eventually(async () => ((await feed(id)).latest ? feed(id) : null), 10_000);
    expect(read).toMatchObject({
      kind: 'http',
      link: 'connected',
      latest: { frequencyHz: 49.93, demandMw: 1812.4, reserveMarginPercent: 22.5 },
    });
    answer = { status: 503, body: { error: 'maintenance' } };
    const down = await eventually(async () => ((await feed(id)).link === 'disconnected' ? feed(id) : null), 10_000);
    expect(down.linkError).toBe('HTTP 503');
  });
});

describe('grid feeds: bad input and scope', () => {
  it('refuses feeds that cannot work, with the field and the reason, and stores nothing', async () => {
    const org = await makeOrganization(t.db);
    const base = { organizationId: org.id, name: 'Feed', enabled: true };
    const refused = async (body: object, field: string, words: RegExp) => {
      const r = await manager.post('/api/v1/grid/feeds', { ...base, ...body });
      expect(r.status).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'GRID_FEED_INVALID', details: { field } });
      expect(r.body.error.message).toMatch(words);
    };
    await refused({ kind: 'mqtt', settings: { url: 'mqtt://broker:1883' } }, 'settings.topic', /needs a topic/);
    await refused({ kind: 'mqtt', settings: { url: 'ftp://x', topic: 'a' } }, 'settings.url', /broker URL/);
    await refused({ kind: 'http', settings: { url: 'localhost/grid' } }, 'settings.url', /http:\/\/ or https:\/\//);
    await refused(
      { kind: 'http', settings: { url: 'http://127.0.0.1:1/x', pollSeconds: 60 }, staleAfterSeconds: 30 },
      'staleAfterSeconds',
      /polled every 60 s cannot be stale after 30 s/,
    );
    await refused(
      { kind: 'simulated', settings: {}, thresholds: { frequencyAlertHz: 49.4, frequencyEmergencyHz: 49.5 } },
      'thresholds',
      /emergency threshold must be below the alert one/,
    );
    // Shapes the schema does not know: 400.
    expect((await manager.post('/api/v1/grid/feeds', { ...base, kind: 'carrier-pigeon', settings: {} })).status).toBe(400);
    expect(
      (
        await manager.post('/api/v1/grid/feeds', {
          ...base,
          kind: 'http',
          settings: { url: 'http://a/b' },
          mapping: { volts: 'v' },
        })
      ).status,
    ).toBe(400);
    const [n] = await rows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM grid_feeds WHERE organization_id = ${org.id}`);
    expect(n!.n).toBe(0);
  });

  it('keeps feeds within their organization, and a site may only react to its own organization’s feed', async () => {
    const place = await kit.site60();
    const other = await makeOrganization(t.db);
    const { feedId } = await mqttFeed(other.id);
    const stranger = (await signedIn(t.url, t.db, 'cpo', { organizationId: place.org.id })).api;
    expect((await stranger.get(`/api/v1/grid/feeds/${feedId}`)).status).toBe(404);
    expect((await stranger.get('/api/v1/grid/feeds')).body.items.map((f: { id: string }) => f.id)).not.toContain(feedId);
    expect((await stranger.get(`/api/v1/grid/feeds/${feedId}/readings`)).status).toBe(404);
    // The CPO reads its own organization's grid, and changes none.
    expect(
      (
        await stranger.post('/api/v1/grid/feeds', {
          organizationId: place.org.id,
          name: 'x',
          kind: 'simulated',
          enabled: true,
          settings: {},
        })
      ).status,
    ).toBe(403);

    const put = (body: object) => manager.put(`/api/v1/sites/${place.site.id}/load-management`, { ...LOAD_SETTINGS, ...body });
    const foreign = await put({ gridFeedId: feedId, gridAlertReductionPercent: 20 });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error).toMatchObject({ code: 'LOAD_MANAGEMENT_INVALID', details: { field: 'gridFeedId' } });
    const noGroups = await put({ gridFeedId: null, gridEmergencyPriorityOnly: true });
    expect(noGroups.body.error.details.field).toBe('gridEmergencyPriorityOnly');
    expect((await put({ gridAlertReductionPercent: 120 })).status).toBe(400);
  });

  it('averages long ranges into buckets and refuses a range the wrong way round', async () => {
    const org = await makeOrganization(t.db);
    const { feedId } = await mqttFeed(org.id);
    // Two days of minute readings, written as the feed would have.
    await t.db.execute(
      sql`INSERT INTO grid_readings (feed_id, at, frequency_hz, demand_mw)
          SELECT ${feedId}, now() - make_interval(mins => g), 50 + (g % 5) * 0.01, 1500 + g % 600
          FROM generate_series(1, 2880) g`,
    );
    const from = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const series = (await manager.get(`/api/v1/grid/feeds/${feedId}/readings?from=${from}`)).body;
    // 2 days in at most 720 points: 5-minute averages.
    expect(series.bucketSeconds).toBe(300);
    expect(series.points.length).toBeGreaterThanOrEqual(575);
    expect(series.points.length).toBeLessThanOrEqual(578);
    expect(series.points[10].minFrequencyHz).toBeLessThanOrEqual(series.points[10].frequencyHz);
    const wrong = await manager.get(`/api/v1/grid/feeds/${feedId}/readings?from=${now()}&to=${from}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('DATE_RANGE_INVALID');
  });
});
