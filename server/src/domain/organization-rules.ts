import { Decimal } from 'decimal.js';
import { AppError } from '../errors.js';
import { isKnownCurrency, isKnownTimeZone } from './currency.js';

export type BillingCycle = 'weekly' | 'monthly' | 'quarterly';

export interface TaxInput {
  name: string;
  rate: string;
  compound: boolean;
}

export function assertCurrency(code: string): void {
  if (!isKnownCurrency(code))
    throw new AppError('CURRENCY_UNKNOWN', `"${code}" is not an ISO 4217 currency code`, { field: 'currency' });
}

export function assertTimeZone(zone: string, field = 'timeZone'): void {
  if (!isKnownTimeZone(zone)) throw new AppError('TIME_ZONE_UNKNOWN', `"${zone}" is not an IANA time zone`, { field });
}

/** Weekly: ISO weekday 1–7. Monthly and quarterly: day 1–28, so every month has it. */
export function assertBillingDay(cycle: BillingCycle, day: number): void {
  const max = cycle === 'weekly' ? 7 : 28;
  if (!Number.isInteger(day) || day < 1 || day > max) {
    const what = cycle === 'weekly' ? 'an ISO weekday from 1 (Monday) to 7 (Sunday)' : 'a day of the month from 1 to 28';
    throw new AppError('BILLING_DAY_INVALID', `For a ${cycle} cycle the billing day must be ${what}`, { field: 'billingDay' });
  }
}

/** Taxes are applied in list order; each rate is an exact decimal fraction in [0, 1]. */
export function assertTaxes(taxes: readonly TaxInput[]): void {
  const names = new Set<string>();
  taxes.forEach((tax, index) => {
    const rate = new Decimal(tax.rate);
    if (rate.isNegative() || rate.greaterThan(1)) {
      throw new AppError(
        'TAX_RATE_INVALID',
        `Tax "${tax.name}" has rate ${tax.rate}; a rate must be between 0 and 1 (0.18 is 18 %)`,
        {
          field: `taxes.${index}.rate`,
        },
      );
    }
    const key = tax.name.trim().toLowerCase();
    if (names.has(key))
      throw new AppError('TAX_RATE_INVALID', `Tax "${tax.name}" appears twice`, { field: `taxes.${index}.name` });
    names.add(key);
  });
}

export interface ContractInput {
  kind: 'percent_of_net' | 'per_kwh' | 'kwh_tiers';
  percent?: string | null;
  perKwh?: string | null;
  tiers?: { fromKwh: string; percent: string }[] | null;
  effectiveFrom: string;
  effectiveTo?: string | null;
}

/** Each kind of commission carries exactly the figures it needs. */
export function assertContractShape(contract: ContractInput): void {
  const fail = (message: string, field: string) => {
    throw new AppError('CONTRACT_INVALID', message, { field });
  };
  const assertFraction = (value: string, field: string) => {
    const d = new Decimal(value);
    if (d.isNegative() || d.greaterThan(1)) fail(`${field} must be a fraction between 0 and 1 (0.10 is 10 %)`, field);
  };
  if (contract.effectiveTo && contract.effectiveTo < contract.effectiveFrom) {
    fail('The contract must end on or after the day it starts', 'effectiveTo');
  }
  switch (contract.kind) {
    case 'percent_of_net':
      if (!contract.percent) fail('A percent-of-net contract needs a percent', 'percent');
      assertFraction(contract.percent!, 'percent');
      break;
    case 'per_kwh':
      if (!contract.perKwh) fail('A per-kWh contract needs a rate per kWh', 'perKwh');
      if (new Decimal(contract.perKwh!).isNegative()) fail('The rate per kWh cannot be negative', 'perKwh');
      break;
    case 'kwh_tiers': {
      const tiers = contract.tiers ?? [];
      if (tiers.length === 0) fail('A tiered contract needs at least one tier', 'tiers');
      if (!new Decimal(tiers[0]!.fromKwh).isZero()) fail('The first tier must start at 0 kWh', 'tiers.0.fromKwh');
      tiers.forEach((tier, i) => {
        assertFraction(tier.percent, `tiers.${i}.percent`);
        if (i > 0 && !new Decimal(tier.fromKwh).greaterThan(tiers[i - 1]!.fromKwh)) {
          fail('Tiers must start at increasing kWh', `tiers.${i}.fromKwh`);
        }
      });
      break;
    }
  }
}

/** Two date ranges [from, to] (to inclusive, null = open-ended) share at least one day. */
export function dateRangesOverlap(
  a: { effectiveFrom: string; effectiveTo?: string | null },
  b: { effectiveFrom: string; effectiveTo?: string | null },
): boolean {
  const aEndsBeforeB = a.effectiveTo != null && a.effectiveTo < b.effectiveFrom;
  const bEndsBeforeA = b.effectiveTo != null && b.effectiveTo < a.effectiveFrom;
  return !aEndsBeforeB && !bEndsBeforeA;
}
