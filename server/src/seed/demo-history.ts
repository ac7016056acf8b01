import { DateTime } from 'luxon';
import type { Db } from '../db/client.js';
import { asc, eq } from 'drizzle-orm';
import { chargers, chargingSessions, connectors, idTokens, meterSamples, organizations } from '../db/schema/index.js';
import { arrivingEv, idleSecondsOfVisit, powerAt } from '../ocpp/simulated-ev.js';
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

interface HistoryCharger {
  id: string;
  organizationId: string;
  siteId: string;
  timeZone: string;
  /** Maximum power of each connector in W, by connector number (1, 2, …). */
  connectorW: number[];
  cards: { id: string; token: string }[];
}

/** Minutes between the meter samples of a history session, as a charger configured for 5-minute sampling sends. */
const SAMPLE_MINUTES = 5;

/**
 * Four weeks of finished sessions on the demo chargers, settled through the real settlement path
 * (tariffs, taxes, commissions, ledger, daily rollups), so the Finance page and revenue tiles show
 * real figures on a first start. Each session is what the charger could deliver: a car drawing at
 * most the connector's maximum (DC tapering above 80 %), an RFID card of the organization that is
 * on no other connector at the time, meter samples every five minutes (energy register, power,
 * state of charge) and, for about half the drivers, a stretch plugged in after the car is full.
 */
export async function seedDemoHistory(db: Db, now = new Date()): Promise<number> {
  const rand = seeded(42);
  const chargerRows = await historyChargers(db);
  const sessions: (typeof chargingSessions.$inferInsert)[] = [];
  const samples: Omit<typeof meterSamples.$inferInsert, 'sessionId'>[][] = [];
  const cardBusy = new Map<string, [number, number][]>();
  for (const charger of chargerRows) {
    const registers = charger.connectorW.map(() => 1_000_000 + Math.floor(rand() * 4_000_000));
    for (let daysAgo = HISTORY_DAYS; daysAgo >= 0; daysAgo--) {
      if (rand() > DAILY_CHANCE || charger.connectorW.length === 0) continue;
      const day = DateTime.fromJSDate(now, { zone: charger.timeZone }).startOf('day').minus({ days: daysAgo });
      const startedAt = day.plus({ minutes: 6 * 60 + Math.floor(rand() * 16 * 60) }).toJSDate();
      const connector = Math.floor(rand() * charger.connectorW.length);
      const visit = historyVisit(charger.connectorW[connector]!, registers[connector]!, startedAt, rand);
      if (visit.stoppedAt >= now) continue;
      registers[connector] = visit.meterStopWh;
      const card = freeCard(charger.cards, cardBusy, startedAt.getTime(), visit.stoppedAt.getTime(), sessions.length);
      sessions.push({
        organizationId: charger.organizationId,
        siteId: charger.siteId,
        chargerId: charger.id,
        protocol: 'ocpp1.6',
        transactionId: `demo-history-${sessions.length + 1}`,
        connectorId: connector + 1,
        idTag: card?.token ?? null,
        idTokenId: card?.id ?? null,
        authorizationStatus: card ? 'Accepted' : null,
        status: 'completed',
        startedAt,
        stoppedAt: visit.stoppedAt,
        lastActivityAt: visit.stoppedAt,
        meterStartWh: visit.meterStartWh,
        meterStopWh: visit.meterStopWh,
        energyWh: visit.meterStopWh - visit.meterStartWh,
        lastRegisterWh: visit.meterStopWh,
        lastRegisterAt: visit.stoppedAt,
        stopReason: 'EVDisconnected',
      });
      samples.push(
        visit.readings.flatMap((r) =>
          (
            [
              ['Energy.Active.Import.Register', r.registerWh, 'Wh'],
              ['Power.Active.Import', r.powerW, 'W'],
              ['SoC', Math.round(r.soc), 'Percent'],
            ] as const
          ).map(([measurand, value, unit]) => ({
            chargerId: charger.id,
            evseId: connector + 1,
            connectorId: connector + 1,
            at: r.at,
            measurand,
            context: r.context,
            value: String(value),
            unit,
          })),
        ),
      );
    }
  }
  if (sessions.length === 0) return 0;
  const inserted = await db.insert(chargingSessions).values(sessions).returning({ id: chargingSessions.id });
  const rows = inserted.flatMap(({ id }, i) => samples[i]!.map((sample) => ({ ...sample, sessionId: id })));
  for (let i = 0; i < rows.length; i += 2000) await db.insert(meterSamples).values(rows.slice(i, i + 2000));
  for (const { id } of inserted) await settleStoppedSession(db, id);
  return inserted.length;
}

