import { describe, expect, it } from 'vitest';
import { Ratio } from '../../../../server/src/domain/finance/ratio';
import { compileRestrictions, restrictionsMatch } from '../../../../server/src/domain/finance/tariff-restrictions';
import type { TariffElement } from '../../api/tariffs';
import { AA_TEXT, contrastRatio } from '../../theme/contrast';
import { DAYS } from './tariff-form-values';
import {
  GRID_SHADES,
  GRID_TEXT,
  type GridRow,
  compareDecimal,
  gridLegend,
  hasNonClockRestrictions,
  partKey,
  shadeOf,
  tariffSummary,
  weekGrid,
} from './tariff-summary';

// Intl puts a no-break space between code and amount; compare in plain spaces.
const plain = (s: string) => s.replace(/\u00a0/g, ' ');
const summary = (elements: TariffElement[], currency: string) => tariffSummary(elements, currency, 'en-US').map(plain);
const at = (grid: GridRow[], day: number, hour: number) => grid[day]!.cells[hour]!;

// The demo tariffs (server/src/seed/demo-tariffs.ts).
const LKR_STANDARD: TariffElement[] = [
  {
    price_components: [{ type: 'ENERGY', price: '120.00', step_size: 0 }],
    restrictions: { start_time: '18:30', end_time: '22:30' },
  },
  {
    price_components: [
      { type: 'ENERGY', price: '90.00', step_size: 0 },
      { type: 'FLAT', price: '50.00', step_size: 0 },
    ],
  },
];
const EUR_STANDARD: TariffElement[] = [
  {
    price_components: [
      { type: 'ENERGY', price: '0.49', step_size: 0 },
      { type: 'PARKING_TIME', price: '6.00', step_size: 60 },
    ],
  },
];
const WEEKDAY_PEAK: TariffElement[] = [
  {
    price_components: [
      { type: 'ENERGY', price: '120.00', step_size: 0 },
      { type: 'TIME', price: '60.00', step_size: 900 },
    ],
    restrictions: {
      start_time: '18:00',
      end_time: '22:00',
      day_of_week: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
    },
  },
  { price_components: [{ type: 'ENERGY', price: '90.00', step_size: 0 }] },
];

describe('tariffSummary: the tariff in words', () => {
  it('the LKR demo tariff: evening peak, off-peak otherwise, a session fee', () => {
    expect(summary(LKR_STANDARD, 'LKR')).toEqual([
      'Energy LKR 120.00/kWh daily 18:30–22:30',
      'Energy LKR 90.00/kWh at other times',
      'Session fee LKR 50.00',
    ]);
  });

  it('the EUR demo tariff: energy and a blocking fee per started minute', () => {
    expect(summary(EUR_STANDARD, 'EUR')).toEqual(['Energy €0.49/kWh', 'Parking €6.00/h, billed per minute, rounded up']);
  });

  it('weekday peak with a charging-time price, and no time price off-peak', () => {
    expect(summary(WEEKDAY_PEAK, 'LKR')).toEqual([
      'Energy LKR 120.00/kWh on weekdays 18:00–22:00',
      'Energy LKR 90.00/kWh at other times',
      'Charging time LKR 60.00/h on weekdays 18:00–22:00, billed per 15 minutes, rounded up',
      'No charging time price at other times',
    ]);
  });

  it('an overnight window on given days is split, as the server reads the weekday of each moment', () => {
    const elements: TariffElement[] = [
      {
        price_components: [{ type: 'ENERGY', price: '70', step_size: 0 }],
        restrictions: { start_time: '22:00', end_time: '06:00', day_of_week: ['FRIDAY'] },
      },
      {
        price_components: [{ type: 'ENERGY', price: '90', step_size: 0 }],
        restrictions: { start_time: '22:00', end_time: '06:00' },
      },
      {
        price_components: [{ type: 'ENERGY', price: '100', step_size: 0 }],
        restrictions: { day_of_week: ['SATURDAY', 'SUNDAY'] },
      },
      { price_components: [{ type: 'ENERGY', price: '110', step_size: 0 }] },
    ];
    expect(summary(elements, 'LKR')).toEqual([
      'Energy LKR 70.00/kWh on Friday 00:00–06:00 and 22:00–24:00',
      'Energy LKR 90.00/kWh daily 22:00–06:00',
      'Energy LKR 100.00/kWh at weekends',
      'Energy LKR 110.00/kWh at other times',
    ]);
  });

  it('kWh, duration and power restrictions; an element hidden behind an unrestricted one; a fee by start time', () => {
    const elements: TariffElement[] = [
      { price_components: [{ type: 'ENERGY', price: '100', step_size: 0 }], restrictions: { max_kwh: '20' } },
      {
        price_components: [{ type: 'ENERGY', price: '80', step_size: 0 }],
        restrictions: { min_power: '50', min_duration: 1800, day_of_week: ['MONDAY', 'TUESDAY', 'WEDNESDAY'] },
      },
      {
        price_components: [
          { type: 'ENERGY', price: '90', step_size: 0 },
          { type: 'FLAT', price: '25', step_size: 0 },
        ],
      },
      { price_components: [{ type: 'ENERGY', price: '70', step_size: 0 }] },
    ];
    expect(summary(elements, 'LKR')).toEqual([
      'Energy LKR 100.00/kWh until 20 kWh are delivered',
      'Energy LKR 80.00/kWh Monday–Wednesday, after the first 30 min, at 50 kW or more',
      'Energy LKR 90.00/kWh otherwise',
      'Energy LKR 70.00/kWh in element 4 never applies: element 3 applies at all times',
      'Session fee LKR 25.00',
    ]);
    expect(hasNonClockRestrictions(elements)).toBe(true);
    expect(hasNonClockRestrictions(LKR_STANDARD)).toBe(false);

    const fees: TariffElement[] = [
      { price_components: [{ type: 'FLAT', price: '0', step_size: 0 }], restrictions: { day_of_week: ['SUNDAY'] } },
      { price_components: [{ type: 'FLAT', price: '50', step_size: 0 }] },
    ];
    expect(summary(fees, 'LKR')).toEqual([
      'Session fee LKR 0.00 for sessions starting on Sunday',
      'Session fee LKR 50.00 for sessions starting at other times',
    ]);
  });

  it('keeps prices exact and shows what was typed while a price or currency is incomplete', () => {
    const elements: TariffElement[] = [{ price_components: [{ type: 'ENERGY', price: '0.123456', step_size: 0 }] }];
    expect(summary(elements, 'EUR')).toEqual(['Energy €0.123456/kWh']);
    expect(summary(elements, 'EU')).toEqual(['Energy EU 0.123456/kWh']);
    expect(summary([{ price_components: [{ type: 'ENERGY', price: '', step_size: 0 }] }], 'LKR')).toEqual(['Energy LKR …/kWh']);
    expect(compareDecimal('120.00', '120')).toBe(0);
    expect(compareDecimal('90.5', '120')).toBeLessThan(0);
    expect(compareDecimal('0.30000000000000004', '0.3')).toBeGreaterThan(0);
  });
});

