import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  applyRate,
  formatMinor,
  kwhOf,
  minorPerMajor,
  parseMinor,
  priceQuantity,
  roundHalfUp,
  sumMinor,
} from '../../../src/domain/finance/money.js';
import { Ratio } from '../../../src/domain/finance/ratio.js';

describe('roundHalfUp (to a whole minor unit)', () => {
  it.each([
    ['54058.5', 54059n],
    ['54058.49999999999999999999999', 54058n],
    ['8859.6', 8860n],
    ['2.5', 3n],
    ['0.5', 1n],
    ['0.4', 0n],
    ['-2.5', -3n],
    ['-2.4', -2n],
    ['7', 7n],
    ['123456789012345678901234567890.5', 123456789012345678901234567891n],
  ])('%s → %s', (value, expected) => {
    expect(roundHalfUp(value)).toBe(expected);
    expect(roundHalfUp(new Decimal(value))).toBe(expected);
  });

  it('rounds an exact fraction, not a truncated decimal: 1/3 + 1/6 = 1/2 → 1', () => {
    expect(roundHalfUp(Ratio.of(1, 3).plus(Ratio.of(1, 6)))).toBe(1n);
  });
});

describe('applyRate', () => {
  it.each([
    [293_000n, '0.025', 7_325n],
    [300_325n, '0.18', 54_059n],
    [354_384n, '0.025', 8_860n],
    [293_000n, '0.10', 29_300n],
    [1n, '0.5', 1n],
    [1n, '0.4999999', 0n],
    [0n, '0.18', 0n],
    [123n, '0', 0n],
    [9_007_199_254_740_993n, '1', 9_007_199_254_740_993n],
  ])('%s × %s = %s', (amount, rate, expected) => {
    expect(applyRate(amount, rate)).toBe(expected);
  });

  it('refuses a rate that is not an exact decimal string', () => {
    expect(() => applyRate(100n, '18%')).toThrow(/exact decimal/);
    expect(() => applyRate(100n, 'NaN')).toThrow(/exact decimal/);
  });
});

describe('currency digits come from ISO 4217', () => {
  it.each([
    ['LKR', 100n, 293_000n, '2930.00'],
    ['EUR', 100n, -5n, '-0.05'],
    ['JPY', 1n, 1_500n, '1500'],
    ['KWD', 1000n, 1_251n, '1.251'],
    ['BHD', 1000n, 5n, '0.005'],
  ])('%s', (currency, perMajor, amount, text) => {
    expect(minorPerMajor(currency)).toBe(perMajor);
    expect(formatMinor(amount, currency)).toBe(text);
    expect(parseMinor(text, currency)).toBe(amount);
  });

  it('parseMinor refuses more decimals than the currency has', () => {
    expect(() => parseMinor('1.005', 'LKR')).toThrow(/more decimals/);
    expect(() => parseMinor('1.5', 'JPY')).toThrow(/more decimals/);
  });
});

describe('priceQuantity (quantity × major-unit price, rounded once)', () => {
  it.each([
    [kwhOf(13_500), '120.00', 'LKR', 162_000n],
    [kwhOf(27_500), '45.00', 'LKR', 123_750n],
    [kwhOf(12_300), '35', 'JPY', 431n],
    [kwhOf(10_004), '0.125', 'KWD', 1_251n],
    [Ratio.of(20, 3), '90.00', 'LKR', 60_000n],
    [Ratio.of(1, 3), '0.01', 'EUR', 0n],
  ])('%s × %s %s', (quantity, price, currency, expected) => {
    expect(priceQuantity(quantity, price, currency)).toBe(expected);
  });
});

describe('Ratio', () => {
  it('reduces and keeps the sign on the numerator', () => {
    expect(Ratio.of(6, -4).toString()).toBe('-3/2');
    expect(Ratio.of(0, 7).equals(Ratio.ZERO)).toBe(true);
  });

  it('reads decimals exactly', () => {
    expect(Ratio.fromDecimal('0.185').toString()).toBe('37/200');
    expect(Ratio.fromDecimal('-12.50').toString()).toBe('-25/2');
    expect(Ratio.fromDecimal(new Decimal('1e-30')).toString()).toBe(`1/${10n ** 30n}`);
  });

  it.each([
    [Ratio.of(7, 2), 3n, 4n],
    [Ratio.of(-7, 2), -4n, -3n],
    [Ratio.of(4), 4n, 4n],
  ])('floor and ceil of %s', (value, floor, ceil) => {
    expect(value.floor()).toBe(floor);
    expect(value.ceil()).toBe(ceil);
  });

  it('formats for display, half-up', () => {
    expect(Ratio.of(2, 3).toFixed(4)).toBe('0.6667');
    expect(Ratio.of(-1, 8).toFixed(2)).toBe('-0.13');
    expect(Ratio.of(27, 2).toFixed(0)).toBe('14');
  });

  it('sums money with sumMinor', () => {
    expect(sumMinor([1n, 2n, 3n])).toBe(6n);
    expect(sumMinor([])).toBe(0n);
  });
});
