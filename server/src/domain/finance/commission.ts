import { unprocessable } from '../../errors.js';
import { applyRate, type DecimalInput, kwhOf, type Minor, priceQuantity, type WattHours } from './money.js';
import { Ratio } from './ratio.js';

/** A kWh tier: from `fromKwh` (inclusive) of the organization's kWh in the period, `percent` of net. */
export interface CommissionTier {
  fromKwh: DecimalInput;
  percent: DecimalInput;
}

/**
 * The platform's commission contract in force at session end (docs/finance.md §5).
 * Rates are fractions; perKwh is major units.
 */
export type CommissionContract =
  | { kind: 'percent_of_net'; percent: DecimalInput }
  | { kind: 'per_kwh'; perKwh: DecimalInput }
  | { kind: 'kwh_tiers'; tiers: readonly CommissionTier[] };

export interface CommissionBasis {
  currency: string;
  netMinor: Minor;
  energyWh: WattHours;
  /**
   * kwh_tiers only: the organization's Wh from the sessions of the same billing period that ended before
   * this one (ordered by end time, then session id). The tier is the one those kWh have reached — the
   * session's own kWh do not count for itself (they count for the sessions after it) — so it depends
   * only on which sessions ended before, never on the order they arrived.
   */
  organizationWhEarlierInPeriod?: WattHours;
}

export function platformCommission(contract: CommissionContract, basis: CommissionBasis): Minor {
  switch (contract.kind) {
    case 'percent_of_net':
      return applyRate(basis.netMinor, contract.percent);
    case 'per_kwh':
      return priceQuantity(kwhOf(basis.energyWh), contract.perKwh, basis.currency);
    case 'kwh_tiers': {
      const earlierWh = basis.organizationWhEarlierInPeriod ?? 0;
      return applyRate(basis.netMinor, tierFor(contract.tiers, kwhOf(earlierWh)).percent);
    }
  }
}

/** The last tier whose threshold the period's kWh has reached. */
export function tierFor(tiers: readonly CommissionTier[], periodKwh: Ratio): CommissionTier {
  let chosen: CommissionTier | undefined;
  for (const tier of tiers) {
    if (Ratio.fromDecimal(tier.fromKwh).compare(periodKwh) <= 0) chosen = tier;
  }
  if (!chosen) throw unprocessable('No commission tier covers this many kWh; the first tier must start at 0');
  return chosen;
}
