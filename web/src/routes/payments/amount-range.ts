import { majorToMinor, minorDigits } from '../../format';

export interface AmountRange {
  minAmountMinor?: number;
  maxAmountMinor?: number;
  /** Why the entered range is not sent, in words; null when it is fine. */
  error: string | null;
}

/**
 * The amount range typed in major units ("12.50") as exact minor units (1250) — decimal text shifted,
 * never multiplied as a float. `currency` gives the decimals; an empty field is no bound.
 */
export function amountRangeMinor(min: string, max: string, currency: string): AmountRange {
  const parse = (text: string) => (text.trim() === '' ? undefined : majorToMinor(text, currency));
  const lo = parse(min);
  const hi = parse(max);
  if (lo === null || hi === null)
    return {
      error: `An amount in ${currency} with at most ${minorDigits(currency)} decimals, e.g. ${minorDigits(currency) ? '1500.00' : '1500'}`,
    };
  if (lo !== undefined && hi !== undefined && lo > hi) return { error: 'The smallest amount must not be above the largest' };
  return { minAmountMinor: lo, maxAmountMinor: hi, error: null };
}
