import type { Decimal } from 'decimal.js';
import { unprocessable } from '../../errors.js';
import { applyRate, type DecimalInput, type Minor, toDecimal } from './money.js';

/** One tax of an organization's ordered list (docs/finance.md §4); `rate` is a fraction: "0.18" is 18 %. */
export interface TaxRule {
  name: string;
  rate: DecimalInput;
  compound: boolean;
}

export interface TaxLine {
  name: string;
  rate: Decimal;
  compound: boolean;
  /** What the rate was applied to: net for a simple tax, net plus every earlier (rounded) tax for a compound one. */
  baseMinor: Minor;
  amountMinor: Minor;
}

export interface TaxedAmount {
  netMinor: Minor;
  lines: TaxLine[];
  taxMinor: Minor;
  grossMinor: Minor;
}

/**
 * Applies the taxes in list order. Each line is rounded half-up where it is first shown, and a compound
 * tax is computed on the rounded earlier lines (SSCL 73.25 then VAT 18 % of 3 003.25), as docs/finance.md §4 describes.
 */
export function applyTaxes(netMinor: Minor, taxes: readonly TaxRule[]): TaxedAmount {
  if (netMinor < 0n) throw unprocessable('Taxes apply to a net amount that is not negative');
  const lines: TaxLine[] = [];
  let taxMinor = 0n;
  for (const tax of taxes) {
    const rate = toDecimal(tax.rate);
    if (rate.isNegative()) throw unprocessable(`Tax "${tax.name}" has a negative rate`);
    const baseMinor = tax.compound ? netMinor + taxMinor : netMinor;
    const amountMinor = applyRate(baseMinor, rate);
    lines.push({ name: tax.name, rate, compound: tax.compound, baseMinor, amountMinor });
    taxMinor += amountMinor;
  }
  return { netMinor, lines, taxMinor, grossMinor: netMinor + taxMinor };
}
