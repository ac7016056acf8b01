import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRules } from '../../src/db/schema/index.js';
import { runPeriodicRules } from '../../src/modules/alerts/checks.js';
import { escalateDue } from '../../src/modules/alerts/engine.js';
import type { RpcClient } from '../../src/ocpp/rpc.js';
import { login, makeCharger, makeOrganization, makeSite, makeUser, signedIn } from '../support/factories.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { chargerPasswordHash, connect, eventually, rows } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { type SseStream, openStream } from '../support/sse.js';

let t: TestServer;
const streams: SseStream[] = [];
let f: {
  org: { id: string; timeZone: string };
  site: { id: string; organizationId: string };
  owned: { id: string; ocppIdentity: string; name: string };
  nm: ApiClient;
  nmId: string;
  cpo: ApiClient;
  cpoId: string;
  cpoOther: ApiClient;
  owner: ApiClient;
  ownerId: string;
  accounts: ApiClient;
};
let password: string;

beforeAll(async () => {
  t = await startTestServer({ JOB_POLL_MS: '50' });
  password = await chargerPasswordHash();
  const org = await makeOrganization(t.db, { name: 'Volt Lanka' });
  const other = await makeOrganization(t.db, { name: 'Elsewhere' });
  const site = await makeSite(t.db, org.id, { name: 'Colombo Mall' });
  const ownerUser = await makeUser(t.db, 'location_owner', { organizationId: org.id });
  const owned = await makeCharger(t.db, site, { name: 'Owned CP', ocppPasswordHash: password, locationOwnerId: ownerUser.id });
  // Alerts for this organization's chargers go off at once (0 minutes), so the tests need not wait.
  await t.db
    .insert(alertRules)
    .values({ organizationId: org.id, ruleType: 'charger_offline', thresholds: { minutes: 0 }, severity: 'critical' });
  const nm = await signedIn(t.url, t.db, 'network_manager');
  const cpo = await signedIn(t.url, t.db, 'cpo', { organizationId: org.id });
  f = {
    org,
    site,
    owned,
    nm: nm.api,
    nmId: nm.user.id,
    cpo: cpo.api,
    cpoId: cpo.user.id,
    cpoOther: (await signedIn(t.url, t.db, 'cpo', { organizationId: other.id })).api,
    owner: apiClient(t.url, await login(t.url, ownerUser.email)),
    ownerId: ownerUser.id,
    accounts: (await signedIn(t.url, t.db, 'accounts')).api,
  };
});
afterAll(async () => {
  streams.forEach((s) => s.close());
  await t?.close();
});

async function watch(api: ApiClient): Promise<SseStream> {
  const ticket = (await api.post('/api/v1/stream/ticket')).body.ticket as string;
  const stream = await openStream(`${t.url}/api/v1/stream?ticket=${ticket}`);
  streams.push(stream);
  return stream;
}

const events = (stream: SseStream, type: string) =>
  stream.messages.filter((m) => m.event === type).map((m) => JSON.parse(m.data!) as Record<string, unknown>);

async function charger(name: string, fields: Record<string, unknown> = {}) {
  return makeCharger(t.db, f.site, { name, ocppPasswordHash: password, ...fields });
}

async function online(identity: string): Promise<RpcClient> {
  const cp = await connect(t.url, identity, 'ocpp1.6');
  await cp.call('BootNotification', { chargePointVendor: 'ABB', chargePointModel: 'Terra 54' });
  return cp;
}

const alertsOf = async (api: ApiClient, chargerId: string, extra = '') =>
  (await api.get(`/api/v1/alerts?chargerId=${chargerId}${extra}`)).body.items as Record<string, any>[];

const openAlert = (api: ApiClient, chargerId: string, ruleType: string) =>
  eventually(async () => (await alertsOf(api, chargerId, '&status=unresolved')).find((a) => a.ruleType === ruleType), 5000);

