import { describe, expect, it } from 'vitest';
import { formatMinor } from '../../../src/domain/finance/money.js';
import { priceSession } from '../../../src/domain/finance/price-session.js';
import type { Tariff } from '../../../src/domain/finance/tariff.js';
import { component, element, type LineView, linesOf, readingsIn, tariff, WORKED_EXAMPLE_TARIFF } from './helpers.js';

const BERLIN = 'Europe/Berlin';
const COLOMBO = 'Asia/Colombo';

/** Night 22:00–06:00 at 0.20 EUR/kWh, otherwise 0.40 EUR/kWh plus 1.00 EUR per charging hour. */
const NIGHT_TARIFF = tariff(
  'EUR',
  element([component('ENERGY', '0.20')], { start_time: '22:00', end_time: '06:00' }),
  element([component('ENERGY', '0.40'), component('TIME', '1.00')]),
);

interface WindowCase {
  name: string;
  tariff: Tariff;
  zone: string;
  readings: [string, number][];
  lines: LineView[];
  net: string;
}

const cases: WindowCase[] = [
  {
    name: 'an interval crossing 18:30 splits pro rata by time (6 + 6 kWh)',
    tariff: WORKED_EXAMPLE_TARIFF,
    zone: COLOMBO,
    readings: [
      ['2026-03-10T18:00', 0],
      ['2026-03-10T19:00', 12_000],
    ],
    lines: [
      ['ENERGY', 1, '6.0000', '540.00'],
      ['ENERGY', 0, '6.0000', '720.00'],
      ['FLAT', 1, '1.0000', '50.00'],
    ],
    net: '1310.00',
  },
  {
    name: 'a split into thirds keeps the fractions of a Wh exact (6 666.67 + 3 333.33 Wh price to whole rupees)',
    tariff: WORKED_EXAMPLE_TARIFF,
    zone: COLOMBO,
    readings: [
      ['2026-03-10T18:10', 0],
      ['2026-03-10T18:40', 10_000],
    ],
    lines: [
      ['ENERGY', 1, '6.6667', '600.00'],
      ['ENERGY', 0, '3.3333', '400.00'],
      ['FLAT', 1, '1.0000', '50.00'],
    ],
    net: '1050.00',
  },
  {
    name: 'one interval spanning the whole peak window: both off-peak stretches form one line',
    tariff: WORKED_EXAMPLE_TARIFF,
    zone: COLOMBO,
    readings: [
      ['2026-03-10T18:00', 0],
      ['2026-03-10T23:00', 50_000],
    ],
    lines: [
      ['ENERGY', 1, '10.0000', '900.00'],
      ['ENERGY', 0, '40.0000', '4800.00'],
      ['FLAT', 1, '1.0000', '50.00'],
    ],
    net: '5750.00',
  },
  {
    name: 'the window is read on the site clock: 13:00–14:00 UTC is 18:30–19:30 in Colombo, all peak',
    tariff: WORKED_EXAMPLE_TARIFF,
    zone: COLOMBO,
    readings: [
      ['2026-03-10T18:30', 0],
      ['2026-03-10T19:30', 10_000],
    ],
    lines: [
      ['ENERGY', 0, '10.0000', '1200.00'],
      ['FLAT', 1, '1.0000', '50.00'],
    ],
    net: '1250.00',
  },
  {
    name: 'a window wrapping midnight (22:00–06:00) on an ordinary night',
    tariff: NIGHT_TARIFF,
    zone: BERLIN,
    readings: [
      ['2026-05-05T21:00', 0],
      ['2026-05-06T07:00', 10_000],
    ],
    lines: [
      ['ENERGY', 1, '2.0000', '0.80'],
      ['ENERGY', 0, '8.0000', '1.60'],
      ['TIME', 1, '10.0000', '10.00'],
    ],
    net: '12.40',
  },
  {
    name: 'DST starts (Berlin 2026-03-29): the night 22:00–06:00 lasts 7 real hours, the session 9',
    tariff: NIGHT_TARIFF,
    zone: BERLIN,
    readings: [
      ['2026-03-28T21:00', 0],
      ['2026-03-29T07:00', 9_000],
    ],
    lines: [
      ['ENERGY', 1, '2.0000', '0.80'],
      ['ENERGY', 0, '7.0000', '1.40'],
      ['TIME', 1, '9.0000', '9.00'],
    ],
    net: '11.20',
  },
  {
    name: 'DST ends (Berlin 2026-10-25): the night lasts 9 real hours, the session 11',
    tariff: NIGHT_TARIFF,
    zone: BERLIN,
    readings: [
      ['2026-10-24T21:00', 0],
      ['2026-10-25T07:00', 11_000],
    ],
    lines: [
      ['ENERGY', 1, '2.0000', '0.80'],
      ['ENERGY', 0, '9.0000', '1.80'],
      ['TIME', 1, '11.0000', '11.00'],
    ],
    net: '13.60',
  },
  {
    name: 'a window opening at 02:30 on the spring-forward day opens when the clock jumps to 03:00',
    tariff: tariff(
      'EUR',
      element([component('ENERGY', '1.00')], { start_time: '02:30', end_time: '04:00' }),
      element([component('ENERGY', '0.50')]),
    ),
    zone: BERLIN,
    readings: [
      ['2026-03-29T01:00', 0],
      ['2026-03-29T05:00', 30_000],
    ],
    lines: [
      ['ENERGY', 1, '20.0000', '10.00'],
      ['ENERGY', 0, '10.0000', '10.00'],
    ],
    net: '20.00',
  },
  {
    name: 'a 02:30–03:00 window happens twice on the fall-back day',
    tariff: tariff(
      'EUR',
      element([component('ENERGY', '1.00')], { start_time: '02:30', end_time: '03:00' }),
      element([component('ENERGY', '0.10')]),
    ),
    zone: BERLIN,
    // 02:00 CEST (00:00 UTC) to 04:00 CET (03:00 UTC): three real hours.
    readings: [
      ['2026-10-25T00:00Z', 0],
      ['2026-10-25T03:00Z', 30_000],
    ],
    lines: [
      ['ENERGY', 1, '20.0000', '2.00'],
      ['ENERGY', 0, '10.0000', '10.00'],
    ],
    net: '12.00',
  },
  {
    name: 'day_of_week: the weekend price starts at Saturday 00:00 local',
    tariff: tariff(
      'EUR',
      element([component('ENERGY', '0.30')], { day_of_week: ['SATURDAY', 'SUNDAY'] }),
      element([component('ENERGY', '0.50')]),
    ),
    zone: BERLIN,
    readings: [
      ['2026-03-13T23:00', 0],
      ['2026-03-14T01:00', 20_000],
    ],
    lines: [
      ['ENERGY', 1, '10.0000', '5.00'],
      ['ENERGY', 0, '10.0000', '3.00'],
    ],
    net: '8.00',
  },
  {
    name: 'day_of_week with a wrapping window: FRIDAY 22:00–06:00 stops at Saturday 00:00',
    tariff: tariff(
      'EUR',
      element([component('ENERGY', '0.20')], { day_of_week: ['FRIDAY'], start_time: '22:00', end_time: '06:00' }),
      element([component('ENERGY', '0.40')]),
    ),
    zone: BERLIN,
    readings: [
      ['2026-03-13T21:00', 0],
      ['2026-03-14T03:00', 6_000],
    ],
    lines: [
      ['ENERGY', 1, '4.0000', '1.60'],
      ['ENERGY', 0, '2.0000', '0.40'],
    ],
    net: '2.00',
  },
  {
    name: 'day_of_week on a day the session never touches prices nothing from that element',
    tariff: tariff(
      'EUR',
      element([component('ENERGY', '9.99')], { day_of_week: ['MONDAY'] }),
      element([component('ENERGY', '0.50')]),
    ),
    zone: BERLIN,
    readings: [
      ['2026-03-13T10:00', 0],
      ['2026-03-13T11:00', 7_000],
    ],
    lines: [['ENERGY', 1, '7.0000', '3.50']],
    net: '3.50',
  },
];

