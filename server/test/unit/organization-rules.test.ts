import { describe, expect, it } from 'vitest';
import { isKnownCurrency, isKnownTimeZone, minorDigits } from '../../src/domain/currency.js';
import { plainDecimal } from '../../src/domain/decimal.js';
import { assertBillingDay, assertContractShape, assertTaxes, dateRangesOverlap } from '../../src/domain/organization-rules.js';

const codeOf = (run: () => void) => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('currencies and time zones', () => {
  it.each([
    ['LKR', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['TND', 3],
  ])('%s has %i minor digits (ISO 4217)', (code, digits) => {
    expect(isKnownCurrency(code)).toBe(true);
    expect(minorDigits(code)).toBe(digits);
  });

  it('refuses made-up codes and zones', () => {
    expect(isKnownCurrency('XYZ')).toBe(false);
    expect(isKnownCurrency('eur')).toBe(false);
    expect(isKnownTimeZone('Asia/Colombo')).toBe(true);
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('tax lists', () => {
  it('accepts the Sri Lankan default and rates from 0 to 100 %', () => {
    expect(
      codeOf(() =>
        assertTaxes([
          { name: 'SSCL', rate: '0.025', compound: false },
          { name: 'VAT', rate: '0.18', compound: true },
        ]),
      ),
    ).toBeNull();
    expect(
      codeOf(() =>
        assertTaxes([
          { name: 'Zero', rate: '0', compound: false },
          { name: 'All', rate: '1', compound: false },
        ]),
      ),
    ).toBeNull();
  });

  it.each([['1.0001'], ['-0.01'], ['2']])('refuses rate %s', (rate) => {
    expect(codeOf(() => assertTaxes([{ name: 'VAT', rate, compound: false }]))).toBe('TAX_RATE_INVALID');
  });

  it('refuses the same tax twice', () => {
    expect(
      codeOf(() =>
        assertTaxes([
          { name: 'VAT', rate: '0.1', compound: false },
          { name: ' vat ', rate: '0.2', compound: true },
        ]),
      ),
    ).toBe('TAX_RATE_INVALID');
  });
});

describe('billing days', () => {
  it.each([
    ['weekly', 1, null],
    ['weekly', 7, null],
    ['weekly', 8, 'BILLING_DAY_INVALID'],
    ['monthly', 28, null],
    ['monthly', 29, 'BILLING_DAY_INVALID'],
    ['quarterly', 0, 'BILLING_DAY_INVALID'],
  ] as const)('%s day %i', (cycle, day, expected) => {
    expect(codeOf(() => assertBillingDay(cycle, day))).toBe(expected);
  });
});

describe('commission contracts', () => {
  it.each([
    [{ kind: 'percent_of_net', percent: '0.10', effectiveFrom: '2026-01-01' }, null],
    [{ kind: 'percent_of_net', effectiveFrom: '2026-01-01' }, 'CONTRACT_INVALID'],
    [{ kind: 'per_kwh', perKwh: '5', effectiveFrom: '2026-01-01' }, null],
    [{ kind: 'per_kwh', perKwh: '-5', effectiveFrom: '2026-01-01' }, 'CONTRACT_INVALID'],
    [
      {
        kind: 'kwh_tiers',
        tiers: [
          { fromKwh: '0', percent: '0.1' },
          { fromKwh: '500', percent: '0.08' },
        ],
        effectiveFrom: '2026-01-01',
      },
      null,
    ],
    [{ kind: 'kwh_tiers', tiers: [{ fromKwh: '100', percent: '0.1' }], effectiveFrom: '2026-01-01' }, 'CONTRACT_INVALID'],
    [
      {
        kind: 'kwh_tiers',
        tiers: [
          { fromKwh: '0', percent: '0.1' },
          { fromKwh: '0', percent: '0.08' },
        ],
        effectiveFrom: '2026-01-01',
      },
      'CONTRACT_INVALID',
    ],
    [{ kind: 'percent_of_net', percent: '0.1', effectiveFrom: '2026-05-01', effectiveTo: '2026-04-30' }, 'CONTRACT_INVALID'],
  ] as const)('%j → %s', (contract, expected) => {
    expect(codeOf(() => assertContractShape(contract as Parameters<typeof assertContractShape>[0]))).toBe(expected);
  });

  it.each([
    [{ effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31' }, { effectiveFrom: '2027-01-01', effectiveTo: null }, false],
    [{ effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31' }, { effectiveFrom: '2026-12-31', effectiveTo: null }, true],
    [{ effectiveFrom: '2026-01-01', effectiveTo: null }, { effectiveFrom: '2020-01-01', effectiveTo: '2025-12-31' }, false],
    [{ effectiveFrom: '2026-01-01', effectiveTo: null }, { effectiveFrom: '2030-01-01', effectiveTo: null }, true],
  ])('%j and %j overlap: %s', (a, b, expected) => {
    expect(dateRangesOverlap(a, b)).toBe(expected);
    expect(dateRangesOverlap(b, a)).toBe(expected);
  });
});

describe('decimal text', () => {
  it.each([
    ['45.000000', '45'],
    ['0.025000', '0.025'],
    ['120.50', '120.5'],
    ['0', '0'],
  ])('%s → %s', (input, output) => expect(plainDecimal(input)).toBe(output));
});