describe('a charger that goes offline', () => {
  it('opens an alert for the people in reach, tells them in-app and on the stream, and resolves when it is back', async () => {
    const nmStream = await watch(f.nm);
    const cpoStream = await watch(f.cpo);
    const otherStream = await watch(f.cpoOther);
    const ownerStream = await watch(f.owner);
    const cp = await charger('Entrance CP');
    const unreadBefore = (await f.cpo.get('/api/v1/notifications/unread-count')).body.unread as number;

    const client = await online(cp.ocppIdentity);
    await client.close();
    const alert = await openAlert(f.nm, cp.id, 'charger_offline');
    expect(alert).toMatchObject({
      status: 'open',
      severity: 'critical',
      title: 'Entrance CP is offline',
      chargerName: 'Entrance CP',
      siteName: 'Colombo Mall',
      organizationName: 'Volt Lanka',
      occurrences: 1,
    });
    expect(alert.detail.offlineSince).toMatch(/Z$/);

    // The CPO's bell counts it, and the in-app notification links to the alert.
    await eventually(async () => (await f.cpo.get('/api/v1/notifications/unread-count')).body.unread === unreadBefore + 1);
    const inbox = (await f.cpo.get('/api/v1/notifications?unread=true')).body;
    expect(inbox.items[0]).toMatchObject({ title: 'Entrance CP is offline', link: `/alerts/${alert.id}`, category: 'alert' });
    await eventually(async () => events(cpoStream, 'notification.created').some((e) => e.link === `/alerts/${alert.id}`));
    await eventually(async () => events(nmStream, 'alert.changed').some((e) => e.alertId === alert.id && e.change === 'raised'));

    // Another organization's CPO and a location owner of another charger hear nothing of it.
    expect(await alertsOf(f.cpoOther, cp.id)).toEqual([]);
    expect(await alertsOf(f.owner, cp.id)).toEqual([]);
    expect((await f.cpoOther.get(`/api/v1/alerts/${alert.id}`)).status).toBe(404);
    const told = await rows<{ user_id: string }>(t.db, sql`SELECT user_id FROM notifications WHERE alert_id = ${alert.id}`);
    expect(told.map((r) => r.user_id)).toEqual(expect.arrayContaining([f.nmId, f.cpoId]));
    expect(told.map((r) => r.user_id)).not.toContain(f.ownerId);
    // Finance is not told of chargers (its alerts are money alerts).
    expect(await alertsOf(f.accounts, cp.id)).toEqual([]);

    const back = await online(cp.ocppIdentity);
    const resolved = await eventually(async () => {
      const got = (await f.nm.get(`/api/v1/alerts/${alert.id}`)).body;
      return got.status === 'resolved' ? got : null;
    });
    expect(resolved).toMatchObject({ resolution: 'auto', resolvedBy: null });
    expect(resolved.events.map((e: { kind: string }) => e.kind)).toEqual(['raised', 'resolved']);
    await eventually(async () =>
      events(cpoStream, 'alert.changed').some((e) => e.alertId === alert.id && e.status === 'resolved'),
    );
    for (const s of [otherStream, ownerStream])
      expect(events(s, 'alert.changed').filter((e) => e.alertId === alert.id)).toEqual([]);
    expect(events(otherStream, 'notification.created')).toEqual([]);
    await back.close();
  });

  it('a location owner hears of the charger assigned to them', async () => {
    const client = await online(f.owned.ocppIdentity);
    await client.close();
    const alert = await openAlert(f.owner, f.owned.id, 'charger_offline');
    expect(alert.title).toBe('Owned CP is offline');
    await eventually(
      async () =>
        (await rows(t.db, sql`SELECT 1 FROM notifications WHERE alert_id = ${alert.id} AND user_id = ${f.ownerId}`)).length === 1,
    );
    // They read alerts but may not act on them.
    expect((await f.owner.post(`/api/v1/alerts/${alert.id}/acknowledge`, {})).status).toBe(403);
    (await online(f.owned.ocppIdentity)).close();
  });

  it('a flapping charger is one alert that counts its drops, and tells people once', async () => {
    const cp = await charger('Flapping CP');
    for (let i = 0; i < 3; i++) {
      const client = await online(cp.ocppIdentity);
      await client.close();
      await eventually(async () => (await alertsOf(f.nm, cp.id, '&status=open')).find((a) => a.occurrences === i + 1));
    }
    const all = await alertsOf(f.nm, cp.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ occurrences: 3, status: 'open' });
    const detail = (await f.nm.get(`/api/v1/alerts/${all[0]!.id}`)).body;
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual([
      'raised',
      'resolved',
      'reopened',
      'resolved',
      'reopened',
    ]);
    const told = await rows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM notifications WHERE alert_id = ${all[0]!.id} AND user_id = ${f.nmId}`,
    );
    expect(told[0]!.n).toBe(1);
  });

  it('raises nothing while the charger is in maintenance or inside a maintenance window', async () => {
    const inMaintenance = await charger('Maintenance CP', { adminStatus: 'maintenance' });
    const windowed = await charger('Windowed CP');
    const created = await f.nm.post('/api/v1/maintenance-windows', {
      chargerId: windowed.id,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      reason: 'Cable replacement',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ chargerName: 'Windowed CP', reason: 'Cable replacement' });
    for (const cp of [inMaintenance, windowed]) {
      const client = await online(cp.ocppIdentity);
      await client.close();
    }
    const control = await charger('Control CP');
    (await online(control.ocppIdentity)).close();
    await openAlert(f.nm, control.id, 'charger_offline');
    expect(await alertsOf(f.nm, inMaintenance.id)).toEqual([]);
    expect(await alertsOf(f.nm, windowed.id)).toEqual([]);
    // The periodic sweep respects the same rule.
    await runPeriodicRules({ db: t.db, bus: t.server.bus });
    expect(await alertsOf(f.nm, windowed.id)).toEqual([]);

    const bad = await f.nm.post('/api/v1/maintenance-windows', {
      chargerId: windowed.id,
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() - 1000).toISOString(),
      reason: 'Backwards',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('MAINTENANCE_WINDOW_INVALID');
    expect(
      (
        await f.cpoOther.post('/api/v1/maintenance-windows', {
          chargerId: windowed.id,
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 1000).toISOString(),
          reason: 'x',
        })
      ).status,
    ).toBe(403);
  });
});

describe('a faulted connector', () => {
  it('raises an alert with the OCPP error code and the vendor’s, and resolves when the connector recovers', async () => {
    const cp = await charger('Faulty CP');
    const client = await online(cp.ocppIdentity);
    await client.call('StatusNotification', {
      connectorId: 1,
      status: 'Faulted',
      errorCode: 'GroundFailure',
      info: 'RCD tripped',
      vendorId: 'ABB',
      vendorErrorCode: 'E-117',
      timestamp: new Date().toISOString(),
    });
    const alert = await openAlert(f.nm, cp.id, 'connector_faulted');
    expect(alert).toMatchObject({
      title: 'Faulty CP connector 1 is faulted: GroundFailure',
      connectorId: 1,
      severity: 'critical',
    });
    expect(alert.detail).toMatchObject({
      errorCode: 'GroundFailure',
      info: 'RCD tripped',
      vendorId: 'ABB',
      vendorErrorCode: 'E-117',
    });
    // The same fault reported again is still one alert.
    await client.call('StatusNotification', {
      connectorId: 1,
      status: 'Faulted',
      errorCode: 'GroundFailure',
      timestamp: new Date().toISOString(),
    });
    await client.call('StatusNotification', {
      connectorId: 1,
      status: 'Available',
      errorCode: 'NoError',
      timestamp: new Date().toISOString(),
    });
    await eventually(async () => (await f.nm.get(`/api/v1/alerts/${alert.id}`)).body.status === 'resolved');
    expect(await alertsOf(f.nm, cp.id)).toHaveLength(1);
    await client.close();
  });
});

describe('acknowledging, resolving and escalating', () => {
  it('a Network Manager acknowledges and resolves; a CPO only reads; a resolved alert takes no more actions', async () => {
    const cp = await charger('Manual CP');
    (await online(cp.ocppIdentity)).close();
    const alert = await openAlert(f.nm, cp.id, 'charger_offline');
    expect((await f.cpo.post(`/api/v1/alerts/${alert.id}/acknowledge`, {})).status).toBe(403);
    const acked = await f.nm.post(`/api/v1/alerts/${alert.id}/acknowledge`, { note: 'Technician on the way' });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: expect.any(String) });
    expect(acked.body.events.at(-1)).toMatchObject({ kind: 'acknowledged', note: 'Technician on the way' });
    const resolved = await f.nm.post(`/api/v1/alerts/${alert.id}/resolve`, {});
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'manual' });
    const again = await f.nm.post(`/api/v1/alerts/${alert.id}/resolve`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALERT_RESOLVED');
    const listed = (await f.nm.get(`/api/v1/alerts?status=resolved&chargerId=${cp.id}`)).body;
    expect(listed.total).toBe(1);
  });

  it('an alert resolved by hand while the charger is still offline stays resolved until the charger comes back and drops again', async () => {
    const cp = await charger('Held CP');
    (await online(cp.ocppIdentity)).close();
    const alert = await openAlert(f.nm, cp.id, 'charger_offline');
    expect((await f.nm.post(`/api/v1/alerts/${alert.id}/resolve`, { note: 'Being decommissioned' })).status).toBe(200);
    // The minute's check still sees the charger offline, and leaves the person's decision alone.
    const sweep = () => runPeriodicRules({ db: t.db, bus: t.server.bus }, { daily: false });
    await sweep();
    await sweep();
    expect(await alertsOf(f.nm, cp.id, '&status=unresolved')).toEqual([]);
    expect(await alertsOf(f.nm, cp.id)).toMatchObject([{ id: alert.id, status: 'resolved', resolution: 'manual' }]);

    // Back online: the next check sees the condition cleared; a new drop raises the alert again.
    const back = await online(cp.ocppIdentity);
    await sweep();
    await back.close();
    const reopened = await openAlert(f.nm, cp.id, 'charger_offline');
    expect(reopened).toMatchObject({ id: alert.id, status: 'open', occurrences: 2 });
    await sweep();
    expect((await alertsOf(f.nm, cp.id, '&status=unresolved')).map((a) => a.id)).toEqual([alert.id]);
  });

  it('after a hand resolve, the minute check alone lifts the hold when the charger is back and raises it when it drops again', async () => {
    // The check is the safety net for what no event on this instance said (another instance, a restart):
    // here the charger's link changes in the database only.
    const cp = await charger('Returning CP');
    (await online(cp.ocppIdentity)).close();
    const alert = await openAlert(f.nm, cp.id, 'charger_offline');
    await f.nm.post(`/api/v1/alerts/${alert.id}/resolve`, {});
    const sweep = () => runPeriodicRules({ db: t.db, bus: t.server.bus }, { daily: false });
    const link = (online: boolean) =>
      t.db.execute(sql`UPDATE charger_connections SET online = ${online}, offline_since = ${online ? null : new Date()}
                       WHERE charger_id = ${cp.id}`);
    await link(true);
    await sweep();
    expect(await alertsOf(f.nm, cp.id, '&status=unresolved')).toEqual([]);
    await link(false);
    await sweep();
    expect(await alertsOf(f.nm, cp.id, '&status=unresolved')).toMatchObject([{ id: alert.id, status: 'open', occurrences: 2 }]);
  });

  it('an alert left unacknowledged past its rule’s minutes is escalated once per period to those who may act', async () => {
    const org = await makeOrganization(t.db, { name: 'Escalating Org' });
    const site = await makeSite(t.db, org.id);
    const cp = await makeCharger(t.db, site, { name: 'Escalating CP', ocppPasswordHash: password });
    await t.db
      .insert(alertRules)
      .values({ organizationId: org.id, ruleType: 'charger_offline', thresholds: { minutes: 0 }, escalateAfterMinutes: 10 });
    (await online(cp.ocppIdentity)).close();
    const alert = await openAlert(f.nm, cp.id, 'charger_offline');
    expect(await escalateDue({ db: t.db, bus: t.server.bus })).toBe(0);
    await t.db.execute(sql`UPDATE alerts SET last_raised_at = now() - interval '11 minutes' WHERE id = ${alert.id}`);
    await escalateDue({ db: t.db, bus: t.server.bus });
    await escalateDue({ db: t.db, bus: t.server.bus });
    const detail = (await f.nm.get(`/api/v1/alerts/${alert.id}`)).body;
    expect(detail.escalationLevel).toBe(1);
    expect(detail.events.filter((e: { kind: string }) => e.kind === 'escalated')).toHaveLength(1);
    const escalated = await rows<{ user_id: string; title: string; severity: string }>(
      t.db,
      sql`SELECT user_id, title, severity FROM notifications WHERE alert_id = ${alert.id} AND dedupe_key LIKE '%:escalated:%'`,
    );
    expect(escalated.map((n) => n.user_id)).toContain(f.nmId);
    expect(escalated.every((n) => n.title === 'Escalated: Escalating CP is offline' && n.severity === 'critical')).toBe(true);
  });
});

describe('periodic rules', () => {
  it('a connector stuck in Preparing past its minutes raises an alert that resolves once it moves on', async () => {
    const cp = await charger('Stuck CP');
    const client = await online(cp.ocppIdentity);
    await client.call('StatusNotification', {
      connectorId: 1,
      status: 'Preparing',
      errorCode: 'NoError',
      timestamp: new Date(Date.now() - 45 * 60_000).toISOString(),
    });
    await eventually(
      async () =>
        (await rows(t.db, sql`SELECT 1 FROM connector_statuses WHERE charger_id = ${cp.id} AND status = 'Preparing'`)).length > 0,
    );
    const figures = await runPeriodicRules({ db: t.db, bus: t.server.bus });
    expect(figures.connector_stuck.raised).toBeGreaterThanOrEqual(1);
    const alert = await openAlert(f.nm, cp.id, 'connector_stuck');
    expect(alert.title).toBe('Stuck CP connector 1 stuck in Preparing');
    await client.call('StatusNotification', {
      connectorId: 1,
      status: 'Charging',
      errorCode: 'NoError',
      timestamp: new Date().toISOString(),
    });
    await eventually(
      async () =>
        (await rows(t.db, sql`SELECT 1 FROM connector_statuses WHERE charger_id = ${cp.id} AND status = 'Charging'`)).length > 0,
    );
    await runPeriodicRules({ db: t.db, bus: t.server.bus });
    expect((await f.nm.get(`/api/v1/alerts/${alert.id}`)).body).toMatchObject({ status: 'resolved', resolution: 'auto' });
    await client.close();
  });
});

describe('alert rules', () => {
  it('shows every rule with its source, and refuses settings out of range with a clear code', async () => {
    const listed = (await f.nm.get(`/api/v1/alert-rules?organizationId=${f.org.id}`)).body;
    const offline = listed.items.find((r: { ruleType: string }) => r.ruleType === 'charger_offline');
    expect(offline).toMatchObject({ source: 'organization', thresholds: { minutes: 0 }, implemented: true });
    const faulted = listed.items.find((r: { ruleType: string }) => r.ruleType === 'connector_faulted');
    expect(faulted).toMatchObject({ source: 'default', enabled: true, trigger: 'event' });
    // Each rule says when it is evaluated: underperforming reads whole days, so only at each full hour.
    const triggers = Object.fromEntries(listed.items.map((r: { ruleType: string; trigger: string }) => [r.ruleType, r.trigger]));
    expect(triggers).toMatchObject({ charger_offline: 'event', connector_stuck: 'periodic', underperforming: 'hourly' });

    const put = (ruleType: string, body: Record<string, unknown>, api = f.nm) =>
      api.put(`/api/v1/alert-rules/${ruleType}`, {
        organizationId: f.org.id,
        enabled: true,
        severity: 'warning',
        thresholds: {},
        escalateAfterMinutes: null,
        ...body,
      });
    const ok = await put('connector_stuck', { thresholds: { minutes: 20 }, escalateAfterMinutes: 30 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ source: 'organization', thresholds: { minutes: 20 }, escalateAfterMinutes: 30 });
    const tooLong = await put('charger_offline', { thresholds: { minutes: 100_000 } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.code).toBe('ALERT_THRESHOLD_INVALID');
    expect(tooLong.body.error.message).toContain('minutes must be a whole number from 0 to 1440');
    const wrongKey = await put('connector_faulted', { thresholds: { minutes: 5 } });
    expect(wrongKey.body.error.code).toBe('ALERT_THRESHOLD_INVALID');
    expect((await put('no_such_rule', {})).body.error.code).toBe('ALERT_RULE_UNKNOWN');
    expect((await put('contract_renewal', {})).body.error.code).toBe('ALERT_RULE_NOT_AVAILABLE');
    expect((await put('connector_stuck', {}, f.cpo)).status).toBe(403);
    // Platform-wide rules are for platform users who reach every organization.
    expect((await put('connector_stuck', { organizationId: null })).status).toBe(200);
    const stored = await rows(
      t.db,
      sql`SELECT 1 FROM alert_rules WHERE rule_type = 'connector_stuck' AND organization_id IS NULL`,
    );
    expect(stored).toHaveLength(1);
  });
});

describe('the notification centre', () => {
  it('marks one and then all of my notifications read, and never another user’s', async () => {
    const me = await makeUser(t.db, 'network_manager');
    const api = apiClient(t.url, await login(t.url, me.email));
    const { notifyUsers } = await import('../../src/modules/notifications/notify.js');
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        ...(await notifyUsers(t.db, [me.id], {
          organizationId: null,
          category: 'alert',
          type: 'charger_offline',
          title: `N${i}`,
          body: 'b',
          dedupeKey: `inbox:${me.id}:${i}`,
        })),
      );
    expect((await api.get('/api/v1/notifications/unread-count')).body.unread).toBe(3);
    expect((await api.post(`/api/v1/notifications/${ids[0]}/read`, {})).body.unread).toBe(2);
    expect((await f.nm.post(`/api/v1/notifications/${ids[1]}/read`, {})).status).toBe(404);
    expect((await api.post('/api/v1/notifications/read-all', {})).body).toMatchObject({ marked: 2, unread: 0 });
    const listed = (await api.get('/api/v1/notifications')).body;
    expect(listed.items.map((n: { title: string }) => n.title)).toEqual(['N2', 'N1', 'N0']);
    expect(listed.items.every((n: { readAt: string | null }) => n.readAt !== null)).toBe(true);
  });
});

describe('notification preferences', () => {
  it('are the defaults until saved, keep what was saved, and refuse what cannot be honoured', async () => {
    const me = await makeUser(t.db, 'cpo', { organizationId: f.org.id });
    const api = apiClient(t.url, await login(t.url, me.email));
    const url = '/api/v1/me/notification-preferences';
    expect((await api.get(url)).body).toEqual({
      channels: ['email'],
      alertTypes: null,
      quietHoursStart: null,
      quietHoursEnd: null,
      // Until the user chooses, their clock is their organization's.
      timeZone: f.org.timeZone,
      digest: 'off',
      marketingOptOut: false,
    });
    expect(f.org.timeZone).toBe('Asia/Colombo');
    const platform = apiClient(t.url, await login(t.url, (await makeUser(t.db, 'network_manager')).email));
    expect((await platform.get(url)).body.timeZone).toBe('UTC');
    const chosen = {
      channels: ['email', 'web_push', 'email'],
      alertTypes: ['charger_offline', 'connector_faulted'],
      quietHoursStart: '22:00',
      quietHoursEnd: '07:00',
      timeZone: 'Europe/Berlin',
      digest: 'off',
      marketingOptOut: true,
    };
    const saved = await api.put(url, chosen);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ ...chosen, channels: ['email', 'web_push'] });
    expect((await api.get(url)).body).toEqual(saved.body);
    const bad = async (change: Record<string, unknown>) => (await api.put(url, { ...chosen, ...change })).body.error.code;
    expect(await bad({ timeZone: 'Mars/Olympus' })).toBe('TIME_ZONE_UNKNOWN');
    expect(await bad({ alertTypes: ['no_such_rule'] })).toBe('ALERT_RULE_UNKNOWN');
    expect(await bad({ quietHoursEnd: null })).toBe('VALIDATION_FAILED');
    expect(await bad({ quietHoursStart: '25:00' })).toBe('VALIDATION_FAILED');
    expect(await bad({ channels: ['sms'] })).toBe('VALIDATION_FAILED');
    // Nothing of the refused changes was stored.
    expect((await api.get(url)).body).toEqual(saved.body);
  });
});
