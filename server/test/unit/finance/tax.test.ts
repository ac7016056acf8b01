import { describe, expect, it } from 'vitest';
import { formatMinor, parseMinor } from '../../../src/domain/finance/money.js';
import { applyTaxes, type TaxRule } from '../../../src/domain/finance/tax.js';

const SSCL: TaxRule = { name: 'SSCL', rate: '0.025', compound: false };
const VAT: TaxRule = { name: 'VAT', rate: '0.18', compound: true };
const simpleVat: TaxRule = { name: 'VAT', rate: '0.18', compound: false };

interface TaxCase {
  name: string;
  net: string;
  taxes: TaxRule[];
  currency?: string;
  lines: [string, string, string][];
  gross: string;
}

const cases: TaxCase[] = [
  {
    name: 'SSCL then compound VAT (docs/finance.md §4)',
    net: '2930.00',
    taxes: [SSCL, VAT],
    lines: [
      ['SSCL', '2930.00', '73.25'],
      ['VAT', '3003.25', '540.59'],
    ],
    gross: '3543.84',
  },
  {
    name: 'the same taxes on the invoice subtotal',
    net: '381.60',
    taxes: [SSCL, VAT],
    lines: [
      ['SSCL', '381.60', '9.54'],
      ['VAT', '391.14', '70.41'],
    ],
    gross: '461.55',
  },
  {
    name: 'a simple VAT ignores the SSCL before it',
    net: '2930.00',
    taxes: [SSCL, simpleVat],
    lines: [
      ['SSCL', '2930.00', '73.25'],
      ['VAT', '2930.00', '527.40'],
    ],
    gross: '3530.65',
  },
  {
    name: 'order matters: compound VAT first has nothing to compound on',
    net: '2930.00',
    taxes: [VAT, SSCL],
    lines: [
      ['VAT', '2930.00', '527.40'],
      ['SSCL', '2930.00', '73.25'],
    ],
    gross: '3530.65',
  },
  {
    name: 'a compound tax is computed on the rounded earlier tax (0.01 × 2.5 % = 0.00025 → 0.00)',
    net: '0.01',
    taxes: [SSCL, VAT],
    lines: [
      ['SSCL', '0.01', '0.00'],
      ['VAT', '0.01', '0.00'],
    ],
    gross: '0.01',
  },
  {
    name: 'half-up at the line: 0.02 × 2.5 % = 0.0005 → 0.00; 0.20 × 2.5 % = 0.005 → 0.01',
    net: '0.20',
    taxes: [SSCL, VAT],
    lines: [
      ['SSCL', '0.20', '0.01'],
      ['VAT', '0.21', '0.04'],
    ],
    gross: '0.25',
  },
  { name: 'no taxes', net: '10.00', taxes: [], lines: [], gross: '10.00' },
  {
    name: 'JPY, 0 digits',
    net: '1234',
    currency: 'JPY',
    taxes: [{ name: 'Consumption', rate: '0.10', compound: false }],
    lines: [['Consumption', '1234', '123']],
    gross: '1357',
  },
  {
    name: 'KWD, 3 digits, two compound taxes',
    net: '1.639',
    currency: 'KWD',
    taxes: [
      { name: 'A', rate: '0.05', compound: true },
      { name: 'B', rate: '0.05', compound: true },
    ],
    lines: [
      ['A', '1.639', '0.082'],
      ['B', '1.721', '0.086'],
    ],
    gross: '1.807',
  },
];

describe('applyTaxes', () => {
  it.each(cases)('$name', (c) => {
    const currency = c.currency ?? 'LKR';
    const taxed = applyTaxes(parseMinor(c.net, currency), c.taxes);
    const fmt = (amount: bigint) => formatMinor(amount, currency);
    expect(taxed.lines.map((line) => [line.name, fmt(line.baseMinor), fmt(line.amountMinor)])).toEqual(c.lines);
    expect(fmt(taxed.grossMinor)).toBe(c.gross);
    expect(taxed.grossMinor).toBe(taxed.netMinor + taxed.taxMinor);
  });

  it('refuses a negative rate or a negative net', () => {
    expect(() => applyTaxes(100n, [{ name: 'X', rate: '-0.1', compound: false }])).toThrow(/negative rate/);
    expect(() => applyTaxes(-1n, [SSCL])).toThrow(/not negative/);
  });
});
