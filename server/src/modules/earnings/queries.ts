import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { chargers, organizations, sessionSettlements, sites } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';

export async function organizationTimeZone(db: Executor, organizationId: string): Promise<string | null> {
  const [row] = await db
    .select({ timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row?.timeZone ?? null;
}

/**
 * Per assigned charger and currency: the settled sessions that ended in [from, to) and earned this
 * owner a commission share — a session settled while the charger had another owner (or none) is not
 * theirs. A charger without such sessions still has a row, with zeros in its organization's currency.
 */
export async function earningsByCharger(db: Executor, ownerId: string, chargerIds: readonly string[], from: Date, to: Date) {
  const s = sessionSettlements;
  const currency = sql<string>`coalesce(${s.currency}, ${organizations.currency})`;
  return db
    .select({
      chargerId: chargers.id,
      chargerName: chargers.name,
      ocppIdentity: chargers.ocppIdentity,
      siteName: sites.name,
      currency,
      sessions: sql<string>`count(${s.id})::text`,
      energyWh: sql<string>`coalesce(sum(${s.energyWh}), 0)::text`,
      netMinor: sql<string>`coalesce(sum(${s.netMinor}), 0)::text`,
      commissionMinor: sql<string>`coalesce(sum(${s.locationOwnerCommissionMinor}), 0)::text`,
    })
    .from(chargers)
    .innerJoin(sites, eq(sites.id, chargers.siteId))
    .innerJoin(organizations, eq(organizations.id, chargers.organizationId))
    .leftJoin(s, and(eq(s.chargerId, chargers.id), eq(s.locationOwnerId, ownerId), gte(s.stoppedAt, from), lt(s.stoppedAt, to)))
    .where(inScope(chargers.id, chargerIds))
    .groupBy(chargers.id, chargers.name, chargers.ocppIdentity, sites.name, currency)
    .orderBy(asc(sites.name), asc(chargers.name), asc(chargers.id), asc(currency));
}
