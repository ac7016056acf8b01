import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { type PaymentStatus, type PaymentType, chargingSessions, payments } from '../../db/schema/index.js';
import type { SessionPaymentStatus } from '../../db/schema/index.js';

export type PaymentRow = typeof payments.$inferSelect;
export type PaymentInsert = typeof payments.$inferInsert;

/** Statuses after which a row never changes again (`error`: nothing moved; a retry is a new row). */
export const FINAL_STATUSES: readonly PaymentStatus[] = ['approved', 'declined', 'error', 'failed'];
export const isFinal = (status: PaymentStatus) => FINAL_STATUSES.includes(status);

/**
 * Writes the attempt before the gateway is called, so a crash mid-call leaves a row to reconcile.
 * The idempotency key is unique: asking again returns the row already there (`created: false`).
 */
export async function insertAttempt(db: Executor, values: PaymentInsert): Promise<{ row: PaymentRow; created: boolean }> {
  const [inserted] = await db
    .insert(payments)
    .values(values)
    .onConflictDoNothing({ target: payments.idempotencyKey })
    .returning();
  if (inserted) return { row: inserted, created: true };
  const [existing] = await db.select().from(payments).where(eq(payments.idempotencyKey, values.idempotencyKey));
  return { row: existing!, created: false };
}

export async function paymentById(db: Executor, id: string, forUpdate = false): Promise<PaymentRow | null> {
  const query = db.select().from(payments).where(eq(payments.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

/**
 * Records the gateway's answer, once: only a row still pending or unknown changes, so two
 * processes answering the same attempt (a reconciler and a retry) cannot both apply it.
 */
export async function recordAnswer(
  db: Executor,
  id: string,
  answer: Pick<PaymentRow, 'status' | 'gatewayReference' | 'approvedMinor' | 'reason' | 'exchange'>,
): Promise<PaymentRow | null> {
  const final = isFinal(answer.status);
  const [row] = await db
    .update(payments)
    .set({
      ...answer,
      attempts: sql`${payments.attempts} + 1`,
      updatedAt: new Date(),
      ...(final ? { completedAt: new Date() } : {}),
    })
    .where(and(eq(payments.id, id), inArray(payments.status, ['pending', 'unknown'])))
    .returning();
  return row ?? null;
}

export async function paymentsOfSession(db: Executor, sessionId: string, types?: PaymentType[]): Promise<PaymentRow[]> {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.sessionId, sessionId), types ? inArray(payments.type, types) : undefined))
    .orderBy(asc(payments.createdAt), asc(payments.id));
}

export async function setSessionPaymentStatus(db: Executor, sessionId: string, status: SessionPaymentStatus): Promise<void> {
  await db.update(chargingSessions).set({ paymentStatus: status }).where(eq(chargingSessions.id, sessionId));
}
