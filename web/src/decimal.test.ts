import { describe, expect, it } from 'vitest';
import { compareDecimal, fractionToPercent, percentError, percentToFraction } from './decimal';
import { majorToMinor, minorToMajor } from './format';

describe('percent ↔ fraction, exact string math', () => {
  it.each([
    ['18', '0.18'],
    ['2.5', '0.025'],
    ['100', '1'],
    ['0', '0'],
    ['0.0001', '0.000001'],
    ['12.345', '0.12345'],
    ['007', '0.07'],
    [' 19 ', '0.19'],
  ])('%s %% → %s', (percent, fraction) => {
    expect(percentToFraction(percent)).toBe(fraction);
    expect(fractionToPercent(fraction)).toBe(percent.trim().replace(/^0+(?=\d)/, ''));
  });

  it('refuses what is not a plain number', () => {
    expect(percentToFraction('abc')).toBeNull();
    expect(percentToFraction('-1')).toBeNull();
    expect(percentToFraction('1e2')).toBeNull();
  });

  it('validates percent entries against the API rate format', () => {
    expect(percentError('100.5')).toMatch(/exceed 100/);
    expect(percentError('1.23456')).toMatch(/4 decimal/);
    expect(percentError('')).toMatch(/Enter/);
    expect(percentError('12.5')).toBeNull();
  });

  it('compares decimals without floats', () => {
    expect(compareDecimal('100', '99.9999')).toBe(1);
    expect(compareDecimal('0.10', '0.1')).toBe(0);
    expect(compareDecimal('2.5', '18')).toBe(-1);
  });
});

describe('money in minor units', () => {
  it.each([
    [1250, 'LKR', '12.50'],
    [5, 'KWD', '0.005'],
    [1500, 'JPY', '1500'],
    [-5, 'EUR', '-0.05'],
    [0, 'EUR', '0.00'],
  ])('%i %s → %s', (minor, currency, major) => {
    expect(minorToMajor(minor, currency)).toBe(major);
  });

  it.each([
    ['12.5', 'LKR', 1250],
    ['0.005', 'KWD', 5],
    ['1500', 'JPY', 1500],
    ['12.345', 'EUR', null],
    ['1.5', 'JPY', null],
    ['-1', 'EUR', null],
  ])('%s %s → %s', (major, currency, minor) => {
    expect(majorToMinor(major, currency)).toBe(minor);
  });
});
