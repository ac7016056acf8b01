import { describe, expect, it } from 'vitest';
import { type ReportDefinition, planReport } from '../../../src/domain/reports/plan.js';
import { AppError } from '../../../src/errors.js';

/** 2026-03-01 00:30 in Colombo (UTC+05:30) is still 28 February in UTC. */
const NOW = new Date('2026-02-28T19:00:00Z');
const ZONE = 'Asia/Colombo';
const week = { relative: 'last7Days' } as const;

const plan = (definition: Partial<ReportDefinition>) =>
  planReport({ dimensions: [], metrics: ['sessions'], period: week, ...definition }, NOW, ZONE);

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : 'NOT_AN_APP_ERROR';
  }
}

describe('the period, in the organization time zone', () => {
  it.each([
    ['last7Days', '2026-02-23', '2026-03-01'],
    ['last30Days', '2026-01-31', '2026-03-01'],
    ['lastMonth', '2026-02-01', '2026-02-28'],
    ['thisMonth', '2026-03-01', '2026-03-01'],
    ['thisYear', '2026-01-01', '2026-03-01'],
  ] as const)('%s is %s … %s on 1 March local', (relative, from, to) => {
    expect(plan({ period: { relative } }).period).toEqual({ from, to, timeZone: ZONE, relative });
  });

  it('reads "today" in the zone given: in UTC it is still February', () => {
    const utc = planReport({ dimensions: [], metrics: ['sessions'], period: { relative: 'thisMonth' } }, NOW, 'UTC');
    expect(utc.period).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
  });

  it.each([
    [{ from: '2026-01-01', to: '2026-01-01' }, null],
    [{ from: '2021-01-01', to: '2025-12-31' }, null],
    [{ from: '2021-01-01', to: '2026-01-01' }, 'REPORT_PERIOD_TOO_LONG'],
    [{ from: '2026-02-01', to: '2026-01-31' }, 'DATE_RANGE_INVALID'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'DATE_RANGE_INVALID'],
  ])('fixed %o → %s', (period, code) => {
    expect(codeOf(() => plan({ period }))).toBe(code);
  });
});

describe('dimensions, metrics and sort', () => {
  it.each<[Partial<ReportDefinition>, string | null]>([
    [{ dimensions: ['site', 'month'], metrics: ['sessions', 'gross'] }, null],
    [{ dimensions: ['charger', 'weekday', 'hourOfDay'] }, null],
    [{ dimensions: ['day', 'hourOfDay'] }, null],
    [{ dimensions: ['planet'] }, 'REPORT_DIMENSION_UNKNOWN'],
    [{ metrics: ['sessions', 'happiness'] }, 'REPORT_METRIC_UNKNOWN'],
    [{ metrics: [] }, 'REPORT_COMBINATION_INVALID'],
    [{ dimensions: ['site', 'site'] }, 'REPORT_COMBINATION_INVALID'],
    [{ metrics: ['net', 'net'] }, 'REPORT_COMBINATION_INVALID'],
    [{ dimensions: ['day', 'month'] }, 'REPORT_COMBINATION_INVALID'],
    [{ dimensions: ['site', 'charger', 'tariff', 'day'] }, 'REPORT_COMBINATION_INVALID'],
    [{ dimensions: ['site'], sort: { by: 'gross' } }, 'REPORT_COMBINATION_INVALID'],
    [{ dimensions: ['site'], sort: { by: 'site', order: 'asc' } }, null],
  ])('%o → %s', (definition, code) => {
    expect(codeOf(() => plan(definition))).toBe(code);
  });

  it.each<[Partial<ReportDefinition>, { by: string; order: string }]>([
    [{ dimensions: ['month', 'site'] }, { by: 'month', order: 'asc' }],
    [{ dimensions: ['hourOfDay'] }, { by: 'hourOfDay', order: 'asc' }],
    [
      { dimensions: ['site'], metrics: ['energyWh', 'sessions'] },
      { by: 'energyWh', order: 'desc' },
    ],
    [
      { dimensions: ['site'], sort: { by: 'sessions', order: 'asc' } },
      { by: 'sessions', order: 'asc' },
    ],
  ])('%o sorts by %o', (definition, sort) => {
    expect(plan(definition).sort).toEqual(sort);
  });

  it('groups by currency only when money is in the report', () => {
    expect(plan({ metrics: ['sessions', 'energyWh'] }).byCurrency).toBe(false);
    expect(plan({ metrics: ['sessions', 'discounts'] }).byCurrency).toBe(true);
  });
});
