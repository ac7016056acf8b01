import { AppError } from '../../errors.js';
import { type Minor, sumMinor } from './money.js';
import type { SessionSettlement } from './settlement.js';

/** The platform's accounts a session touches. `ref` names the gateway, wallet or tax. */
export type LedgerAccount =
  /** Owed to the platform by whatever took the payment (gateway, wallet, manual collection). */
  | 'payment_clearing'
  | 'gateway_fee_expense'
  | 'tax_payable'
  | 'platform_commission_revenue'
  /** The gateway fee charged back to the organization when it bears gateway fees. */
  | 'gateway_fee_recovery'
  | 'location_owner_payable'
  | 'partner_payable'
  /** What a gateway owes the platform for captured payments (its payout to come), ref: gateway. */
  | 'gateway_receivable'
  /** Drivers' prepaid wallet balances the platform holds, ref: wallet id. */
  | 'wallet_liability'
  /** Credits and corrections Accounts makes to wallets by hand (an expense when it credits), ref: wallet id. */
  | 'wallet_adjustments';

/** One leg of a double entry: debits are positive, credits negative, so a balanced set sums to zero. */
export interface Posting {
  account: LedgerAccount;
  ref?: string;
  amountMinor: Minor;
}

/**
 * The accrual written the moment a session closes (docs/finance.md §7). The driver's gross is split into
 * taxes, platform commission, location-owner commission and partner share; the gateway keeps its fee,
 * which the organization repays through its partner share when it bears gateway fees. Energy cost is
 * the organization's own utility bill, not money the platform moves, so it is reported, not posted.
 */
export function sessionPostings(settlement: SessionSettlement, paidWith: string): Posting[] {
  const s = settlement;
  const postings: Posting[] = [
    { account: 'payment_clearing', ref: paidWith, amountMinor: s.grossMinor - s.gatewayFeeMinor },
    { account: 'gateway_fee_expense', ref: s.gateway ?? paidWith, amountMinor: s.gatewayFeeMinor },
    ...s.taxLines.map((tax): Posting => ({ account: 'tax_payable', ref: tax.name, amountMinor: -tax.amountMinor })),
    { account: 'platform_commission_revenue', amountMinor: -s.platformCommissionMinor },
    {
      account: 'gateway_fee_recovery',
      ref: s.gateway ?? paidWith,
      amountMinor: s.gatewayFeeBearer === 'organization' ? -s.gatewayFeeMinor : 0n,
    },
    { account: 'location_owner_payable', amountMinor: -s.locationOwnerCommissionMinor },
    { account: 'partner_payable', amountMinor: -s.partnerShareMinor },
  ];
  const written = postings.filter((posting) => posting.amountMinor !== 0n);
  assertBalanced(written);
  return written;
}

export function ledgerBalance(postings: readonly Posting[]): Minor {
  return sumMinor(postings.map((posting) => posting.amountMinor));
}

/** A guard in production too: an unbalanced entry is a bug and must never reach the ledger. */
export function assertBalanced(postings: readonly Posting[]): void {
  const balance = ledgerBalance(postings);
  if (balance !== 0n) throw new AppError('INTERNAL', `Ledger postings do not balance (off by ${balance} minor units)`);
}
