import { desc, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { rejectedChargers, unclaimedChargers } from '../../db/schema/index.js';
import type { Scope } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { assertPlatform } from './unclaimed.js';

export type RejectedRow = typeof rejectedChargers.$inferSelect;

/** Read at every upgrade of an unknown identity: a rejected one is refused before it is remembered. */
export async function isRejectedIdentity(db: Executor, identity: string): Promise<boolean> {
  const [row] = await db
    .select({ id: rejectedChargers.id })
    .from(rejectedChargers)
    .where(sql`lower(${rejectedChargers.ocppIdentity}) = lower(${identity})`);
  return row !== undefined;
}

export function presentRejected(row: RejectedRow) {
  return {
    ...row,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    rejectedAt: row.rejectedAt.toISOString(),
  };
}

export async function listRejected(db: Db, scope: Scope) {
  assertPlatform(scope);
  const rows = await db.select().from(rejectedChargers).orderBy(desc(rejectedChargers.rejectedAt)).limit(1000);
  return rows.map(presentRejected);
}

/**
 * Moves an unclaimed identity to the rejected list: its next connections are refused at the
 * upgrade (reason "rejected") and it is not remembered again. A charger still connected keeps its
 * socket until it drops; it cannot come back.
 */
export async function rejectUnclaimed(db: Db, audit: AuditContext, scope: Scope, id: string) {
  assertPlatform(scope);
  const rejected = await db.transaction(async (tx) => {
    const [unclaimed] = await tx.select().from(unclaimedChargers).where(eq(unclaimedChargers.id, id)).for('update');
    if (!unclaimed) throw notFound('Unclaimed charger');
    if (await isRejectedIdentity(tx, unclaimed.ocppIdentity))
      throw new AppError('CHARGER_ALREADY_REJECTED', 'This OCPP identity is already in the rejected list');
    const [row] = await tx
      .insert(rejectedChargers)
      .values({
        ocppIdentity: unclaimed.ocppIdentity,
        protocol: unclaimed.protocol,
        vendor: unclaimed.vendor,
        model: unclaimed.model,
        remoteAddress: unclaimed.remoteAddress,
        firstSeenAt: unclaimed.firstSeenAt,
        lastSeenAt: unclaimed.lastSeenAt,
      })
      .returning();
    await tx.delete(unclaimedChargers).where(eq(unclaimedChargers.id, id));
    const presented = presentRejected(row!);
    await recordAudit(tx, audit, {
      entityType: 'rejected_charger',
      entityId: row!.id,
      action: 'reject',
      organizationId: null,
      after: presented,
    });
    return presented;
  });
  return rejected;
}

/** Forgiving deletes the rejection: the identity's next connection is remembered as unclaimed again. */
export async function forgiveRejected(db: Db, audit: AuditContext, scope: Scope, id: string): Promise<void> {
  assertPlatform(scope);
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(rejectedChargers).where(eq(rejectedChargers.id, id)).returning();
    if (!row) throw notFound('Rejected charger');
    await recordAudit(tx, audit, {
      entityType: 'rejected_charger',
      entityId: row.id,
      action: 'forgive',
      organizationId: null,
      before: presentRejected(row),
    });
  });
}
