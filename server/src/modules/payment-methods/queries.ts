import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { type PaymentGateway, paymentMethods } from '../../db/schema/index.js';

export type PaymentMethodRow = typeof paymentMethods.$inferSelect;
export type Holder = { idTokenId: string } | { userId: string };

const holderColumn = (holder: Holder) =>
  'idTokenId' in holder ? eq(paymentMethods.idTokenId, holder.idTokenId) : eq(paymentMethods.userId, holder.userId);

export async function paymentMethodRow(db: Executor, holder: Holder): Promise<PaymentMethodRow | null> {
  const [row] = await db.select().from(paymentMethods).where(holderColumn(holder));
  return row ?? null;
}

/** The methods settlement looks at for a session: its token's own, and (only when the token has none) its owner's. */
export async function sessionPaymentMethods(db: Executor, idTokenId: string | null, userId: string | null) {
  const own = idTokenId ? await paymentMethodRow(db, { idTokenId }) : null;
  const owners = !own && userId ? await paymentMethodRow(db, { userId }) : null;
  return { own: own?.gateway ?? null, owners: owners?.gateway ?? null };
}

/** One payment method per token or user: replaces the gateway of an existing one. */
export async function upsertPaymentMethod(db: Executor, holder: Holder, gateway: PaymentGateway): Promise<PaymentMethodRow> {
  const [updated] = await db.update(paymentMethods).set({ gateway }).where(holderColumn(holder)).returning();
  if (updated) return updated;
  const [inserted] = await db
    .insert(paymentMethods)
    .values({ ...holder, gateway })
    .returning();
  return inserted!;
}

/** Removes the token's or user's own method; returns the row removed, or null when there was none. */
export async function deletePaymentMethod(db: Executor, holder: Holder): Promise<PaymentMethodRow | null> {
  const [deleted] = await db.delete(paymentMethods).where(holderColumn(holder)).returning();
  return deleted ?? null;
}
