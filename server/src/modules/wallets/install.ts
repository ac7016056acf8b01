import { eq } from 'drizzle-orm';
import { organizations } from '../../db/schema/index.js';
import { onPaymentSettled } from '../payments/attempts.js';
import { onWalletCollection } from '../payments/collection.js';
import { onWalletStart } from '../payments/holds.js';
import { debitWalletSession } from './debit.js';
import { walletStartCheck } from './service.js';
import { creditApprovedTopUp } from './top-up.js';

let installed = false;

/**
 * Wires wallets into payments, once per process: the start check (a wallet at or below its
 * negative limit refuses the start), the session-end debit as the wallet collector, and the
 * top-up credit as the hook of a final `top_up` payment. Called when the wallet routes register
 * (every server builds them), so nothing else has to remember it.
 */
export function installWalletPayments(): void {
  if (installed) return;
  installed = true;
  onWalletStart(async ({ db }, session) => {
    if (!session.userId) return null;
    const [org] = await db
      .select({ currency: organizations.currency })
      .from(organizations)
      .where(eq(organizations.id, session.organizationId));
    if (!org) return null;
    const check = await walletStartCheck(db, {
      userId: session.userId,
      organizationId: session.organizationId,
      currency: org.currency,
    });
    return check.ok ? { refused: false } : { refused: true, reason: check.reason };
  });
  onWalletCollection(debitWalletSession);
  onPaymentSettled('top_up', creditApprovedTopUp);
}
