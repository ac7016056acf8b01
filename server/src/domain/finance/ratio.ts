import { Decimal } from 'decimal.js';
import { unprocessable } from '../../errors.js';

/**
 * An exact rational number (bigint numerator / positive bigint denominator, always reduced).
 * Pricing keeps fractions of a Wh (docs/finance.md §1) when energy is split pro rata by time; a third of 1 Wh has no
 * finite decimal, so Decimal (fixed significant digits) would drift and could flip a half-up rounding.
 * Ratios never drift: all arithmetic is exact and only money is rounded, once.
 */
export class Ratio {
  static readonly ZERO = new Ratio(0n, 1n);
  static readonly ONE = new Ratio(1n, 1n);

  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  static of(num: bigint | number, den: bigint | number = 1n): Ratio {
    const n = toBigInt(num);
    const d = toBigInt(den);
    if (d === 0n) throw new RangeError('Ratio denominator is zero');
    const sign = d < 0n ? -1n : 1n;
    const g = gcd(n < 0n ? -n : n, d < 0n ? -d : d);
    return new Ratio((sign * n) / g, (sign * d) / g);
  }

  /** The exact value of a finite decimal ("0.185" → 37/200). */
  static fromDecimal(value: Decimal | string): Ratio {
    const decimal = parseDecimal(value);
    if (!decimal.isFinite()) throw unprocessable(`${decimal.toString()} is not a finite number`);
    const text = decimal.toFixed();
    const negative = text.startsWith('-');
    const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
    const num = BigInt(whole + fraction) * (negative ? -1n : 1n);
    return Ratio.of(num, 10n ** BigInt(fraction.length));
  }

  plus(other: Ratio): Ratio {
    return Ratio.of(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  minus(other: Ratio): Ratio {
    return Ratio.of(this.num * other.den - other.num * this.den, this.den * other.den);
  }

  times(other: Ratio | bigint | number): Ratio {
    const o = other instanceof Ratio ? other : Ratio.of(other);
    return Ratio.of(this.num * o.num, this.den * o.den);
  }

  dividedBy(other: Ratio | bigint | number): Ratio {
    const o = other instanceof Ratio ? other : Ratio.of(other);
    if (o.num === 0n) throw new RangeError('Division by zero');
    return Ratio.of(this.num * o.den, this.den * o.num);
  }

  compare(other: Ratio): -1 | 0 | 1 {
    const left = this.num * other.den;
    const right = other.num * this.den;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  equals(other: Ratio): boolean {
    return this.num === other.num && this.den === other.den;
  }

  lessThan(other: Ratio): boolean {
    return this.compare(other) < 0;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  isNegative(): boolean {
    return this.num < 0n;
  }

  floor(): bigint {
    const q = this.num / this.den;
    return this.num < 0n && q * this.den !== this.num ? q - 1n : q;
  }

  ceil(): bigint {
    return -Ratio.of(-this.num, this.den).floor();
  }

  /** Half-up: a value exactly halfway rounds away from zero (2.5 → 3, −2.5 → −3). */
  roundHalfUp(): bigint {
    const magnitude = this.num < 0n ? -this.num : this.num;
    const rounded = (2n * magnitude + this.den) / (2n * this.den);
    return this.num < 0n ? -rounded : rounded;
  }

  /** Display only: the value rounded half-up to `places` decimals ("13.500"). */
  toFixed(places: number): string {
    const scale = 10n ** BigInt(places);
    const scaled = this.times(scale).roundHalfUp();
    const negative = scaled < 0n;
    const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
    const whole = digits.slice(0, digits.length - places);
    const fraction = places > 0 ? `.${digits.slice(digits.length - places)}` : '';
    return `${negative ? '-' : ''}${whole}${fraction}`;
  }

  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}

/** An exact decimal from text; JS numbers are refused on purpose (they are binary floats). */
export function parseDecimal(value: string | Decimal): Decimal {
  if (Decimal.isDecimal(value)) return value;
  if (typeof value !== 'string' || !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value.trim())) {
    throw unprocessable(`"${String(value)}" is not an exact decimal number`);
  }
  return new Decimal(value.trim());
}

function toBigInt(value: bigint | number): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer`);
  return BigInt(value);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
