import { type SQL, and, desc, isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { chargers, chargingSessions, organizations, sessionSettlements, sites } from '../../db/schema/index.js';
import { filteredSessions } from './queries.js';

/** Sums come back as text: a bigint sum is exact in PostgreSQL and must stay exact on the way to JSON. */
const completedSeconds = sql`extract(epoch from (${chargingSessions.stoppedAt} - ${chargingSessions.startedAt}))`;
const isCompleted = sql`${chargingSessions.status} = 'completed'`;

const money = {
  settled: sql<number>`count(${sessionSettlements.id})::int`,
  net: sql<string>`coalesce(sum(${sessionSettlements.netMinor}), 0)::text`,
  tax: sql<string>`coalesce(sum(${sessionSettlements.taxMinor}), 0)::text`,
  gross: sql<string>`coalesce(sum(${sessionSettlements.grossMinor}), 0)::text`,
};

export async function totalsOf(db: Executor, where: SQL | undefined) {
  const [row] = await filteredSessions(db, {
    sessions: sql<number>`count(*)::int`,
    active: sql<number>`(count(*) filter (where ${chargingSessions.status} = 'active'))::int`,
    energyWh: sql<string>`coalesce(sum(${chargingSessions.energyWh}), 0)::text`,
    averageDuration: sql<string | null>`round(avg(${completedSeconds}) filter (where ${isCompleted}))::text`,
    idleSeconds: sql<string>`coalesce(sum(${sessionSettlements.idleSeconds}), 0)::text`,
    averageIdle: sql<string | null>`round(avg(${sessionSettlements.idleSeconds}))::text`,
  }).where(where);
  return row!;
}

export async function revenueByCurrency(db: Executor, where: SQL | undefined) {
  return filteredSessions(db, { currency: sessionSettlements.currency, ...money })
    .where(and(where, isNotNull(sessionSettlements.id)))
    .groupBy(sessionSettlements.currency)
    .orderBy(sessionSettlements.currency);
}

/** Per charger: sessions, energy, time; the top `limit` by energy, and how many chargers there are in all. */
export async function chargerBreakdown(db: Executor, where: SQL | undefined, limit: number) {
  const energy = sql<string>`coalesce(sum(${chargingSessions.energyWh}), 0)`;
  const rows = await filteredSessions(db, {
    chargerId: chargingSessions.chargerId,
    chargerName: chargers.name,
    siteName: sites.name,
    organizationName: organizations.name,
    sessions: sql<number>`count(*)::int`,
    energyWh: sql<string>`${energy}::text`,
    durationSeconds: sql<string>`coalesce(round(sum(${completedSeconds}) filter (where ${isCompleted})), 0)::text`,
    idleSeconds: sql<string>`coalesce(sum(${sessionSettlements.idleSeconds}), 0)::text`,
    chargersTotal: sql<number>`(count(*) over ())::int`,
  })
    .where(where)
    .groupBy(chargingSessions.chargerId, chargers.name, sites.name, organizations.name)
    .orderBy(desc(energy), chargers.name, chargingSessions.chargerId)
    .limit(limit);
  return rows;
}

/** Settled money per charger and currency, for the chargers of the breakdown. */
export async function chargerRevenue(db: Executor, where: SQL | undefined, chargerIds: string[]) {
  if (chargerIds.length === 0) return [];
  return filteredSessions(db, { chargerId: chargingSessions.chargerId, currency: sessionSettlements.currency, ...money })
    .where(
      and(
        where,
        isNotNull(sessionSettlements.id),
        sql`${chargingSessions.chargerId} IN (${sql.join(
          chargerIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      ),
    )
    .groupBy(chargingSessions.chargerId, sessionSettlements.currency);
}
