import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargerEvents } from '../../src/db/schema/index.js';
import { enqueueJob } from '../../src/jobs/queries.js';
import { runPeriodicRules } from '../../src/modules/alerts/checks.js';
import { pruneChargerEvents } from '../../src/modules/alerts/charger-event-retention.js';
import { makeCharger, makeOrganization, makeSite } from '../support/factories.js';
import { chargerPasswordHash, connect, eventually, rows } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

/**
 * Charger events (boots, refused tokens…) are kept CHARGER_EVENT_RETENTION_DAYS (30 here), then
 * deleted a bounded batch at a time by the hourly alerts tick; the usage rules still count what is recent.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ JOB_POLL_MS: '50', CHARGER_EVENT_RETENTION_DAYS: '30' });
});
afterAll(async () => {
  await t?.close();
});

const DAY = 86_400_000;

async function chargerWithHistory(oldEvents: number) {
  const org = await makeOrganization(t.db);
  const site = await makeSite(t.db, org.id);
  const charger = await makeCharger(t.db, site, { ocppPasswordHash: await chargerPasswordHash() });
  // Events from 31 to 60 days ago: past the retention. One from 29 days ago: within it.
  await t.db.insert(chargerEvents).values([
    ...Array.from({ length: oldEvents }, (_, i) => ({
      chargerId: charger.id,
      identity: charger.ocppIdentity,
      kind: i % 2 ? ('boot' as const) : ('authorization_refused' as const),
      status: i % 2 ? 'Accepted' : 'Invalid',
      detail: {},
      at: new Date(Date.now() - (31 + i) * DAY),
    })),
    {
      chargerId: charger.id,
      identity: charger.ocppIdentity,
      kind: 'boot',
      status: 'Accepted',
      detail: {},
      at: new Date(Date.now() - 29 * DAY),
    },
  ]);
  return charger;
}

const eventsOf = async (chargerId: string) =>
  rows<{ kind: string; age_days: number }>(
    t.db,
    sql`SELECT kind, floor(extract(epoch FROM now() - at) / 86400)::int AS age_days FROM charger_events
        WHERE charger_id = ${chargerId} ORDER BY at`,
  );

describe('charger event retention', () => {
  it('deletes events past the retention in bounded batches, keeps recent ones, and the boot-loop rule still counts them', async () => {
    const charger = await chargerWithHistory(12);
    // Six real boots now: more than the rule's 5 in an hour.
    for (let i = 0; i < 6; i++) {
      const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
      await cp.call('BootNotification', { chargePointVendor: 'ABB', chargePointModel: 'Terra 54' });
      await cp.close();
    }
    expect(await eventsOf(charger.id)).toHaveLength(19);

    // Batches of 5, at most 2 a pass: a pass removes 10 and leaves the rest for the next.
    expect(await pruneChargerEvents(t.db, 30, { batch: 5, maxBatches: 2 })).toBe(10);
    expect(await pruneChargerEvents(t.db, 30, { batch: 5, maxBatches: 2 })).toBe(2);
    expect(await pruneChargerEvents(t.db, 30, { batch: 5, maxBatches: 2 })).toBe(0);
    const left = await eventsOf(charger.id);
    expect(left).toHaveLength(7);
    expect(left[0]).toEqual({ kind: 'boot', age_days: 29 });
    expect(left.slice(1).every((e) => e.kind === 'boot' && e.age_days === 0)).toBe(true);

    await runPeriodicRules({ db: t.db, bus: t.server.bus }, { daily: false });
    const [alert] = await rows<{ title: string }>(
      t.db,
      sql`SELECT title FROM alerts WHERE charger_id = ${charger.id} AND rule_type = 'boot_loop' AND status = 'open'`,
    );
    expect(alert?.title).toBe(`${charger.name} booted 6 times in the last hour`);
  });

  it('is run by the alerts tick at each full hour, with CHARGER_EVENT_RETENTION_DAYS', async () => {
    const charger = await chargerWithHistory(4);
    const tick = async (slot: string) => {
      const key = `test-alerts-tick:${slot}`;
      await enqueueJob(t.db, { kind: 'alerts-tick', payload: { slot }, dedupeKey: key });
      await eventually(
        async () =>
          (await rows<{ status: string }>(t.db, sql`SELECT status FROM jobs WHERE dedupe_key = ${key}`))[0]?.status === 'done',
        15_000,
      );
    };
    // Between full hours: nothing is pruned.
    await tick('2026-12-07T06:59:00.000Z');
    expect(await eventsOf(charger.id)).toHaveLength(5);
    await tick('2026-12-07T07:00:00.000Z');
    expect(await eventsOf(charger.id)).toEqual([{ kind: 'boot', age_days: 29 }]);
  });
});
