import { sql } from 'drizzle-orm';
import { SimulatedCharger } from '../../src/ocpp/simulated-charger.js';
import { makeCharger, makeOrganization, makeSite } from './factories.js';
import type { ApiClient } from './http.js';
import { CHARGER_PASSWORD, chargerPasswordHash, eventually, makeToken, rows, wsBase } from './ocpp.js';
import type { TestServer } from './server.js';

/** Load-management settings as the web app sends them: equal share of the site's grid limit. */
export const LOAD_SETTINGS = {
  enabled: true,
  limitKw: null,
  strategy: 'equal-share',
  minimumKw: '4.2',
  phases: 3,
  voltageV: 230,
  rateUnit: 'A',
  priorityGroups: [],
} as const;

export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Sites with a 60 kW grid connection and simulated 22 kW chargers whose EVs start charging at once
 * (their strict clients check every call against the OCPP schemas); `stop` ends them all.
 */
export function loadSites(t: TestServer, manager: ApiClient) {
  const running: SimulatedCharger[] = [];
  let password: Promise<string> | undefined;

  /** A site with a 60 kW grid connection and its organization's token. */
  async function site60() {
    const org = await makeOrganization(t.db);
    const site = await makeSite(t.db, org.id, { gridLimitKw: '60' });
    const token = await makeToken(t.db, org.id);
    return { org, site, token };
  }

  async function plugIn(
    place: Awaited<ReturnType<typeof site60>>,
    protocol: '1.6' | '2.0.1',
    smartCharging = true,
    fields: { locationOwnerId?: string; idTag?: string } = {},
  ): Promise<{ id: string; simulated: SimulatedCharger }> {
    const { idTag, ...chargerFields } = fields;
    const charger = await makeCharger(t.db, place.site, {
      ocppPasswordHash: await (password ??= chargerPasswordHash()),
      ...chargerFields,
    });
    await t.db.execute(sql`UPDATE connectors SET max_power_kw = '22' WHERE charger_id = ${charger.id}`);
    const simulated = new SimulatedCharger({
      url: wsBase(t.url),
      identity: charger.ocppIdentity,
      password: CHARGER_PASSWORD,
      protocol,
      connectors: 1,
      maxPowerW: [22_000],
      idTag: idTag ?? place.token.token,
      meterSeconds: 0.25,
      sessionSeconds: 600,
      idleSeconds: 0.1,
      heartbeatSeconds: null,
      smartCharging,
      // Cars that take the connector's full 22 kW: unmanaged, six of them would draw 132 kW.
      evPeakW: 22_000,
      log: () => undefined,
    });
    running.push(simulated);
    await simulated.start();
    return { id: charger.id, simulated };
  }

  /** Each running session's latest power reading at the site, in W. */
  const powers = async (siteId: string) =>
    (
      await rows<{ w: number }>(
        t.db,
        sql`SELECT coalesce(power_w, 0)::float AS w FROM charging_sessions WHERE site_id = ${siteId} AND status = 'active'`,
      )
    ).map((r) => r.w);

  const state = async (siteId: string) => (await manager.get(`/api/v1/sites/${siteId}/load-management`)).body;

  /**
   * Waits (up to 10 s, the bound) until `count` sessions run, each has its limit accepted
   * (or its charger refused), and the latest power readings add up to at most `limitW`.
   */
  const underLimit = (siteId: string, count: number, limitW: number) =>
    eventually(async () => {
      const now = await powers(siteId);
      const managed = (await state(siteId)).sessions as { answer: string | null; refused: boolean }[];
      const settled = managed.length === count && managed.every((s) => s.answer === 'Accepted' || s.refused);
      return settled && now.length === count && now.every((w) => w > 0) && sum(now) <= limitW ? now : null;
    }, 10_000);

  const stop = () => Promise.all(running.map((c) => c.stop()));

  return { site60, plugIn, powers, state, underLimit, stop };
}
