import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { chargingSessions, organizations, sessionSettlements, users, walletEntries, wallets } from '../db/schema/index.js';

const DEMO_DRIVER = 'driver@chargeboard.demo';

/**
 * The demo driver's wallet in their organization's currency: a welcome credit, a top-up, and the
 * debit of the organization's latest settled session. Entries only, **without ledger postings**
 * (the demo sessions were settled as postpaid, so there is no wallet settlement to clear); see
 * docs/payments.md "Wallets". Nothing is written when the driver already has a wallet.
 */
export async function seedDemoWallets(db: Executor): Promise<void> {
  const [driver] = await db
    .select({ id: users.id, organizationId: users.organizationId, currency: organizations.currency })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.email, DEMO_DRIVER));
  if (!driver?.organizationId) return;
  const [wallet] = await db
    .insert(wallets)
    .values({ organizationId: driver.organizationId, userId: driver.id, currency: driver.currency })
    .onConflictDoNothing()
    .returning();
  if (!wallet) return;
  const [session] = await db
    .select({ sessionId: sessionSettlements.sessionId, grossMinor: sessionSettlements.grossMinor })
    .from(sessionSettlements)
    .where(and(eq(sessionSettlements.organizationId, driver.organizationId), eq(sessionSettlements.currency, driver.currency)))
    .orderBy(desc(sessionSettlements.stoppedAt))
    .limit(1);
  const day = 24 * 3_600_000;
  const now = Date.now();
  await db.insert(walletEntries).values([
    {
      walletId: wallet.id,
      kind: 'adjustment',
      amountMinor: 200_000n,
      reason: 'Welcome credit',
      createdAt: new Date(now - 9 * day),
    },
    {
      walletId: wallet.id,
      kind: 'top_up',
      amountMinor: 500_000n,
      reason: 'Demo top-up by card',
      createdAt: new Date(now - 6 * day),
    },
    ...(session
      ? [
          {
            walletId: wallet.id,
            kind: 'debit' as const,
            amountMinor: -session.grossMinor,
            sessionId: session.sessionId,
            createdAt: new Date(now - 2 * day),
          },
        ]
      : []),
  ]);
  // That session is the driver's: it lists under My charging, paid from the wallet, with its receipt.
  if (session)
    await db
      .update(chargingSessions)
      .set({ userId: driver.id, paymentStatus: 'wallet_debited' })
      .where(eq(chargingSessions.id, session.sessionId));
}
