import { DateTime } from 'luxon';
import type { Db } from '../db/client.js';
import { chargers, chargingSessions, organizations } from '../db/schema/index.js';
import { eq } from 'drizzle-orm';
import { settleStoppedSession } from '../modules/settlement/service.js';

const HISTORY_DAYS = 28;
/** Share of charger-days with a session: enough for charts and rankings without slowing the first start. */
const DAILY_CHANCE = 0.3;

/** Deterministic pseudo-random numbers, so every demo database shows the same history. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Four weeks of finished sessions on the demo chargers, settled through the real settlement path
 * (tariffs, taxes, commissions, ledger, daily rollups), so the Finance page and revenue tiles show
 * real figures on a first start.
 */
export async function seedDemoHistory(db: Db, now = new Date()): Promise<number> {
  const rand = seeded(42);
  const rows = await db
    .select({
      id: chargers.id,
      organizationId: chargers.organizationId,
      siteId: chargers.siteId,
      timeZone: organizations.timeZone,
    })
    .from(chargers)
    .innerJoin(organizations, eq(organizations.id, chargers.organizationId))
    .orderBy(chargers.ocppIdentity);
  const sessions: (typeof chargingSessions.$inferInsert)[] = [];
  for (const charger of rows) {
    for (let daysAgo = HISTORY_DAYS; daysAgo >= 0; daysAgo--) {
      if (rand() > DAILY_CHANCE) continue;
      const day = DateTime.fromJSDate(now, { zone: charger.timeZone }).startOf('day').minus({ days: daysAgo });
      const startedAt = day.plus({ minutes: 6 * 60 + Math.floor(rand() * 16 * 60) }).toJSDate();
      const stoppedAt = new Date(startedAt.getTime() + (20 + Math.floor(rand() * 70)) * 60_000);
      if (stoppedAt >= now) continue;
      const energyWh = 5000 + Math.floor(rand() * 40_000);
      sessions.push({
        organizationId: charger.organizationId,
        siteId: charger.siteId,
        chargerId: charger.id,
        protocol: 'ocpp1.6',
        transactionId: `demo-history-${sessions.length + 1}`,
        connectorId: 1,
        status: 'completed',
        startedAt,
        stoppedAt,
        lastActivityAt: stoppedAt,
        meterStartWh: 0,
        meterStopWh: energyWh,
        energyWh,
        stopReason: 'Local',
      });
    }
  }
  if (sessions.length === 0) return 0;
  const inserted = await db.insert(chargingSessions).values(sessions).returning({ id: chargingSessions.id });
  for (const { id } of inserted) await settleStoppedSession(db, id);
  return inserted.length;
}
