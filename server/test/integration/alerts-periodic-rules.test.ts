import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRules, settlementDailyRollups } from '../../src/db/schema/index.js';
import { runPeriodicRules } from '../../src/modules/alerts/checks.js';
import type { RpcClient } from '../../src/ocpp/rpc.js';
import { makeCharger, makeOrganization, makeSite, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { type Protocol, chargerPasswordHash, connect, makeToken, rows } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { storedSession } from '../support/sessions.js';

/**
 * The periodic rules that read what chargers did: boot loops and refused ID tokens (real OCPP 1.6
 * and 2.0.1 clients), idle sites (a seeded 4-week history, then a real session), underperforming
 * chargers and sites (seeded daily rollups). Each test runs the sweep itself, as the minute's tick does.
 */

let t: TestServer;
let nm: ApiClient;
let finance: ApiClient;
let password: string;

beforeAll(async () => {
  t = await startTestServer({ JOB_POLL_MS: '50' });
  password = await chargerPasswordHash();
  nm = (await signedIn(t.url, t.db, 'network_manager')).api;
  finance = (await signedIn(t.url, t.db, 'accounts')).api;
});
afterAll(async () => {
  await t?.close();
});

const sweep = () => runPeriodicRules({ db: t.db, bus: t.server.bus });

async function organization(rules: { ruleType: string; thresholds: Record<string, number> }[] = []) {
  const org = await makeOrganization(t.db);
  const site = await makeSite(t.db, org.id, { name: `Site of ${org.name}` });
  for (const rule of rules)
    await t.db.insert(alertRules).values({
      organizationId: org.id,
      ruleType: rule.ruleType as typeof alertRules.$inferInsert.ruleType,
      thresholds: rule.thresholds,
      severity: 'warning',
    });
  return { org, site };
}

const charger = (site: { id: string; organizationId: string }, fields: Record<string, unknown> = {}) =>
  makeCharger(t.db, site, { ocppPasswordHash: password, ...fields });

const alertsWhere = async (api: ApiClient, query: string) =>
  (await api.get(`/api/v1/alerts?${query}`)).body.items as Record<string, any>[];

async function boot(identity: string, protocol: Protocol): Promise<RpcClient> {
  const cp = await connect(t.url, identity, protocol);
  if (protocol === 'ocpp1.6') await cp.call('BootNotification', { chargePointVendor: 'ABB', chargePointModel: 'Terra 54' });
  else await cp.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'ABB', model: 'Terra 184' } });
  return cp;
}

/** An OCPP call's answer, as the test reads it. */
const ask = async (cp: RpcClient, action: string, payload: unknown) => (await cp.call(action, payload)) as Record<string, any>;

/** Boots `times` times, each on a new connection (as a charger that keeps restarting does). */
async function bootLoop(identity: string, protocol: Protocol, times: number) {
  for (let i = 0; i < times; i++) await (await boot(identity, protocol)).close();
}

