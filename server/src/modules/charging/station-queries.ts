import { and, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { chargerConnections, chargerEvents, connectorStatusHistory, ocppAuthFailures } from '../../db/schema/index.js';

export type ConnectionRow = typeof chargerConnections.$inferSelect;
export type ChargerEventKind = (typeof chargerEvents.$inferInsert)['kind'];

export async function updateConnection(db: Executor, chargerId: string, fields: Partial<typeof chargerConnections.$inferInsert>) {
  await db
    .update(chargerConnections)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(chargerConnections.chargerId, chargerId));
}

/** One statement for the last-seen times of many chargers (the rows as one JSON parameter). */
export async function storeLastSeen(db: Executor, entries: { chargerId: string; at: Date }[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = JSON.stringify(entries.map((e) => ({ id: e.chargerId, at: e.at.toISOString() })));
  await db.execute(sql`UPDATE charger_connections c SET last_message_at = GREATEST(c.last_message_at, v.at)
    FROM json_to_recordset(${rows}::json) AS v(id uuid, at timestamptz) WHERE c.charger_id = v.id`);
}

/**
 * Chargers still marked online whose last message is older than twice their heartbeat interval
 * plus a grace: left over from a stopped instance, or silent. Marked offline since that message.
 */
export async function sweepSilentConnections(db: Executor, graceSeconds: number) {
  return queryRows<{
    charger_id: string;
    organization_id: string;
    site_id: string;
    offline_since: Date | string;
    protocol: string | null;
  }>(
    db,
    sql`UPDATE charger_connections c SET online = false, offline_since = c.last_message_at, updated_at = now()
        FROM chargers ch
        WHERE ch.id = c.charger_id AND c.online
          AND c.last_message_at < now() - make_interval(secs => c.heartbeat_interval_seconds * 2 + ${graceSeconds})
        RETURNING c.charger_id, ch.organization_id, ch.site_id, c.offline_since, c.protocol`,
  );
}

export type StatusInsert = typeof connectorStatusHistory.$inferInsert;

export async function storeChargerEvent(db: Executor, event: typeof chargerEvents.$inferInsert) {
  await db.insert(chargerEvents).values(event);
}

export interface AuthFailureCounts {
  /** Every failure from the address: none means no check is needed for any identity from it. */
  fromAddress: number;
  /** Failures of this identity from this address (known chargers and unclaimed identities are locked out on this). */
  ofIdentity: number;
  /** Unknown identities refused from this address (capped as a whole: someone guessing identities). */
  unknownIdentities: number;
}

export async function countRecentAuthFailures(
  db: Executor,
  remoteAddress: string,
  identity: string,
  windowSeconds: number,
): Promise<AuthFailureCounts> {
  const [row] = await db
    .select({
      fromAddress: sql<number>`count(*)::int`,
      ofIdentity: sql<number>`(count(*) FILTER (WHERE lower(${ocppAuthFailures.identity}) = lower(${identity})))::int`,
      unknownIdentities: sql<number>`(count(*) FILTER (WHERE ${ocppAuthFailures.reason} = 'unknown_identity'))::int`,
    })
    .from(ocppAuthFailures)
    .where(
      and(
        eq(ocppAuthFailures.remoteAddress, remoteAddress),
        sql`${ocppAuthFailures.at} > now() - make_interval(secs => ${windowSeconds})`,
      ),
    );
  return row ?? { fromAddress: 0, ofIdentity: 0, unknownIdentities: 0 };
}

export async function storeAuthFailure(db: Executor, failure: typeof ocppAuthFailures.$inferInsert) {
  await db.insert(ocppAuthFailures).values(failure);
}

export async function pruneAuthFailures(db: Executor, olderThan: Date) {
  await db.delete(ocppAuthFailures).where(lt(ocppAuthFailures.at, olderThan));
}

/**
 * Replaces bcrypt hashes verified at a connection with the fast format, in one statement; a row
 * whose hash changed meanwhile (a new password was set) keeps the new one.
 */
export async function upgradePasswordHashes(db: Executor, upgrades: { chargerId: string; from: string; to: string }[]) {
  if (upgrades.length === 0) return;
  const rows = JSON.stringify(upgrades.map((u) => ({ id: u.chargerId, old: u.from, new: u.to })));
  await db.execute(sql`UPDATE chargers c SET ocpp_password_hash = v.new
    FROM json_to_recordset(${rows}::json) AS v(id uuid, old text, new text)
    WHERE c.id = v.id AND c.ocpp_password_hash = v.old`);
}
