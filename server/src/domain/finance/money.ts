import type { Decimal } from 'decimal.js';
import { unprocessable } from '../../errors.js';
import { minorDigits } from '../currency.js';
import { parseDecimal, Ratio } from './ratio.js';

/**
 * An amount in the currency's minor unit (cents, fils, yen).
 * Why bigint rather than a safe-integer number: a bigint cannot carry a fraction, mixing it with a
 * float is a compile error, and it never silently loses precision above 2^53 — so no stray `/` or
 * `* 0.18` can sneak floating point into money. Convert to text or number only at the edges.
 */
export type Minor = bigint;

/** An exact decimal (a rate like "0.18" or a price like "120.00"), as text or Decimal — never a JS number. */
export type DecimalInput = string | Decimal;

/** Energy is an integer number of watt-hours (a safe integer: exact, and far beyond any meter). */
export type WattHours = number;

export function assertWattHours(wh: number, what = 'Energy'): void {
  if (!Number.isSafeInteger(wh)) throw unprocessable(`${what} must be a whole number of Wh, got ${wh}`);
}

export function toDecimal(value: DecimalInput): Decimal {
  return parseDecimal(value);
}

/** A value already expressed in minor units (e.g. 54058.5) rounded half-up to a whole minor unit. */
export function roundHalfUp(minorUnits: DecimalInput | Ratio): Minor {
  const exact = minorUnits instanceof Ratio ? minorUnits : Ratio.fromDecimal(minorUnits);
  return exact.roundHalfUp();
}

/** `amount × rate`, rounded half-up to the minor unit: 2.5 % of 354 384 → 8 859.6 → 8 860. */
export function applyRate(amount: Minor, rate: DecimalInput): Minor {
  return Ratio.fromDecimal(rate).times(amount).roundHalfUp();
}

/** How many minor units one major unit holds (100 for LKR, 1 for JPY, 1000 for KWD). */
export function minorPerMajor(currency: string): bigint {
  return 10n ** BigInt(minorDigits(currency));
}

/** `quantity × unit price` where the price is in major units (120.00 LKR per kWh), rounded once, half-up. */
export function priceQuantity(quantity: Ratio, unitPriceMajor: DecimalInput, currency: string): Minor {
  return quantity.times(Ratio.fromDecimal(unitPriceMajor)).times(minorPerMajor(currency)).roundHalfUp();
}

/** The kWh in a number of Wh, exactly. */
export function kwhOf(wh: WattHours | Ratio): Ratio {
  return (wh instanceof Ratio ? wh : Ratio.of(wh)).dividedBy(1000);
}

export function sumMinor(amounts: Iterable<Minor>): Minor {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return total;
}

export function minMinor(a: Minor, b: Minor): Minor {
  return a < b ? a : b;
}

/** 293000n in LKR → "2930.00"; 1500n in JPY → "1500"; −5n in KWD → "-0.005". */
export function formatMinor(amount: Minor, currency: string): string {
  return Ratio.of(amount, minorPerMajor(currency)).toFixed(minorDigits(currency));
}

/** "2930.00" in LKR → 293000n. Refuses more decimals than the currency has (that would need rounding). */
export function parseMinor(text: string, currency: string): Minor {
  const scaled = Ratio.fromDecimal(text).times(minorPerMajor(currency));
  if (scaled.den !== 1n) throw unprocessable(`${text} has more decimals than ${currency} allows`);
  return scaled.num;
}