describe('boot loop', () => {
  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)(
    'opens after more than K boots in an hour over %s, and resolves once the hour holds K or fewer',
    async (protocol) => {
      const { site } = await organization([{ ruleType: 'boot_loop', thresholds: { count: 2 } }]);
      const cp = await charger(site, { name: `Looping ${protocol}` });
      await bootLoop(cp.ocppIdentity, protocol, 2);
      await sweep();
      expect(await alertsWhere(nm, `chargerId=${cp.id}`)).toEqual([]);

      await bootLoop(cp.ocppIdentity, protocol, 1);
      const figures = await sweep();
      expect(figures.boot_loop.raised).toBeGreaterThanOrEqual(1);
      const [alert] = await alertsWhere(nm, `chargerId=${cp.id}&ruleType=boot_loop&status=open`);
      expect(alert).toMatchObject({ title: `Looping ${protocol} booted 3 times in the last hour`, severity: 'warning' });
      expect(alert!.detail).toMatchObject({ boots: 3, limit: 2 });
      expect(alert!.detail.lastBootAt).toMatch(/Z$|\+00:00$/);

      // An hour later the boots are behind it (the events aged by two hours stand in for the wait).
      await t.db.execute(sql`UPDATE charger_events SET at = at - interval '2 hours' WHERE charger_id = ${cp.id}`);
      await sweep();
      expect((await nm.get(`/api/v1/alerts/${alert!.id}`)).body).toMatchObject({ status: 'resolved', resolution: 'auto' });
    },
  );

  it('raises nothing for a charger in maintenance or inside a maintenance window', async () => {
    const { site } = await organization([{ ruleType: 'boot_loop', thresholds: { count: 2 } }]);
    const inMaintenance = await charger(site, { adminStatus: 'maintenance' });
    const windowed = await charger(site);
    const control = await charger(site);
    const created = await nm.post('/api/v1/maintenance-windows', {
      chargerId: windowed.id,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      reason: 'Firmware work',
    });
    expect(created.status).toBe(201);
    for (const cp of [inMaintenance, windowed, control]) await bootLoop(cp.ocppIdentity, 'ocpp1.6', 4);
    await sweep();
    expect(await alertsWhere(nm, `chargerId=${control.id}&ruleType=boot_loop`)).toHaveLength(1);
    expect(await alertsWhere(nm, `chargerId=${inMaintenance.id}`)).toEqual([]);
    expect(await alertsWhere(nm, `chargerId=${windowed.id}`)).toEqual([]);
  });
});

describe('authorization failures', () => {
  it('opens with the count of tokens refused at one charger and the last tokens masked, and resolves when they age out', async () => {
    const { org, site } = await organization([{ ruleType: 'authorization_failures', thresholds: { count: 4, minutes: 10 } }]);
    const cp = await charger(site, { name: 'Card Reader CP' });
    const blocked = await makeToken(t.db, org.id, { token: 'BLOCKEDCARD77', status: 'blocked' });
    const good = await makeToken(t.db, org.id, { token: 'GOODCARD0001' });
    const client = await boot(cp.ocppIdentity, 'ocpp1.6');
    expect((await ask(client, 'Authorize', { idTag: 'NOSUCHCARD42' })).idTagInfo.status).toBe('Invalid');
    expect((await ask(client, 'Authorize', { idTag: blocked.token })).idTagInfo.status).toBe('Blocked');
    expect((await ask(client, 'Authorize', { idTag: good.token })).idTagInfo.status).toBe('Accepted');
    const start = await ask(client, 'StartTransaction', {
      connectorId: 1,
      idTag: 'NOSUCHCARD42',
      meterStart: 0,
      timestamp: new Date().toISOString(),
    });
    expect(start.idTagInfo.status).toBe('Invalid');
    await sweep();
    // Three refusals: below the threshold of four.
    expect(await alertsWhere(nm, `chargerId=${cp.id}&ruleType=authorization_failures`)).toEqual([]);

    // A refusal at another charger (over 2.0.1) counts there, not here.
    const other = await charger(site, { name: 'Other CP' });
    const station = await boot(other.ocppIdentity, 'ocpp2.0.1');
    const refused = await ask(station, 'Authorize', { idToken: { idToken: 'NOSUCHCARD42', type: 'ISO14443' } });
    expect(refused.idTokenInfo.status).toBe('Unknown');
    await sweep();
    expect(await alertsWhere(nm, `chargerId=${cp.id}&ruleType=authorization_failures`)).toEqual([]);

    expect((await ask(client, 'Authorize', { idTag: 'ANOTHERBAD99' })).idTagInfo.status).toBe('Invalid');
    await sweep();
    const [alert] = await alertsWhere(nm, `chargerId=${cp.id}&ruleType=authorization_failures&status=open`);
    expect(alert).toMatchObject({ title: '4 ID tokens refused at Card Reader CP in 10 minutes', severity: 'warning' });
    expect(alert!.detail).toMatchObject({ refusals: 4, withinMinutes: 10 });
    expect(alert!.detail.lastTokens).toEqual(['ANO…99 Invalid', 'NOS…42 Invalid', 'BLO…77 Blocked']);
    // Never a whole token, in the alert or in what was kept.
    expect(JSON.stringify(alert)).not.toContain('NOSUCHCARD42');
    const kept = await rows<{ detail: unknown }>(t.db, sql`SELECT detail FROM charger_events WHERE charger_id = ${cp.id}`);
    expect(JSON.stringify(kept)).not.toMatch(/NOSUCHCARD42|BLOCKEDCARD77/);

    await t.db.execute(sql`UPDATE charger_events SET at = at - interval '11 minutes' WHERE charger_id = ${cp.id}`);
    await sweep();
    expect((await nm.get(`/api/v1/alerts/${alert!.id}`)).body).toMatchObject({ status: 'resolved', resolution: 'auto' });
    await client.close();
    await station.close();
  });

  it('counts 2.0.1 transaction tokens refused at the station', async () => {
    const { site } = await organization([{ ruleType: 'authorization_failures', thresholds: { count: 2, minutes: 10 } }]);
    const cp = await charger(site, { name: 'Station 201' });
    const station = await boot(cp.ocppIdentity, 'ocpp2.0.1');
    for (const [n, token] of ['UNKNOWNTOKEN1', 'UNKNOWNTOKEN2'].entries()) {
      const answer = await ask(station, 'TransactionEvent', {
        eventType: 'Started',
        timestamp: new Date().toISOString(),
        triggerReason: 'Authorized',
        seqNo: 0,
        transactionInfo: { transactionId: `tx-refused-${n}` },
        idToken: { idToken: token, type: 'ISO14443' },
        evse: { id: 1, connectorId: 1 },
      });
      expect(answer.idTokenInfo.status).toBe('Unknown');
    }
    await sweep();
    const [alert] = await alertsWhere(nm, `chargerId=${cp.id}&ruleType=authorization_failures`);
    expect(alert!.detail).toMatchObject({ refusals: 2, lastTokens: ['UNK…N2 Unknown', 'UNK…N1 Unknown'] });
    await station.close();
  });
});

