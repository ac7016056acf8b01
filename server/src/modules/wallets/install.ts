import { onPaymentSettled } from '../payments/attempts.js';
import { onWalletCollection } from '../payments/collection.js';
import { debitWalletSession } from './debit.js';
import { creditApprovedTopUp } from './top-up.js';

let installed = false;

/**
 * Wires wallets into payments, once per process: the session-end debit as the wallet collector,
 * and the top-up credit as the hook of a final `top_up` payment. Called when the wallet routes
 * register (every server builds them), so nothing else has to remember it.
 */
export function installWalletPayments(): void {
  if (installed) return;
  installed = true;
  onWalletCollection(debitWalletSession);
  onPaymentSettled('top_up', creditApprovedTopUp);
}
