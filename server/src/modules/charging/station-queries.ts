import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import {
  chargerConnections,
  chargerEvents,
  chargers,
  connectorStatusHistory,
  connectorStatuses,
  ocppAuthFailures,
} from '../../db/schema/index.js';

export type ConnectionRow = typeof chargerConnections.$inferSelect;
export type ChargerEventKind = (typeof chargerEvents.$inferInsert)['kind'];

/**
 * What the gateway needs to know about a registered identity. Identities compare
 * case-insensitively; a retired charger's identity may belong to its replacement, which wins.
 */
export async function chargerByIdentity(db: Executor, identity: string) {
  const [row] = await db
    .select({
      id: chargers.id,
      organizationId: chargers.organizationId,
      siteId: chargers.siteId,
      ocppPasswordHash: chargers.ocppPasswordHash,
      adminStatus: chargers.adminStatus,
      retiredAt: chargers.retiredAt,
    })
    .from(chargers)
    .where(sql`lower(${chargers.ocppIdentity}) = lower(${identity})`)
    .orderBy(sql`${chargers.retiredAt} IS NULL DESC`, desc(chargers.retiredAt))
    .limit(1);
  return row ?? null;
}

export async function upsertConnection(
  db: Executor,
  chargerId: string,
  fields: Partial<typeof chargerConnections.$inferInsert> & { heartbeatIntervalSeconds: number },
) {
  const now = new Date();
  await db
    .insert(chargerConnections)
    .values({ chargerId, ...fields, updatedAt: now })
    .onConflictDoUpdate({ target: chargerConnections.chargerId, set: { ...fields, updatedAt: now } });
}

export async function updateConnection(db: Executor, chargerId: string, fields: Partial<typeof chargerConnections.$inferInsert>) {
  await db
    .update(chargerConnections)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(chargerConnections.chargerId, chargerId));
}

/** One statement for the last-seen times of many chargers. */
export async function storeLastSeen(db: Executor, entries: { chargerId: string; at: Date }[]): Promise<void> {
  if (entries.length === 0) return;
  const values = sql.join(
    entries.map((e) => sql`(${e.chargerId}::uuid, ${e.at.toISOString()}::timestamptz)`),
    sql`, `,
  );
  await db.execute(sql`UPDATE charger_connections c SET last_message_at = GREATEST(c.last_message_at, v.at)
    FROM (VALUES ${values}) AS v(id, at) WHERE c.charger_id = v.id`);
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

export async function recordHardware(
  db: Executor,
  chargerId: string,
  info: { vendor: string; model: string; serialNumber: string | null; firmwareVersion: string | null },
) {
  const [row] = await db
    .update(chargers)
    .set({
      vendor: info.vendor,
      model: info.model,
      serialNumber: info.serialNumber,
      firmwareVersion: info.firmwareVersion,
      updatedAt: new Date(),
    })
    .where(eq(chargers.id, chargerId))
    .returning({ adminStatus: chargers.adminStatus, retiredAt: chargers.retiredAt });
  return row ?? null;
}

export type StatusInsert = typeof connectorStatusHistory.$inferInsert;

/** History always; the current status only when this report is not older than the one stored. */
export async function storeStatus(db: Executor, report: StatusInsert): Promise<boolean> {
  await db.insert(connectorStatusHistory).values(report);
  const { id: _id, receivedAt: _received, ...current } = report;
  const rows = await db
    .insert(connectorStatuses)
    .values({ ...current, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [connectorStatuses.chargerId, connectorStatuses.evseId, connectorStatuses.connectorId],
      set: {
        status: sql`excluded.status`,
        errorCode: sql`excluded.error_code`,
        info: sql`excluded.info`,
        vendorId: sql`excluded.vendor_id`,
        vendorErrorCode: sql`excluded.vendor_error_code`,
        at: sql`excluded.at`,
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: sql`${connectorStatuses.at} <= excluded.at`,
    })
    .returning({ at: connectorStatuses.at });
  return rows.length > 0;
}

export async function storeChargerEvent(db: Executor, event: typeof chargerEvents.$inferInsert) {
  await db.insert(chargerEvents).values(event);
}

export async function countRecentAuthFailures(db: Executor, remoteAddress: string, windowSeconds: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(ocppAuthFailures)
    .where(
      and(
        eq(ocppAuthFailures.remoteAddress, remoteAddress),
        sql`${ocppAuthFailures.at} > now() - make_interval(secs => ${windowSeconds})`,
      ),
    );
  return row?.n ?? 0;
}

export async function storeAuthFailure(db: Executor, failure: typeof ocppAuthFailures.$inferInsert) {
  await db.insert(ocppAuthFailures).values(failure);
}

export async function pruneAuthFailures(db: Executor, olderThan: Date) {
  await db.delete(ocppAuthFailures).where(lt(ocppAuthFailures.at, olderThan));
}
