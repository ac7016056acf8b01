import { unprocessable } from '../../errors.js';
import { type CommissionContract, platformCommission } from './commission.js';
import {
  applyRate,
  assertWattHours,
  type DecimalInput,
  kwhOf,
  type Minor,
  priceQuantity,
  toDecimal,
  type WattHours,
} from './money.js';
import { applyTaxes, type TaxLine, type TaxRule } from './tax.js';

/** What the gateway that took the payment charges: `percent` of gross plus `fixedMinor`. */
export interface GatewayTerms {
  gateway: string;
  percent: DecimalInput;
  fixedMinor: Minor;
}

export type GatewayFeeBearer = 'organization' | 'platform';

export interface SettlementInput {
  currency: string;
  netMinor: Minor;
  energyWh: WattHours;
  /** The organization's ordered taxes. */
  taxes: readonly TaxRule[];
  /** null for wallet or manual payments with no configured charge. */
  gateway: GatewayTerms | null;
  /** Who pays the gateway fee; the organization unless agreed otherwise. */
  gatewayFeeBearer?: GatewayFeeBearer;
  commission: CommissionContract;
  /** For kWh-tier contracts; see CommissionBasis. */
  organizationWhEarlierInPeriod?: WattHours;
  /** The location owner's share of net, when the charger is assigned to one. */
  locationOwnerShare: DecimalInput | null;
  /** What the organization pays its utility, major units per kWh. */
  energyCostPerKwh: DecimalInput;
}

/** Every settlement figure of one session (docs/finance.md §6), each rounded half-up where first shown. */
export interface SessionSettlement {
  currency: string;
  energyWh: WattHours;
  netMinor: Minor;
  taxLines: TaxLine[];
  taxMinor: Minor;
  grossMinor: Minor;
  gateway: string | null;
  gatewayFeeMinor: Minor;
  gatewayFeeBearer: GatewayFeeBearer;
  platformCommissionMinor: Minor;
  locationOwnerCommissionMinor: Minor;
  partnerShareMinor: Minor;
  energyCostMinor: Minor;
  marginMinor: Minor;
}

export function settleSession(input: SettlementInput): SessionSettlement {
  if (input.netMinor < 0n) throw unprocessable('A session cannot settle with a negative net amount');
  assertWattHours(input.energyWh);
  if (input.energyWh < 0) throw unprocessable('A session cannot deliver negative energy');
  const taxed = applyTaxes(input.netMinor, input.taxes);
  const gatewayFeeBearer = input.gatewayFeeBearer ?? 'organization';
  const gatewayFeeMinor = gatewayFee(input.gateway, taxed.grossMinor);
  const platformCommissionMinor = platformCommission(input.commission, input);
  const locationOwnerCommissionMinor =
    input.locationOwnerShare === null ? 0n : applyRate(input.netMinor, input.locationOwnerShare);
  const borneGatewayFee = gatewayFeeBearer === 'organization' ? gatewayFeeMinor : 0n;
  const partnerShareMinor = input.netMinor - platformCommissionMinor - borneGatewayFee - locationOwnerCommissionMinor;
  const energyCostMinor = priceQuantity(kwhOf(input.energyWh), input.energyCostPerKwh, input.currency);
  return {
    currency: input.currency,
    energyWh: input.energyWh,
    netMinor: input.netMinor,
    taxLines: taxed.lines,
    taxMinor: taxed.taxMinor,
    grossMinor: taxed.grossMinor,
    gateway: input.gateway?.gateway ?? null,
    gatewayFeeMinor,
    gatewayFeeBearer,
    platformCommissionMinor,
    locationOwnerCommissionMinor,
    partnerShareMinor,
    energyCostMinor,
    marginMinor: partnerShareMinor - energyCostMinor,
  };
}

/** Nothing is charged when nothing was paid: with a zero gross no gateway took a payment. */
function gatewayFee(terms: GatewayTerms | null, grossMinor: Minor): Minor {
  if (!terms || grossMinor === 0n) return 0n;
  if (toDecimal(terms.percent).isNegative() || terms.fixedMinor < 0n)
    throw unprocessable(`Gateway ${terms.gateway} has a negative charge`);
  return applyRate(grossMinor, terms.percent) + terms.fixedMinor;
}
