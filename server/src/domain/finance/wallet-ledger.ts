import { type Posting, assertBalanced } from './ledger.js';
import type { Minor } from './money.js';

/**
 * The ledger entries of a wallet's movements (docs/payments.md "Wallets"). `wallet_liability` is what
 * the platform owes the wallet's driver: a credit balance equal to the wallet's balance, so its
 * postings are the wallet entry with the sign turned.
 */
function balanced(postings: Posting[]): Posting[] {
  const written = postings.filter((p) => p.amountMinor !== 0n);
  assertBalanced(written);
  return written;
}

/**
 * A session paid from the wallet: the liability falls by the gross, and the session's payment
 * clearing (debited by its settlement with gross − fee) is cleared. A fee the organization agreed
 * for wallet sessions was posted as gateway fee expense, but no gateway keeps it: it is reversed,
 * so the platform keeps it.
 */
export function walletDebitPostings(walletId: string, grossMinor: Minor, feeMinor: Minor): Posting[] {
  return balanced([
    { account: 'wallet_liability', ref: walletId, amountMinor: grossMinor },
    { account: 'payment_clearing', ref: 'wallet', amountMinor: -(grossMinor - feeMinor) },
    { account: 'gateway_fee_expense', ref: 'wallet', amountMinor: -feeMinor },
  ]);
}

/** A top-up the gateway approved: the gateway owes the platform the money, the platform owes the driver. */
export function walletTopUpPostings(walletId: string, gateway: string, amountMinor: Minor): Posting[] {
  return balanced([
    { account: 'gateway_receivable', ref: gateway, amountMinor },
    { account: 'wallet_liability', ref: walletId, amountMinor: -amountMinor },
  ]);
}

/** A hand adjustment (+ credits the wallet, − takes from it), against `wallet_adjustments`. */
export function walletAdjustmentPostings(walletId: string, amountMinor: Minor): Posting[] {
  return balanced([
    { account: 'wallet_adjustments', ref: walletId, amountMinor },
    { account: 'wallet_liability', ref: walletId, amountMinor: -amountMinor },
  ]);
}

/**
 * Money of a wallet session given back to the wallet: the payment clearing the debit cleared is
 * reopened by the refund (the session's revenue split is not reversed here; see docs/payments.md).
 */
export function walletRefundPostings(walletId: string, amountMinor: Minor): Posting[] {
  return balanced([
    { account: 'payment_clearing', ref: 'wallet', amountMinor },
    { account: 'wallet_liability', ref: walletId, amountMinor: -amountMinor },
  ]);
}
