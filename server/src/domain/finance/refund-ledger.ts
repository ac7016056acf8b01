import { assertBalanced, type LedgerAccount, type Posting } from './ledger.js';
import type { Minor } from './money.js';

/** The settled figures of a session a refund reverses (a `session_settlements` row as stored now). */
export interface RefundedSettlement {
  grossMinor: Minor;
  taxLines: readonly { name: string; amountMinor: number | bigint }[];
  platformCommissionMinor: Minor;
  gatewayFeeMinor: Minor;
  gatewayFeeBearer: 'organization' | 'platform';
  locationOwnerCommissionMinor: Minor;
  partnerShareMinor: Minor;
}

interface Part {
  account: LedgerAccount;
  ref?: string;
  /** The session's credit to this account (positive: what the gross paid into it). */
  creditMinor: Minor;
}

/**
 * The session's credit postings (docs/finance.md §7), which together add up to the gross. The part that
 * went to `gateway_fee_recovery` is given as `partner_payable`: the gateway keeps its fee on a refund,
 * so the organization that bears fees keeps bearing it, out of its payout balance.
 */
function creditParts(s: RefundedSettlement): Part[] {
  return [
    ...s.taxLines.map((tax): Part => ({ account: 'tax_payable', ref: tax.name, creditMinor: BigInt(tax.amountMinor) })),
    { account: 'platform_commission_revenue', creditMinor: s.platformCommissionMinor },
    { account: 'location_owner_payable', creditMinor: s.locationOwnerCommissionMinor },
    {
      account: 'partner_payable',
      creditMinor: s.partnerShareMinor + (s.gatewayFeeBearer === 'organization' ? s.gatewayFeeMinor : 0n),
    },
  ];
}

const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

/**
 * `total` shared over the parts in proportion to their credits (largest remainder: every part gets the
 * floor of its exact share, then the units left go one each to the largest fractions, earliest part
 * first on a tie), so the shares add up to `total` exactly.
 */
export function largestRemainder(credits: readonly Minor[], total: Minor, whole: Minor): Minor[] {
  if (whole <= 0n) throw new RangeError('largestRemainder needs a positive whole');
  const exact = credits.map((c) => c * total);
  const shares = exact.map((e) => floorDiv(e, whole));
  let left = total - shares.reduce((sum, s) => sum + s, 0n);
  const byFraction = exact
    .map((e, index) => ({ index, fraction: e - shares[index]! * whole }))
    .sort((a, b) => (a.fraction === b.fraction ? a.index - b.index : a.fraction > b.fraction ? -1 : 1));
  for (const { index } of byFraction) {
    if (left <= 0n) break;
    shares[index]! += 1n;
    left -= 1n;
  }
  return shares;
}

/**
 * The adjusting entry of an approved refund of `refundMinor`, after `refundedBeforeMinor` was already
 * refunded on the session (docs/payments.md "Refunds"): the money leaves what the gateway owes us, and the
 * session's split is reversed in proportion to refund ÷ gross, like a credit note. Shares are taken of the
 * cumulative refunded amount and this entry is the difference, so refunds in several parts reverse
 * exactly what one refund of their sum would: a full refund reverses every credit to the unit.
 */
export function refundPostings(
  settlement: RefundedSettlement,
  gateway: string,
  refundedBeforeMinor: Minor,
  refundMinor: Minor,
): Posting[] {
  const parts = creditParts(settlement);
  const credits = parts.map((p) => p.creditMinor);
  const gross = settlement.grossMinor;
  const before = largestRemainder(credits, refundedBeforeMinor, gross);
  const after = largestRemainder(credits, refundedBeforeMinor + refundMinor, gross);
  const merged = new Map<string, Posting>();
  parts.forEach((part, index) => {
    const key = `${part.account}\u0000${part.ref ?? ''}`;
    const amount = after[index]! - before[index]!;
    const known = merged.get(key);
    if (known) known.amountMinor += amount;
    else merged.set(key, { account: part.account, ...(part.ref ? { ref: part.ref } : {}), amountMinor: amount });
  });
  const postings = [
    { account: 'gateway_receivable' as const, ref: gateway, amountMinor: -refundMinor },
    ...merged.values(),
  ].filter((p) => p.amountMinor !== 0n);
  assertBalanced(postings);
  return postings;
}