describe('priceSession: tariff windows in the site time zone', () => {
  it.each(cases)('$name', (c) => {
    const priced = priceSession(c.tariff, readingsIn(c.zone, c.readings), { timeZone: c.zone });
    expect(linesOf(priced)).toEqual(c.lines);
    expect(formatMinor(priced.netMinor, priced.currency)).toBe(c.net);
  });

  it('the same instants priced in another zone fall outside the window', () => {
    const readings = readingsIn('UTC', [
      ['2026-03-10T13:00', 0],
      ['2026-03-10T14:00', 10_000],
    ]);
    const inColombo = priceSession(WORKED_EXAMPLE_TARIFF, readings, { timeZone: COLOMBO });
    const inUtc = priceSession(WORKED_EXAMPLE_TARIFF, readings, { timeZone: 'UTC' });
    expect(formatMinor(inColombo.netMinor, 'LKR')).toBe('1250.00');
    expect(formatMinor(inUtc.netMinor, 'LKR')).toBe('950.00');
  });

  it('keeps the exact share of energy in each window (20/3 and 10/3 kWh)', () => {
    const priced = priceSession(
      WORKED_EXAMPLE_TARIFF,
      readingsIn(COLOMBO, [
        ['2026-03-10T18:10', 0],
        ['2026-03-10T18:40', 10_000],
      ]),
      { timeZone: COLOMBO },
    );
    expect(priced.lines.map((line) => line.quantity.toString())).toEqual(['20/3', '10/3', '1']);
  });
});
