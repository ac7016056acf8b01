import { describe, expect, it } from 'vitest';
import { formatMinor } from '../../../src/domain/finance/money.js';
import { priceSession } from '../../../src/domain/finance/price-session.js';
import { component, DAY_ZONE as ZONE, type DayCase, element, linesOf, onDay, priceOnDay, tariff } from './helpers.js';

const cases: DayCase[] = [
  {
    name: 'JPY has no minor digits: 12.345 kWh × 35 = 432.075 → 432',
    tariff: tariff('JPY', element([component('ENERGY', '35'), component('FLAT', '100')])),
    readings: [
      ['10:00', 0],
      ['11:00', 12_345],
    ],
    lines: [
      ['ENERGY', 0, '12.3450', '432'],
      ['FLAT', 0, '1.0000', '100'],
    ],
    net: '532',
  },
  {
    name: 'JPY rounds half up: 12.3 kWh × 35 = 430.5 → 431',
    tariff: tariff('JPY', element([component('ENERGY', '35')])),
    readings: [
      ['10:00', 0],
      ['11:00', 12_300],
    ],
    lines: [['ENERGY', 0, '12.3000', '431']],
    net: '431',
  },
  {
    name: 'KWD has 3 digits: 10.004 kWh × 0.125 = 1.2505 → 1.251',
    tariff: tariff('KWD', element([component('ENERGY', '0.125'), component('TIME', '0.750', 60)])),
    readings: [
      ['10:00', 0],
      ['10:30:30', 10_004],
    ],
    lines: [
      ['ENERGY', 0, '10.0040', '1.251'],
      ['TIME', 0, '0.5167', '0.388'],
    ],
    net: '1.639',
  },
];

describe('priceSession: currency digits from ISO 4217', () => {
  it.each(cases)('$name', (c) => {
    const priced = priceOnDay(c.tariff, c.readings, c.endedAt);
    expect(linesOf(priced)).toEqual(c.lines);
    expect(formatMinor(priced.netMinor, priced.currency)).toBe(c.net);
  });
});

describe('priceSession: campaign discounts', () => {
  const t = tariff('EUR', element([component('ENERGY', '0.50')]));
  const readings = [
    { at: onDay('10:00'), wh: 0 },
    { at: onDay('11:00'), wh: 10_000 },
  ];

  it.each([
    { discounts: [], net: '5.00', taken: '0.00' },
    { discounts: [1_00n], net: '4.00', taken: '1.00' },
    { discounts: [1_00n, 50n], net: '3.50', taken: '1.50' },
    { discounts: [4_00n, 4_00n], net: '0.00', taken: '5.00' },
  ])('discounts $discounts leave net $net', ({ discounts, net, taken }) => {
    const priced = priceSession(t, readings, {
      timeZone: ZONE,
      discounts: discounts.map((amountMinor, i) => ({ name: `campaign ${i}`, amountMinor })),
    });
    expect(formatMinor(priced.linesTotalMinor, 'EUR')).toBe('5.00');
    expect(formatMinor(priced.discountMinor, 'EUR')).toBe(taken);
    expect(formatMinor(priced.netMinor, 'EUR')).toBe(net);
  });

  it('refuses a negative discount', () => {
    expect(() => priceSession(t, readings, { timeZone: ZONE, discounts: [{ name: 'x', amountMinor: -1n }] })).toThrow(/negative/);
  });
});

describe('priceSession: refuses what it cannot price exactly', () => {
  const t = tariff('EUR', element([component('ENERGY', '0.50')]));
  const at = onDay;

  it.each([
    {
      name: 'readings out of time order',
      readings: [
        { at: at('11:00'), wh: 0 },
        { at: at('10:00'), wh: 5 },
      ],
      error: /time order/,
    },
    {
      name: 'a meter going backwards',
      readings: [
        { at: at('10:00'), wh: 50 },
        { at: at('11:00'), wh: 49 },
      ],
      error: /lower/,
    },
    {
      name: 'a fractional Wh reading',
      readings: [
        { at: at('10:00'), wh: 0 },
        { at: at('11:00'), wh: 1.5 },
      ],
      error: /whole number of Wh/,
    },
    { name: 'no readings', readings: [], error: /at least one meter reading/ },
  ])('$name', ({ readings, error }) => {
    expect(() => priceSession(t, readings, { timeZone: ZONE })).toThrow(error);
  });

  it('an end before the last reading', () => {
    const readings = [
      { at: at('10:00'), wh: 0 },
      { at: at('11:00'), wh: 10 },
    ];
    expect(() => priceSession(t, readings, { timeZone: ZONE, endedAt: at('10:30') })).toThrow(/end before/);
  });

  it('an unknown time zone', () => {
    expect(() => priceSession(t, [{ at: at('10:00'), wh: 0 }], { timeZone: 'Mars/Olympus' })).toThrow(/IANA/);
  });

  it.each([
    {
      name: 'a price that is not an exact decimal',
      tariff: tariff('EUR', element([component('ENERGY', '1e-2x')])),
      error: /exact decimal/,
    },
    { name: 'a negative price', tariff: tariff('EUR', element([component('ENERGY', '-0.10')])), error: /cannot be negative/ },
    { name: 'a fractional step size', tariff: tariff('EUR', element([component('TIME', '1.00', 1.5)])), error: /step_size/ },
    {
      name: 'a time of day "24:00"',
      tariff: tariff('EUR', element([component('ENERGY', '1')], { start_time: '24:00' })),
      error: /HH:MM/,
    },
    { name: 'an unknown currency', tariff: tariff('XYZ', element([component('ENERGY', '1')])), error: /ISO 4217/ },
    { name: 'no elements', tariff: tariff('EUR'), error: /at least one element/ },
  ])('$name', ({ tariff: bad, error }) => {
    expect(() => priceSession(bad, [{ at: at('10:00'), wh: 0 }], { timeZone: ZONE })).toThrow(error);
  });
});
