import { describe, expect, it } from 'vitest';
import { formatMinor } from '../../../src/domain/finance/money.js';
import { component, type DayCase, element, linesOf, priceOnDay, tariff } from './helpers.js';

const cases: DayCase[] = [
  {
    name: 'max_kwh is exclusive: the first 10 kWh at 0.30, the rest at 0.50',
    tariff: tariff('EUR', element([component('ENERGY', '0.30')], { max_kwh: '10' }), element([component('ENERGY', '0.50')])),
    readings: [
      ['10:00', 0],
      ['11:00', 15_000],
    ],
    lines: [
      ['ENERGY', 0, '10.0000', '3.00'],
      ['ENERGY', 1, '5.0000', '2.50'],
    ],
    net: '5.50',
  },
  {
    name: 'min_kwh counts energy from the first reading, not the meter register',
    tariff: tariff('EUR', element([component('ENERGY', '0.10')], { min_kwh: '20' }), element([component('ENERGY', '0.50')])),
    readings: [
      ['10:00', 1_000_000],
      ['11:00', 1_010_000],
      ['12:00', 1_030_000],
    ],
    lines: [
      ['ENERGY', 1, '20.0000', '10.00'],
      ['ENERGY', 0, '10.0000', '1.00'],
    ],
    net: '11.00',
  },
  {
    name: 'a kWh threshold crossed at an irrational-looking instant (1 kWh of 7 in an hour: 3 600/7 s) stays exact',
    tariff: tariff('EUR', element([component('TIME', '3.60', 1)], { max_kwh: '1' }), element([component('TIME', '0.36', 1)])),
    readings: [
      ['10:00', 0],
      ['11:00', 7_000],
    ],
    lines: [
      ['TIME', 0, '0.1431', '0.52'],
      ['TIME', 1, '0.8572', '0.31'],
    ],
    net: '0.83',
  },
  {
    name: 'FLAT with min_kwh is not charged below the threshold',
    tariff: tariff('EUR', element([component('FLAT', '1.00')], { min_kwh: '0.5' }), element([component('ENERGY', '0.50')])),
    readings: [
      ['10:00', 0],
      ['10:10', 400],
    ],
    lines: [['ENERGY', 1, '0.4000', '0.20']],
    net: '0.20',
  },
  {
    name: 'FLAT with min_kwh is charged once the session reaches it, and only once',
    tariff: tariff(
      'EUR',
      element([component('FLAT', '1.00')], { min_kwh: '0.5' }),
      element([component('ENERGY', '0.50'), component('FLAT', '2.00')]),
    ),
    readings: [
      ['10:00', 0],
      ['10:10', 600],
    ],
    lines: [
      ['ENERGY', 1, '0.6000', '0.30'],
      ['FLAT', 1, '1.0000', '2.00'],
    ],
    net: '2.30',
  },
  {
    name: 'max_duration: the first 30 minutes of charging are free',
    tariff: tariff('EUR', element([component('TIME', '0')], { max_duration: 1800 }), element([component('TIME', '2.00')])),
    readings: [
      ['10:00', 0],
      ['11:30', 9_000],
    ],
    lines: [
      ['TIME', 0, '0.5000', '0.00'],
      ['TIME', 1, '1.0000', '2.00'],
    ],
    net: '2.00',
  },
  {
    name: 'min_duration: parking is charged only after the session has lasted 2 hours',
    tariff: tariff(
      'EUR',
      element([component('PARKING_TIME', '6.00')], { min_duration: 7200 }),
      element([component('ENERGY', '0.40')]),
    ),
    readings: [
      ['10:00', 0],
      ['11:30', 9_000],
    ],
    endedAt: '13:00',
    lines: [
      ['ENERGY', 1, '9.0000', '3.60'],
      ['PARKING_TIME', 0, '1.0000', '6.00'],
    ],
    net: '9.60',
  },
  {
    name: 'min_power (inclusive): 11 kW at 0.40, then 60 kW at the fast-charging 0.60',
    tariff: tariff('EUR', element([component('ENERGY', '0.60')], { min_power: '50' }), element([component('ENERGY', '0.40')])),
    readings: [
      ['10:00', 0],
      ['11:00', 11_000],
      ['11:30', 41_000],
    ],
    lines: [
      ['ENERGY', 1, '11.0000', '4.40'],
      ['ENERGY', 0, '30.0000', '18.00'],
    ],
    net: '22.40',
  },
  {
    name: 'min_power is inclusive at exactly 50 kW',
    tariff: tariff('EUR', element([component('ENERGY', '0.60')], { min_power: '50' }), element([component('ENERGY', '0.40')])),
    readings: [
      ['10:00', 0],
      ['11:00', 50_000],
    ],
    lines: [['ENERGY', 0, '50.0000', '30.00']],
    net: '30.00',
  },
  {
    name: 'max_power is exclusive at exactly 50 kW',
    tariff: tariff('EUR', element([component('ENERGY', '0.10')], { max_power: '50' }), element([component('ENERGY', '0.40')])),
    readings: [
      ['10:00', 0],
      ['11:00', 50_000],
    ],
    lines: [['ENERGY', 1, '50.0000', '20.00']],
    net: '20.00',
  },
  {
    name: 'each component type falls through separately: a restricted ENERGY element does not hide the TIME after it',
    tariff: tariff(
      'EUR',
      element([component('ENERGY', '0.25')], { start_time: '10:00', end_time: '11:00' }),
      element([component('ENERGY', '0.20'), component('TIME', '1.00')]),
    ),
    readings: [
      ['10:30', 0],
      ['11:30', 10_000],
    ],
    lines: [
      ['ENERGY', 0, '5.0000', '1.25'],
      ['ENERGY', 1, '5.0000', '1.00'],
      ['TIME', 1, '1.0000', '1.00'],
    ],
    net: '3.25',
  },
  {
    name: 'energy no element prices is free (no line)',
    tariff: tariff('EUR', element([component('ENERGY', '0.25')], { start_time: '10:00', end_time: '11:00' })),
    readings: [
      ['10:30', 0],
      ['11:30', 10_000],
    ],
    lines: [['ENERGY', 0, '5.0000', '1.25']],
    net: '1.25',
  },
  {
    name: 'a session that ends where it starts still pays its FLAT',
    tariff: tariff('EUR', element([component('ENERGY', '0.25'), component('FLAT', '0.99')])),
    readings: [['10:30', 0]],
    lines: [['FLAT', 0, '1.0000', '0.99']],
    net: '0.99',
  },
];

describe('priceSession: restrictions, per component type', () => {
  it.each(cases)('$name', (c) => {
    const priced = priceOnDay(c.tariff, c.readings, c.endedAt);
    expect(linesOf(priced)).toEqual(c.lines);
    expect(formatMinor(priced.netMinor, priced.currency)).toBe(c.net);
  });

  it('keeps the measured seconds exact before stepping (3 600/7 s)', () => {
    const t = tariff('EUR', element([component('TIME', '3.60', 1)], { max_kwh: '1' }), element([component('TIME', '0.36', 1)]));
    const priced = priceOnDay(t, [
      ['10:00', 0],
      ['11:00', 7_000],
    ]);
    expect(priced.lines.map((line) => line.measuredSeconds?.toString())).toEqual(['3600/7', '21600/7']);
  });
});
