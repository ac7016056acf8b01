import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { chargingSessions, idTokens, meterSamples, remoteStarts } from '../../db/schema/index.js';
import type { Sample } from '../../domain/meter.js';

export type SessionRow = typeof chargingSessions.$inferSelect;
export type SessionInsert = typeof chargingSessions.$inferInsert;
export type IdTokenRow = typeof idTokens.$inferSelect;

/** 1.6 transaction ids come from one sequence, so they are unique across all chargers. */
export async function nextTransactionNo(db: Executor): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(db, sql`SELECT nextval('ocpp_transaction_no') AS n`);
  return Number(row!.n);
}

/** Locks the row: a charger's messages are processed one at a time, but the stale-session sweep may race them. */
export async function sessionByTransaction(
  db: Executor,
  chargerId: string,
  transactionId: string,
  lock = false,
): Promise<SessionRow | null> {
  const query = db
    .select()
    .from(chargingSessions)
    .where(and(eq(chargingSessions.chargerId, chargerId), eq(chargingSessions.transactionId, transactionId)));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

/** A repeated 1.6 StartTransaction (its answer was lost) has the same connector, time and idTag. */
export async function sessionByStart(db: Executor, chargerId: string, connectorId: number, startedAt: Date, idTag: string) {
  const [row] = await db
    .select()
    .from(chargingSessions)
    .where(
      and(
        eq(chargingSessions.chargerId, chargerId),
        eq(chargingSessions.connectorId, connectorId),
        eq(chargingSessions.startedAt, startedAt),
        eq(chargingSessions.idTag, idTag),
      ),
    );
  return row ?? null;
}

export async function activeSessionsOn(
  db: Executor,
  chargerId: string,
  evseId?: number | null,
  connectorId?: number | null,
): Promise<SessionRow[]> {
  return db
    .select()
    .from(chargingSessions)
    .where(
      and(
        eq(chargingSessions.chargerId, chargerId),
        eq(chargingSessions.status, 'active'),
        evseId === undefined || evseId === null ? undefined : eq(chargingSessions.evseId, evseId),
        connectorId === undefined || connectorId === null ? undefined : eq(chargingSessions.connectorId, connectorId),
      ),
    )
    .orderBy(asc(chargingSessions.startedAt))
    .for('update');
}

export async function staleSessions(db: Executor, idleSince: Date, limit = 500): Promise<SessionRow[]> {
  return db
    .select()
    .from(chargingSessions)
    .where(and(eq(chargingSessions.status, 'active'), lt(chargingSessions.lastActivityAt, idleSince)))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function insertSession(db: Executor, values: SessionInsert): Promise<SessionRow> {
  const [row] = await db.insert(chargingSessions).values(values).returning();
  return row!;
}

export async function updateSession(db: Executor, id: string, fields: Partial<SessionInsert>): Promise<SessionRow> {
  const [row] = await db
    .update(chargingSessions)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(chargingSessions.id, id))
    .returning();
  return row!;
}

export async function insertSamples(
  db: Executor,
  target: { chargerId: string; sessionId: string | null; evseId: number | null; connectorId: number | null },
  samples: Sample[],
): Promise<void> {
  if (samples.length === 0) return;
  // A resent reading (its answer was lost) is already stored: the unique reading key skips it.
  await db
    .insert(meterSamples)
    .values(samples.map((s) => ({ ...target, ...s, value: s.value.toFixed(4) })))
    .onConflictDoNothing();
}

/**
 * The one connector of an EVSE, when it has exactly one: as configured on the charger, else as its
 * status notifications reported it. Null when there are several or none known.
 */
export async function soleConnectorOf(db: Executor, chargerId: string, evseId: number): Promise<number | null> {
  const found = await queryRows<{ connector_id: number }>(
    db,
    sql`WITH configured AS (SELECT connector_id FROM connectors WHERE charger_id = ${chargerId} AND evse_id = ${evseId})
      SELECT connector_id FROM configured
      UNION ALL
      SELECT DISTINCT connector_id FROM connector_statuses
        WHERE charger_id = ${chargerId} AND evse_id = ${evseId} AND connector_id > 0 AND NOT EXISTS (SELECT 1 FROM configured)
      LIMIT 2`,
  );
  return found.length === 1 ? Number(found[0]!.connector_id) : null;
}

/** The ID token sent with a 2.0.1 RequestStartTransaction, by its remoteStartId. */
export async function remoteStartToken(db: Executor, chargerId: string, remoteStartId: number): Promise<string | null> {
  const [row] = await db
    .select({ idTag: remoteStarts.idTag })
    .from(remoteStarts)
    .where(and(eq(remoteStarts.chargerId, chargerId), eq(remoteStarts.remoteStartId, remoteStartId)));
  return row?.idTag ?? null;
}