interface Reading {
  at: Date;
  registerWh: number;
  powerW: number;
  soc: number;
  context: 'Transaction.Begin' | 'Sample.Periodic' | 'Transaction.End';
}

/** One visit: charging for 20–90 minutes (or until the battery is full), then maybe idle, sampled every five minutes. */
function historyVisit(connectorW: number, meterStartWh: number, startedAt: Date, rand: () => number) {
  const ev = arrivingEv(connectorW, rand);
  let soc = 10 + rand() * 40;
  let registerWh = meterStartWh;
  let at = startedAt.getTime();
  const chargingUntil = at + (20 + Math.floor(rand() * 70)) * 60_000;
  let powerW = powerAt(ev, soc, rand);
  const readings: Reading[] = [{ at: new Date(at), registerWh, powerW, soc, context: 'Transaction.Begin' }];
  while (at < chargingUntil && soc < 100) {
    const stepMs = Math.min(SAMPLE_MINUTES * 60_000, chargingUntil - at);
    const wh = Math.round((powerW * stepMs) / 3_600_000);
    registerWh += wh;
    soc = Math.min(100, soc + wh / 600);
    at += stepMs;
    powerW = at < chargingUntil && soc < 100 ? powerAt(ev, soc, rand) : 0;
    readings.push({ at: new Date(at), registerWh, powerW, soc, context: 'Sample.Periodic' });
  }
  const stoppedAt = at + idleSecondsOfVisit((at - startedAt.getTime()) / 1000, rand) * 1000;
  while (at + SAMPLE_MINUTES * 60_000 < stoppedAt) {
    at += SAMPLE_MINUTES * 60_000;
    readings.push({ at: new Date(at), registerWh, powerW: 0, soc, context: 'Sample.Periodic' });
  }
  if (stoppedAt > at) readings.push({ at: new Date(stoppedAt), registerWh, powerW: 0, soc, context: 'Transaction.End' });
  else readings[readings.length - 1]!.context = 'Transaction.End';
  return { stoppedAt: new Date(stoppedAt), meterStartWh, meterStopWh: registerWh, readings };
}

/** A card of the charger's organization that charges nowhere else between `from` and `to` (null if all are busy). */
function freeCard(
  cards: HistoryCharger['cards'],
  busy: Map<string, [number, number][]>,
  from: number,
  to: number,
  turn: number,
): HistoryCharger['cards'][number] | null {
  for (let i = 0; i < cards.length; i++) {
    const card = cards[(turn + i) % cards.length]!;
    const taken = busy.get(card.id) ?? [];
    if (taken.some(([start, end]) => start < to && from < end)) continue;
    busy.set(card.id, [...taken, [from, to]]);
    return card;
  }
  return null;
}

async function historyChargers(db: Db): Promise<HistoryCharger[]> {
  const rows = await db
    .select({
      id: chargers.id,
      organizationId: chargers.organizationId,
      parentId: organizations.parentId,
      siteId: chargers.siteId,
      timeZone: organizations.timeZone,
    })
    .from(chargers)
    .innerJoin(organizations, eq(organizations.id, chargers.organizationId))
    .orderBy(chargers.ocppIdentity);
  const connectorRows = await db
    .select({ chargerId: connectors.chargerId, maxPowerKw: connectors.maxPowerKw })
    .from(connectors)
    .orderBy(asc(connectors.chargerId), asc(connectors.connectorId));
  const cardRows = await db
    .select({ id: idTokens.id, token: idTokens.token, organizationId: idTokens.organizationId })
    .from(idTokens)
    .where(eq(idTokens.status, 'active'))
    .orderBy(asc(idTokens.token));
  return rows.map((c) => ({
    id: c.id,
    organizationId: c.organizationId,
    siteId: c.siteId,
    timeZone: c.timeZone,
    connectorW: connectorRows.filter((k) => k.chargerId === c.id).map((k) => Math.round(Number(k.maxPowerKw) * 1000)),
    cards: cardRows
      .filter((t) => t.organizationId === c.organizationId || t.organizationId === c.parentId)
      .map(({ id, token }) => ({ id, token })),
  }));
}
