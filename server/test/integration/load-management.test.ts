import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeSite, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { LOAD_SETTINGS, loadSites, sum } from '../support/load-sites.js';
import { eventually, rows } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let manager: ApiClient;
let kit: ReturnType<typeof loadSites>;

beforeAll(async () => {
  t = await startTestServer();
  manager = (await signedIn(t.url, t.db, 'network_manager')).api;
  kit = loadSites(t, manager);
});
afterAll(async () => {
  await kit?.stop();
  await t?.close();
});

const SETTINGS = LOAD_SETTINGS;
const site60 = () => kit.site60();
const plugIn: ReturnType<typeof loadSites>['plugIn'] = (...args) => kit.plugIn(...args);
const powers = (siteId: string) => kit.powers(siteId);
const state = (siteId: string) => kit.state(siteId);
const underLimit = (siteId: string, count: number, limitW: number) => kit.underLimit(siteId, count, limitW);

describe.each(['1.6', '2.0.1'] as const)('site load management with OCPP %s chargers', (protocol) => {
  it('keeps 6 × 22 kW under a 60 kW limit, re-allocates when a seventh joins, and lets go when turned off', async () => {
    const place = await site60();
    const unit = protocol === '1.6' ? 'A' : 'W';
    const saved = await manager.put(`/api/v1/sites/${place.site.id}/load-management`, { ...SETTINGS, rateUnit: unit });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ effectiveLimitKw: '60', settings: { enabled: true, rateUnit: unit } });

    const six = [];
    for (let i = 0; i < 6; i++) six.push(await plugIn(place, protocol));
    // Unmanaged they would draw 132 kW; within 10 s of the last start they draw at most 60, and use it.
    const drawn = await underLimit(place.site.id, 6, 60_000);
    expect(sum(drawn)).toBeGreaterThan(55_000);
    const shared = await state(place.site.id);
    expect(shared.sessions).toHaveLength(6);
    for (const s of shared.sessions) {
      expect(s).toMatchObject({ answer: 'Accepted', paused: false, refused: false });
      // About an equal share of 60 kW (an EV drawing less than its share leaves the rest to the others).
      expect(Number(s.limitKw)).toBeGreaterThan(6);
      expect(Number(s.limitKw)).toBeLessThan(15);
    }
    expect(sum(shared.sessions.map((s: { limitKw: string }) => Number(s.limitKw)))).toBeLessThanOrEqual(60);
    // It stays there: the next readings of every session still add up to at most 60 kW.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(sum(await powers(place.site.id))).toBeLessThanOrEqual(60_000);

    // A seventh EV: everyone is re-allocated (60 / 7 = 8.57 kW each) and the site is back under its limit.
    await plugIn(place, protocol);
    await underLimit(place.site.id, 7, 60_000);
    const seven = await eventually(async () => {
      const now = await state(place.site.id);
      return now.sessions.length === 7 && now.sessions.every((s: { limitKw: string | null }) => s.limitKw !== null) ? now : null;
    }, 10_000);
    expect(sum(seven.sessions.map((s: { limitKw: string }) => Number(s.limitKw)))).toBeLessThanOrEqual(60);
    expect(Math.max(...seven.sessions.map((s: { limitKw: string }) => Number(s.limitKw)))).toBeLessThan(13);

    // Turned off: the load-management profiles are cleared and the cars draw their full 22 kW again.
    const off = await manager.put(`/api/v1/sites/${place.site.id}/load-management`, { ...SETTINGS, enabled: false });
    expect(off.body.sessions.every((s: { limitKw: string | null }) => s.limitKw === null)).toBe(true);
    await eventually(async () => ((await powers(place.site.id)).every((w) => w > 21_000) ? true : null), 10_000);

    // Operators see it on /metrics: allocations timed, profiles counted by the chargers' answers.
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(Number(/chargeboard_load_profiles_sent_total\{answer="Accepted"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(
      13,
    );
    expect(Number(/chargeboard_load_allocation_seconds_count (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  it('counts a charger that refuses profiles at its full power, and flags it', async () => {
    const place = await site60();
    await manager.put(`/api/v1/sites/${place.site.id}/load-management`, SETTINGS);
    const refusing = await plugIn(place, protocol, false);
    for (let i = 0; i < 3; i++) await plugIn(place, protocol);
    // 22 kW go to the charger that takes no limit; the three others share the 38 kW left.
    await underLimit(place.site.id, 4, 60_000);
    const flagged = await eventually(async () => {
      const now = await state(place.site.id);
      const limits = now.sessions
        .filter((s: { limitKw: string | null }) => s.limitKw)
        .map((s: { limitKw: string }) => Number(s.limitKw));
      return now.refusals.length === 1 && limits.length === 3 && sum(limits) <= 38 ? now : null;
    }, 10_000).catch(async (error: unknown) => {
      console.error(JSON.stringify(await state(place.site.id), null, 1));
      throw error;
    });
    expect(flagged.refusals[0]).toMatchObject({
      chargerId: refusing.id,
      answer: protocol === '1.6' ? 'NotSupported' : 'Rejected',
    });
    const others = flagged.sessions.filter((s: { chargerId: string }) => s.chargerId !== refusing.id);
    expect(sum(others.map((s: { limitKw: string }) => Number(s.limitKw)))).toBeLessThanOrEqual(38);
    expect(flagged.sessions.find((s: { chargerId: string }) => s.chargerId === refusing.id)).toMatchObject({ refused: true });
  });
});

describe('load-management settings', () => {
  it('refuses what a site cannot hold, with the field and the reason', async () => {
    const place = await site60();
    const put = (body: object) => manager.put(`/api/v1/sites/${place.site.id}/load-management`, { ...SETTINGS, ...body });
    const refused = async (body: object, field: string, words: RegExp) => {
      const answer = await put(body);
      expect(answer.status).toBe(422);
      expect(answer.body.error).toMatchObject({ code: 'LOAD_MANAGEMENT_INVALID', details: { field } });
      expect(answer.body.error.message).toMatch(words);
    };
    await refused({ limitKw: '75' }, 'limitKw', /above the site’s grid connection limit \(60 kW\)/);
    await refused({ limitKw: '0' }, 'limitKw', /above 0 kW/);
    await refused({ limitKw: '3', minimumKw: '4.2' }, 'minimumKw', /above the site limit \(3 kW\)/);
    await refused({ minimumKw: '0.2' }, 'minimumKw', /between 1 and 50 kW/);
    await refused({ strategy: 'priority', priorityGroups: ['Fleet', 'Fleet'] }, 'priorityGroups', /once/);
    const bare = await makeSite(t.db, place.org.id);
    const none = await manager.put(`/api/v1/sites/${bare.id}/load-management`, SETTINGS);
    expect(none.status).toBe(422);
    expect(none.body.error.message).toMatch(/no grid connection limit/);
    // The schema refuses units and shapes it does not know.
    expect((await put({ rateUnit: 'kW' })).status).toBe(400);
    expect((await put({ limitKw: -5 })).status).toBe(400);
    expect((await put({ phases: 2 })).status).toBe(400);
    // Nothing was stored by the refusals.
    expect((await state(place.site.id)).settings).toMatchObject({ enabled: false, limitKw: null });
  });

  it('shows a location owner the sessions of their own chargers only', async () => {
    const place = await site60();
    await manager.put(`/api/v1/sites/${place.site.id}/load-management`, SETTINGS);
    const host = await signedIn(t.url, t.db, 'location_owner', { organizationId: place.org.id });
    const theirs = await plugIn(place, '1.6', true, { locationOwnerId: host.user.id });
    await plugIn(place, '1.6');
    await underLimit(place.site.id, 2, 60_000);
    const seen = (await host.api.get(`/api/v1/sites/${place.site.id}/load-management`)).body;
    expect(seen.sessions.map((s: { chargerId: string }) => s.chargerId)).toEqual([theirs.id]);
    expect(Number(seen.measuredKw)).toBeLessThanOrEqual(22);
    expect((await host.api.put(`/api/v1/sites/${place.site.id}/load-management`, SETTINGS)).status).toBe(403);
  });

  it('is read with monitoring:read and changed with chargers:command, within scope', async () => {
    const place = await site60();
    const other = await makeOrganization(t.db);
    const stranger = (await signedIn(t.url, t.db, 'cpo', { organizationId: other.id })).api;
    expect((await stranger.get(`/api/v1/sites/${place.site.id}/load-management`)).status).toBe(404);
    const accounts = (await signedIn(t.url, t.db, 'accounts')).api;
    expect((await accounts.put(`/api/v1/sites/${place.site.id}/load-management`, SETTINGS)).status).toBe(403);
    const saved = await manager.put(`/api/v1/sites/${place.site.id}/load-management`, { ...SETTINGS, limitKw: '45.5' });
    expect(saved.body).toMatchObject({ effectiveLimitKw: '45.5', gridLimitKw: '60', measuredKw: '0', sessions: [] });
    const [audit] = await rows(
      t.db,
      sql`SELECT action FROM audit_log WHERE entity_id = ${place.site.id} AND action = 'load-management.update'`,
    );
    expect(audit).toBeDefined();
  });
});
