/**
 * Exact decimal-string arithmetic for what the API sends as strings (rates, prices) and for
 * money entered in major units. Floats would turn "2.5 %" into 0.025000000000000001.
 */

const DECIMAL = /^\d+(\.\d+)?$/;

function split(value: string): { int: string; frac: string } {
  const [int = '0', frac = ''] = value.split('.');
  return { int, frac };
}

function join(int: string, frac: string): string {
  const cleanInt = int.replace(/^0+(?=\d)/, '') || '0';
  const cleanFrac = frac.replace(/0+$/, '');
  return cleanFrac ? `${cleanInt}.${cleanFrac}` : cleanInt;
}

/** Moves the decimal point: positive `places` multiplies by 10^places, negative divides. */
export function shiftDecimal(value: string, places: number): string {
  const { int, frac } = split(value);
  if (places >= 0) {
    const paddedFrac = frac.padEnd(places, '0');
    return join(int + paddedFrac.slice(0, places), paddedFrac.slice(places));
  }
  const n = -places;
  const paddedInt = int.padStart(n + 1, '0');
  const cut = paddedInt.length - n;
  return join(paddedInt.slice(0, cut), paddedInt.slice(cut) + frac);
}

export function isDecimal(value: string): boolean {
  return DECIMAL.test(value.trim());
}

export function fractionDigits(value: string): number {
  return split(value.trim()).frac.length;
}

/** "18" → "0.18", "2.5" → "0.025". Returns null when the input is not a plain non-negative number. */
export function percentToFraction(percent: string): string | null {
  const trimmed = percent.trim();
  if (!isDecimal(trimmed)) return null;
  return shiftDecimal(trimmed, -2);
}

/** "0.18" → "18", "0.025" → "2.5". */
export function fractionToPercent(fraction: string): string {
  const trimmed = fraction.trim();
  if (!isDecimal(trimmed)) return trimmed;
  return shiftDecimal(trimmed, 2);
}

/** Compares two non-negative decimal strings: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const x = split(join(split(a).int, split(a).frac));
  const y = split(join(split(b).int, split(b).frac));
  if (x.int.length !== y.int.length) return x.int.length < y.int.length ? -1 : 1;
  if (x.int !== y.int) return x.int < y.int ? -1 : 1;
  const width = Math.max(x.frac.length, y.frac.length);
  const fx = x.frac.padEnd(width, '0');
  const fy = y.frac.padEnd(width, '0');
  return fx === fy ? 0 : fx < fy ? -1 : 1;
}

/** Validates a percent entry against the API's rate format (fraction 0–1, at most 6 decimals). */
export function percentError(percent: string): string | null {
  const trimmed = percent.trim();
  if (trimmed === '') return 'Enter a percent';
  if (!isDecimal(trimmed)) return 'Enter a number such as 18 or 2.5';
  if (compareDecimal(trimmed, '100') > 0) return 'A percent cannot exceed 100';
  if (fractionDigits(trimmed) > 4) return 'At most 4 decimal places';
  return null;
}
