import { eq } from 'drizzle-orm';
import { chargingSessions, type sessionSettlements, users } from '../../db/schema/index.js';
import { walletDebitPostings } from '../../domain/finance/wallet-ledger.js';
import { formatMoney } from '../invoices/pdf-format.js';
import type { PaymentsDeps } from '../payments/attempts.js';
import { setSessionPaymentStatus } from '../payments/queries.js';
import { postWalletEntry } from './postings.js';
import { ensureWallet, insertEntry, lockWallet, walletBalance, walletLimits } from './queries.js';

type Settlement = typeof sessionSettlements.$inferSelect;
type Session = typeof chargingSessions.$inferSelect;

/** Marks a debit that took the wallet below −limit: the driver owes what is beyond it. */
export const BEYOND_LIMIT_PREFIX = 'Beyond the negative limit:';

/**
 * Debits a settled wallet session (the wallet collector of `collect-session-payment`), in one
 * transaction under the wallet's row lock: the entry (−gross; a session is debited once, so the
 * job repeated writes nothing), its postings, the session's payment status. The energy was
 * delivered, so a debit is written even beyond the organization's negative limit; the entry then
 * says by how much the driver owes. A balance at or under the low-balance mark afterwards raises
 * `wallet.low_balance` once the transaction has committed.
 */
export async function debitWalletSession(deps: PaymentsDeps, settlement: Settlement, session: Session): Promise<void> {
  if (!session.userId) {
    deps.log?.warn({ sessionId: session.id }, 'wallet session without a driver: nothing to debit');
    return;
  }
  const userId = session.userId;
  const gross = settlement.grossMinor;
  if (gross === 0n) {
    await setSessionPaymentStatus(deps.db, session.id, 'voided');
    return;
  }
  const limits = await walletLimits(deps.db, settlement.organizationId);
  const low = await deps.db.transaction(async (tx) => {
    const [driver] = await tx.select({ organizationId: users.organizationId }).from(users).where(eq(users.id, userId));
    const found = await ensureWallet(tx, {
      organizationId: driver?.organizationId ?? settlement.organizationId,
      userId,
      currency: settlement.currency,
    });
    const wallet = (await lockWallet(tx, found.id))!;
    const before = await walletBalance(tx, wallet.id);
    const after = before - gross;
    const floor = -limits.negativeLimitMinor;
    const beyond = after < floor ? floor - after : 0n;
    const entry = await insertEntry(tx, {
      walletId: wallet.id,
      kind: 'debit',
      amountMinor: -gross,
      sessionId: session.id,
      reason: beyond > 0n ? `${BEYOND_LIMIT_PREFIX} ${formatMoney(beyond, wallet.currency)} owed` : null,
    });
    await setSessionPaymentStatus(tx, session.id, 'wallet_debited');
    if (!entry) return null; // debited before: this is the job repeated
    await postWalletEntry(tx, wallet, walletDebitPostings(wallet.id, gross, settlement.gatewayFeeMinor), {
      sessionId: session.id,
      organizationId: settlement.organizationId,
    });
    return after <= limits.lowBalanceMinor ? { wallet, balance: after } : null;
  });
  if (low)
    deps.bus.publish('wallet.low_balance', {
      organizationId: settlement.organizationId,
      siteId: settlement.siteId,
      chargerId: settlement.chargerId,
      walletId: low.wallet.id,
      userId,
      sessionId: session.id,
      balanceMinor: Number(low.balance),
      lowBalanceMinor: Number(limits.lowBalanceMinor),
      negativeLimitMinor: Number(limits.negativeLimitMinor),
      currency: low.wallet.currency,
      at: new Date().toISOString(),
    });
}
