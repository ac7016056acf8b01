import { describe, expect, it } from 'vitest';
import { formatMinor } from '../../../src/domain/finance/money.js';
import { component, type DayCase, element, linesOf, priceOnDay, tariff } from './helpers.js';

const cases: DayCase[] = [
  {
    name: 'TIME rounds the line total up to step_size: 3 660 s in 300 s blocks bills 3 900 s',
    tariff: tariff('EUR', element([component('ENERGY', '0.30'), component('TIME', '6.00', 300)])),
    readings: [
      ['10:00', 0],
      ['11:01', 10_000],
    ],
    lines: [
      ['ENERGY', 0, '10.0000', '3.00'],
      ['TIME', 0, '1.0833', '6.50'],
    ],
    net: '9.50',
  },
  {
    name: 'PARKING_TIME counts plugged-in time after charging stops, rounded up: 16 min in 15 min blocks bills 30 min',
    tariff: tariff('EUR', element([component('ENERGY', '0.30'), component('PARKING_TIME', '12.00', 900)])),
    readings: [
      ['10:00', 0],
      ['11:00', 10_000],
      ['11:10', 10_000],
    ],
    endedAt: '11:16',
    lines: [
      ['ENERGY', 0, '10.0000', '3.00'],
      ['PARKING_TIME', 0, '0.5000', '6.00'],
    ],
    net: '9.00',
  },
  {
    name: 'steps apply to the line total, not per stretch: 2 × 120 s charging bills one 300 s block; the pause is free',
    tariff: tariff('EUR', element([component('TIME', '6.00', 300), component('PARKING_TIME', '60.00', 60)])),
    readings: [
      ['10:00', 0],
      ['10:02', 100],
      ['10:30', 100],
      ['10:32', 200],
    ],
    lines: [['TIME', 0, '0.0833', '0.50']],
    net: '0.50',
  },
  {
    name: 'a session that never charges is all parking',
    tariff: tariff('EUR', element([component('TIME', '6.00'), component('PARKING_TIME', '4.00', 60)])),
    readings: [
      ['10:00', 500],
      ['10:45', 500],
    ],
    lines: [['PARKING_TIME', 0, '0.7500', '3.00']],
    net: '3.00',
  },
  {
    name: 'step_size 0 prices the exact time (10.4 s at 36.00/h = 0.104)',
    tariff: tariff('EUR', element([component('TIME', '36.00', 0)])),
    readings: [
      ['10:00:00', 0],
      ['10:00:10.4', 30],
    ],
    lines: [['TIME', 0, '0.0029', '0.10']],
    net: '0.10',
  },
  {
    name: 'step_size 1 rounds 10.4 s up to 11 s',
    tariff: tariff('EUR', element([component('TIME', '36.00', 1)])),
    readings: [
      ['10:00:00', 0],
      ['10:00:10.4', 30],
    ],
    lines: [['TIME', 0, '0.0031', '0.11']],
    net: '0.11',
  },
  {
    name: 'TIME split across a window gives one line per element, each stepped and rounded on its own',
    tariff: tariff(
      'EUR',
      element([component('TIME', '2.00', 900)], { start_time: '18:00', end_time: '19:00' }),
      element([component('TIME', '1.00', 900)]),
    ),
    readings: [
      ['18:30', 0],
      ['19:10', 8_000],
    ],
    lines: [
      ['TIME', 0, '0.5000', '1.00'],
      ['TIME', 1, '0.2500', '0.25'],
    ],
    net: '1.25',
  },
];

describe('priceSession: TIME and PARKING_TIME, stepped over the line total', () => {
  it.each(cases)('$name', (c) => {
    const priced = priceOnDay(c.tariff, c.readings, c.endedAt);
    expect(linesOf(priced)).toEqual(c.lines);
    expect(formatMinor(priced.netMinor, priced.currency)).toBe(c.net);
  });
});