describe('site idle', () => {
  /** A session at the charger `weeks` weeks ago, `hoursAgo` hours before the same moment (the same weekday and hour). */
  const sessionWeeksAgo = (cp: { id: string; organizationId: string; siteId: string }, weeks: number, hoursAgo = 2) =>
    storedSession(t.db, {
      charger: cp,
      startedAt: DateTime.now().setZone('Asia/Colombo').minus({ weeks, hours: hoursAgo }).toJSDate(),
      minutes: 30,
    });

  it('opens for a site usually busy at this weekday and hour, and a session started there resolves it', async () => {
    const { org, site } = await organization([{ ruleType: 'site_idle', thresholds: { hours: 6 } }]);
    const cp = await charger(site, { name: 'Mall CP' });
    for (const weeks of [1, 2, 3, 4]) await sessionWeeksAgo(cp, weeks);
    // Another site of the same organization, busy then in only 2 of the 4 weeks: not "usually".
    const quiet = await makeSite(t.db, org.id, { name: 'Quiet Site' });
    const quietCp = await charger(quiet);
    for (const weeks of [1, 3]) await sessionWeeksAgo(quietCp, weeks);
    // And one that had a session within the last 6 hours: not idle.
    const busy = await makeSite(t.db, org.id, { name: 'Busy Site' });
    const busyCp = await charger(busy);
    for (const weeks of [0, 1, 2, 3, 4]) await sessionWeeksAgo(busyCp, weeks);

    await sweep();
    const [alert] = await alertsWhere(nm, `siteId=${site.id}&ruleType=site_idle&status=open`);
    expect(alert).toMatchObject({ title: `No session at ${site.name} for 6 hours, when it usually has one`, chargerId: null });
    expect(alert!.detail).toMatchObject({ site: site.name, idleHours: 6, usuallyBusy: '4 of the last 4 weeks' });
    expect(alert!.detail.window).toMatch(/^\w{3} \d{2}:\d{2}–\d{2}:\d{2} \(Asia\/Colombo\)$/);
    expect(alert!.detail.lastSessionStartedAt).toMatch(/Z$/);
    expect(await alertsWhere(nm, `siteId=${quiet.id}&ruleType=site_idle`)).toEqual([]);
    expect(await alertsWhere(nm, `siteId=${busy.id}&ruleType=site_idle`)).toEqual([]);
    // Still idle at the next sweep: the same one alert.
    await sweep();
    expect(await alertsWhere(nm, `siteId=${site.id}&ruleType=site_idle`)).toHaveLength(1);

    const token = await makeToken(t.db, org.id);
    const client = await boot(cp.ocppIdentity, 'ocpp1.6');
    const started = await ask(client, 'StartTransaction', {
      connectorId: 1,
      idTag: token.token,
      meterStart: 0,
      timestamp: new Date().toISOString(),
    });
    expect(started.idTagInfo.status).toBe('Accepted');
    await sweep();
    expect((await nm.get(`/api/v1/alerts/${alert!.id}`)).body).toMatchObject({ status: 'resolved', resolution: 'auto' });
    await client.close();
  });

  it('raises nothing for a site whose only charger is in maintenance', async () => {
    const { site } = await organization([{ ruleType: 'site_idle', thresholds: { hours: 6 } }]);
    const cp = await charger(site, { adminStatus: 'maintenance' });
    for (const weeks of [1, 2, 3, 4]) await sessionWeeksAgo(cp, weeks);
    await sweep();
    expect(await alertsWhere(nm, `siteId=${site.id}&ruleType=site_idle`)).toEqual([]);
  });
});