describe('weekGrid: the price each hour of the week', () => {
  it('the LKR demo tariff: Monday 19:00 is peak, 03:00 off-peak, 18:00 changes at 18:30', () => {
    const grid = weekGrid(LKR_STANDARD);
    expect(grid.map((row) => row.day)).toEqual(DAYS);
    expect(at(grid, 0, 19).parts).toEqual([{ fromMinute: 19 * 60, energy: { elementIndex: 0, price: '120.00' }, time: null }]);
    expect(at(grid, 0, 3).parts).toEqual([{ fromMinute: 3 * 60, energy: { elementIndex: 1, price: '90.00' }, time: null }]);
    expect(at(grid, 0, 18).parts.map((p) => [p.fromMinute, p.energy?.price])).toEqual([
      [18 * 60, '90.00'],
      [18 * 60 + 30, '120.00'],
    ]);
    expect(at(grid, 6, 22).parts.map((p) => [p.fromMinute, p.energy?.price])).toEqual([
      [22 * 60, '120.00'],
      [22 * 60 + 30, '90.00'],
    ]);
    expect(gridLegend(grid).map((e) => e.energy)).toEqual(['90.00', '120.00']);
  });

  it('weekday peak with charging time: Friday 20:00 has both, Saturday 20:00 off-peak energy only', () => {
    const grid = weekGrid(WEEKDAY_PEAK);
    expect(at(grid, 4, 20).parts[0]).toMatchObject({ energy: { price: '120.00' }, time: { price: '60.00' } });
    expect(at(grid, 5, 20).parts[0]).toMatchObject({ energy: { price: '90.00' }, time: null });
    expect(at(grid, 4, 22).parts[0]).toMatchObject({ energy: { price: '90.00' }, time: null });
    const legend = gridLegend(grid);
    expect(legend.map((e) => [e.energy, e.time])).toEqual([
      ['90.00', null],
      ['120.00', '60.00'],
    ]);
    expect(shadeOf(legend, partKey(at(grid, 0, 3).parts[0]!))).toBe(GRID_SHADES[0]);
    expect(shadeOf(legend, partKey(at(grid, 0, 19).parts[0]!))).toBe(GRID_SHADES.at(-1));
  });

  it('agrees minute by minute with the server’s restriction rule (time of day and weekday)', () => {
    const elements: TariffElement[] = [
      {
        price_components: [{ type: 'ENERGY', price: '1', step_size: 0 }],
        restrictions: { start_time: '22:00', end_time: '06:00', day_of_week: ['FRIDAY'] },
      },
      {
        price_components: [{ type: 'ENERGY', price: '2', step_size: 0 }],
        restrictions: { start_time: '07:15', end_time: '00:00' },
      },
      {
        price_components: [{ type: 'ENERGY', price: '3', step_size: 0 }],
        restrictions: { start_time: '05:00', end_time: '05:00' },
      },
    ];
    const compiled = elements.map((e) => compileRestrictions(e.restrictions));
    const grid = weekGrid(elements);
    for (let day = 0; day < 7; day++) {
      for (let minute = 0; minute < 1440; minute++) {
        const moment = {
          minuteOfDay: minute,
          isoWeekday: day + 1,
          elapsedMs: Ratio.ZERO,
          energyWh: Ratio.ZERO,
          powerKw: Ratio.ZERO,
        };
        const server = compiled.findIndex((c) => restrictionsMatch(c, moment));
        const cell = at(grid, day, Math.floor(minute / 60));
        const part = cell.parts.filter((p) => p.fromMinute <= minute).at(-1)!;
        expect(part.energy?.elementIndex, `${DAYS[day]} minute ${minute}`).toBe(server);
      }
    }
  });

  it('every shade keeps the cell text at WCAG AA contrast', () => {
    for (const shade of GRID_SHADES) expect(contrastRatio(GRID_TEXT, shade)).toBeGreaterThanOrEqual(AA_TEXT);
    expect(new Set(GRID_SHADES).size).toBe(GRID_SHADES.length);
  });
});
