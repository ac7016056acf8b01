import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCharger, makeOrganization, makeSite, signedIn } from '../support/factories.js';
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

  it('gives each charger a default limit at the minimum for sessions yet to start, and clears it when turned off', async () => {
    const place = await site60();
    const unit = protocol === '1.6' ? 'A' : 'W';
    await manager.put(`/api/v1/sites/${place.site.id}/load-management`, { ...SETTINGS, rateUnit: unit });
    const charger = await plugIn(place, protocol);
    await underLimit(place.site.id, 1, 60_000);
    // Sent as the charger received it (the message log keeps every frame).
    const sent = (action: string) =>
      rows<{ payload: string }>(
        t.db,
        sql`SELECT payload FROM ocpp_messages WHERE charger_id = ${charger.id} AND direction = 'out' AND action = ${action}`,
      );
    const defaults = await eventually(async () => {
      const frames = (await sent('SetChargingProfile')).filter((m) => m.payload.includes('TxDefaultProfile'));
      return frames.length > 0 ? frames : null;
    }, 10_000);
    const call = JSON.parse(defaults[0]!.payload)[3];
    const profile = protocol === '1.6' ? call.csChargingProfiles : call.chargingProfile;
    const schedule = protocol === '1.6' ? profile.chargingSchedule : profile.chargingSchedule[0];
    expect(protocol === '1.6' ? call.connectorId : call.evseId).toBe(0);
    expect(profile).toMatchObject({ stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute' });
    // 4.2 kW: 6 A per phase on three phases at 230 V (4,140 W), or 4,200 W.
    expect(schedule).toMatchObject({
      chargingRateUnit: unit,
      chargingSchedulePeriod: [{ startPeriod: 0, limit: unit === 'A' ? 6 : 4200 }],
    });

    await manager.put(`/api/v1/sites/${place.site.id}/load-management`, { ...SETTINGS, enabled: false });
    const cleared = await eventually(async () => {
      const frames = await sent('ClearChargingProfile');
      return frames.some((m) => m.payload.includes('4000')) ? frames : null;
    }, 10_000);
    expect(cleared.length).toBeGreaterThanOrEqual(2);
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

describe('a site’s energy history', () => {
  it('adds up the chargers’ meter readings, and lists the settings changes and the refusals', async () => {
    const place = await site60();
    await manager.put(`/api/v1/sites/${place.site.id}/load-management`, SETTINGS);
    const refusing = await plugIn(place, '1.6', false);
    await plugIn(place, '1.6');
    await underLimit(place.site.id, 2, 60_000);
    const lowered = await manager.put(`/api/v1/sites/${place.site.id}/load-management`, { ...SETTINGS, limitKw: '40' });
    expect(lowered.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const from = new Date(Date.now() - 10 * 60_000).toISOString();
    const history = await eventually(async () => {
      const body = (await manager.get(`/api/v1/sites/${place.site.id}/load-management/history?from=${from}`)).body;
      return body.events.length === 3 && body.points.length > 0 ? body : null;
    }, 10_000);
    expect(history).toMatchObject({ bucketSeconds: 60, timeZone: place.site.timeZone });
    // The two cars draw 22 kW (the refusing one) and its share of what is left: at most 60 kW.
    const latest = history.points.at(-1).kw;
    expect(latest).toBeGreaterThan(22);
    expect(latest).toBeLessThanOrEqual(60);
    expect(history.events.map((e: { kind: string }) => e.kind)).toEqual(['settings', 'refused', 'settings']);
    const [limit, refusal, on] = history.events.map((e: { message: string }) => e.message);
    expect(on).toMatch(/^Load management turned on \(.+@.+\)$/);
    expect(refusal).toMatch(/ answered NotSupported to its limit: counted at its full 22 kW$/);
    expect(limit).toMatch(/^Load management limit the grid connection \(60 kW\) → 40 kW/);
    expect(refusing.id).toBeTruthy();

    // A location owner sees neither their neighbours' power nor a refusal of a charger not theirs.
    const host = await signedIn(t.url, t.db, 'location_owner', { organizationId: place.org.id });
    await makeCharger(t.db, place.site, { locationOwnerId: host.user.id });
    const theirs = (await host.api.get(`/api/v1/sites/${place.site.id}/load-management/history?from=${from}`)).body;
    expect(theirs.points).toEqual([]);
    expect(theirs.events.map((e: { kind: string }) => e.kind)).toEqual(['settings', 'settings']);
    const wrong = await manager.get(`/api/v1/sites/${place.site.id}/load-management/history?from=${from}&to=${from}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('DATE_RANGE_INVALID');
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
