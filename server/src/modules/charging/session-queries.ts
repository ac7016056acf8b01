import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { chargingSessions, idTokens, meterSamples } from '../../db/schema/index.js';
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

/**
 * Closes every active session of a charger by rule in one statement: stopped at the last known
 * reading (or the start), flagged for review. The closed rows come back for the events.
 */
export async function closeActiveSessions(db: Executor, chargerId: string, closedBy: 'boot', flagReason: string) {
  const { lastRegisterAt, startedAt } = chargingSessions;
  return db
    .update(chargingSessions)
    .set({
      status: 'completed',
      stoppedAt: sql`CASE WHEN ${lastRegisterAt} > ${startedAt} THEN ${lastRegisterAt} ELSE ${startedAt} END`,
      closedBy,
      flagged: true,
      flagReason,
      powerW: null,
      currentA: null,
      updatedAt: new Date(),
    })
    .where(and(eq(chargingSessions.chargerId, chargerId), eq(chargingSessions.status, 'active')))
    .returning();
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
  await db.insert(meterSamples).values(samples.map((s) => ({ ...target, ...s, value: s.value.toFixed(4) })));
}

/**
 * The token with this value at the charger's organization or the nearest organization above it:
 * a parent operator's cards work at its sub-organizations' chargers.
 */
export async function tokenForOrganization(db: Executor, organizationId: string, token: string): Promise<IdTokenRow | null> {
  // One round trip: the nearest organization's token, picked by a subquery.
  const [found] = await db
    .select()
    .from(idTokens)
    .where(
      sql`${idTokens.id} = (WITH RECURSIVE up(id, parent_id, depth) AS (
          SELECT id, parent_id, 0 FROM organizations WHERE id = ${organizationId}::uuid
          UNION ALL
          SELECT o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id WHERE up.depth < 32
        )
        SELECT t.id FROM id_tokens t JOIN up ON t.organization_id = up.id
        WHERE upper(t.token) = upper(${token})
        ORDER BY up.depth LIMIT 1)`,
    );
  return found ?? null;
}