describe('underperforming', () => {
  /** Daily rollups for a charger: `baseline` per day for the 28 days before the last 7, `recent` per day for the last 7. */
  async function rollups(
    cp: { id: string; organizationId: string; siteId: string },
    perDay: { baselineNet: bigint; recentNet: bigint; baselineSeconds: number; recentSeconds: number },
  ) {
    const today = DateTime.now().setZone('Asia/Colombo').startOf('day');
    const values = [];
    for (let back = 1; back <= 35; back++) {
      const recent = back <= 7;
      values.push({
        chargerId: cp.id,
        siteId: cp.siteId,
        organizationId: cp.organizationId,
        localDate: today.minus({ days: back }).toISODate()!,
        currency: 'LKR',
        sessions: 2,
        durationSeconds: (recent ? perDay.recentSeconds : perDay.baselineSeconds) + 600,
        idleSeconds: 600,
        netMinor: recent ? perDay.recentNet : perDay.baselineNet,
      });
    }
    await t.db.insert(settlementDailyRollups).values(values);
  }

  it('opens for a charger and its site below half their 4-week baseline, in major units with the currency, and resolves when they recover', async () => {
    const { site } = await organization();
    const weak = await charger(site, { name: 'Weak CP' });
    const steady = await charger(site, { name: 'Steady CP' });
    // Weak: LKR 1,000.00 and 4 h of charging a day before, LKR 300.00 and 1 h a day in the last week.
    await rollups(weak, { baselineNet: 100_000n, recentNet: 30_000n, baselineSeconds: 14_400, recentSeconds: 3_600 });
    // Steady: the same every day; the site as a whole falls to (300 + 200) / (1,000 + 200), about 42 %.
    await rollups(steady, { baselineNet: 20_000n, recentNet: 20_000n, baselineSeconds: 3_600, recentSeconds: 3_600 });

    await sweep();
    const [alert] = await alertsWhere(finance, `chargerId=${weak.id}&ruleType=underperforming&status=open`);
    expect(alert!.title).toBe(
      'Weak CP is underperforming over the last 7 days: charging 4.1 % of the time, 25.0 % of its baseline (16.6 %); ' +
        'net revenue LKR 2,100.00, 30.0 % of its baseline (LKR 7,000.00 per 7 days)',
    );
    expect(alert!.severity).toBe('info');
    expect(await alertsWhere(finance, `chargerId=${steady.id}&ruleType=underperforming`)).toEqual([]);
    const siteAlerts = (await alertsWhere(finance, `siteId=${site.id}&ruleType=underperforming`)).filter(
      (a) => a.chargerId === null,
    );
    expect(siteAlerts).toHaveLength(1);
    expect(siteAlerts[0]!.detail).toMatchObject({ site: site.name, chargers: 2, days: 7, percentOfBaseline: 50 });
    expect(siteAlerts[0]!.detail.revenue).toBe('net revenue LKR 3,500.00, 41.6 % of its baseline (LKR 8,400.00 per 7 days)');

    // The last week's figures back at the baseline: both resolve.
    await t.db.execute(
      sql`UPDATE settlement_daily_rollups SET net_minor = 100000, duration_seconds = 15000
          WHERE charger_id = ${weak.id} AND local_date >= (now() AT TIME ZONE 'Asia/Colombo')::date - 7`,
    );
    await sweep();
    expect((await finance.get(`/api/v1/alerts/${alert!.id}`)).body).toMatchObject({ status: 'resolved', resolution: 'auto' });
    expect((await finance.get(`/api/v1/alerts/${siteAlerts[0]!.id}`)).body.status).toBe('resolved');
  });

  /** Rollups for the last 7 local days only (a charger with no history before them). */
  async function lastWeek(
    cp: { id: string; organizationId: string; siteId: string },
    perDay: { net: bigint; seconds: number; currency?: string },
  ) {
    const today = DateTime.now().setZone('Asia/Colombo').startOf('day');
    await t.db.insert(settlementDailyRollups).values(
      Array.from({ length: 7 }, (_, i) => ({
        chargerId: cp.id,
        siteId: cp.siteId,
        organizationId: cp.organizationId,
        localDate: today.minus({ days: i + 1 }).toISODate()!,
        currency: perDay.currency ?? 'LKR',
        sessions: 1,
        durationSeconds: perDay.seconds,
        idleSeconds: 0,
        netMinor: perDay.net,
      })),
    );
  }
  /** Registered five weeks ago: in service for the whole window. */
  const longAgo = () => new Date(Date.now() - 35 * 86_400_000);
  const floors = { minUtilizationPercent: 10, minNetRevenueMinor: 500_000 };

  it('opens on an absolute floor for chargers with no baseline, but not for one registered inside the window', async () => {
    const { site } = await organization([{ ruleType: 'underperforming', thresholds: floors }]);
    // LKR 100.00 and 1 h a day since it was installed: 4.1 % of the time and LKR 700.00 a week, no 4-week history.
    const quiet = await charger(site, { name: 'Quiet CP', createdAt: longAgo() });
    await lastWeek(quiet, { net: 10_000n, seconds: 3_600 });
    // In service all along and never used: no rollup at all.
    const unused = await charger(site, { name: 'Unused CP', createdAt: longAgo() });
    // Registered yesterday: not judged on one day.
    const fresh = await charger(site, { name: 'Fresh CP' });

    await sweep();
    const [alert] = await alertsWhere(finance, `chargerId=${quiet.id}&ruleType=underperforming&status=open`);
    expect(alert!.title).toBe(
      'Quiet CP is underperforming over the last 7 days: charging 4.1 % of the time, below the floor of 10 %; ' +
        'net revenue LKR 700.00, below the floor of LKR 5,000.00',
    );
    expect(alert!.detail).toMatchObject({ minUtilizationPercent: 10, minNetRevenue: 'LKR 5,000.00' });
    const [idle] = await alertsWhere(finance, `chargerId=${unused.id}&ruleType=underperforming&status=open`);
    expect(idle!.title).toBe(
      'Unused CP is underperforming over the last 7 days: charging 0.0 % of the time, below the floor of 10 %; ' +
        'net revenue LKR 0.00, below the floor of LKR 5,000.00',
    );
    expect(await alertsWhere(finance, `chargerId=${fresh.id}&ruleType=underperforming`)).toEqual([]);
    // The site has a charger not in service for the whole window: its floor waits too.
    const siteAlerts = (await alertsWhere(finance, `siteId=${site.id}&ruleType=underperforming`)).filter(
      (a) => a.chargerId === null,
    );
    expect(siteAlerts).toEqual([]);

    // Raised above both floors (LKR 1,000.00 and 3 h a day = 12.5 %): it resolves.
    await t.db.execute(
      sql`UPDATE settlement_daily_rollups SET net_minor = 100000, duration_seconds = 10800 WHERE charger_id = ${quiet.id}`,
    );
    await sweep();
    expect((await finance.get(`/api/v1/alerts/${alert!.id}`)).body).toMatchObject({ status: 'resolved', resolution: 'auto' });
  });

  it('has its floors off by default', async () => {
    const { site } = await organization();
    const quiet = await charger(site, { name: 'Quiet CP', createdAt: longAgo() });
    await lastWeek(quiet, { net: 100n, seconds: 60 });
    const unused = await charger(site, { name: 'Unused CP', createdAt: longAgo() });
    await sweep();
    expect(await alertsWhere(finance, `chargerId=${quiet.id}&ruleType=underperforming`)).toEqual([]);
    expect(await alertsWhere(finance, `chargerId=${unused.id}&ruleType=underperforming`)).toEqual([]);
  });

  it('compares the revenue floor only with sessions in the organization’s currency', async () => {
    const { site } = await organization([{ ruleType: 'underperforming', thresholds: floors }]);
    // USD 1.00 a day, busy 12 h a day: far below LKR 5,000.00 in number, but in another currency (no conversion).
    const roaming = await charger(site, { name: 'Roaming CP', createdAt: longAgo() });
    await lastWeek(roaming, { net: 100n, seconds: 43_200, currency: 'USD' });
    // The same in LKR is below the floor.
    const local = await charger(site, { name: 'Local CP', createdAt: longAgo() });
    await lastWeek(local, { net: 100n, seconds: 43_200 });
    await sweep();
    expect(await alertsWhere(finance, `chargerId=${roaming.id}&ruleType=underperforming`)).toEqual([]);
    const [alert] = await alertsWhere(finance, `chargerId=${local.id}&ruleType=underperforming&status=open`);
    expect(alert!.title).toBe(
      'Local CP is underperforming over the last 7 days: net revenue LKR 7.00, below the floor of LKR 5,000.00',
    );
    // The site: 50 % utilization; its revenue (LKR and USD) not compared.
    const siteAlerts = (await alertsWhere(finance, `siteId=${site.id}&ruleType=underperforming`)).filter(
      (a) => a.chargerId === null,
    );
    expect(siteAlerts).toEqual([]);
  });

  it('refuses floors out of range with the reason', async () => {
    const { org } = await organization();
    const put = (thresholds: Record<string, unknown>) =>
      nm.put('/api/v1/alert-rules/underperforming', {
        organizationId: org.id,
        enabled: true,
        severity: 'info',
        thresholds,
        escalateAfterMinutes: null,
      });
    const ok = await put({ percent: 50, days: 7, minUtilizationPercent: 15, minNetRevenueMinor: 250_000 });
    expect(ok.status).toBe(200);
    expect(ok.body.thresholds).toMatchObject({ minUtilizationPercent: 15, minNetRevenueMinor: 250_000 });
    for (const [thresholds, reason] of [
      [{ minUtilizationPercent: 101 }, 'utilization floor in % (0 = off) must be a whole number from 0 to 100'],
      [{ minUtilizationPercent: -1 }, 'utilization floor in % (0 = off) must be a whole number from 0 to 100'],
      [{ minNetRevenueMinor: -5 }, 'net revenue floor in minor units (0 = off) must be a whole number from 0 to 100000000000'],
      [{ minNetRevenueMinor: 100_000_000_001 }, 'must be a whole number from 0 to 100000000000'],
    ] as const) {
      const refused = await put(thresholds);
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('ALERT_THRESHOLD_INVALID');
      expect(refused.body.error.message).toContain(reason);
    }
    // Minor units are whole: a fraction is refused by the schema before the rule sees it.
    const fraction = await put({ minNetRevenueMinor: 12.5 });
    expect(fraction.status).toBe(400);
    expect(fraction.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('is left out of the minute’s tick between full hours', async () => {
    const figures = await runPeriodicRules({ db: t.db, bus: t.server.bus }, { daily: false });
    expect(figures).not.toHaveProperty('underperforming');
    expect(figures).toHaveProperty('site_idle');
  });
});
