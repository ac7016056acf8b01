import { describe, expect, it } from 'vitest';
import { splitDays, splitEdge } from '../../src/modules/analytics/periods.js';
import { rollupHour, rollupMonth } from '../../src/modules/analytics/rollups.js';

const at = (iso: string) => new Date(iso);
const iso = (range: [Date, Date]) => range.map((d) => d.toISOString());

describe('splitting a window over the rollup grains', () => {
  it('a year of local days: the whole months in the middle, the days of the partial months around them', () => {
    expect(splitDays('2025-11-22', '2026-11-20')).toEqual({
      months: ['2025-12-01', '2026-10-01'],
      days: [
        ['2025-11-22', '2025-11-30'],
        ['2026-11-01', '2026-11-20'],
      ],
    });
  });

  it('whole months alone; a calendar year is twelve months; February in a leap year ends on the 29th', () => {
    expect(splitDays('2026-03-01', '2026-03-31')).toEqual({ months: ['2026-03-01', '2026-03-01'], days: [] });
    expect(splitDays('2026-01-01', '2026-12-31')).toEqual({ months: ['2026-01-01', '2026-12-01'], days: [] });
    expect(splitDays('2028-02-01', '2028-02-29')).toEqual({ months: ['2028-02-01', '2028-02-01'], days: [] });
    expect(splitDays('2028-02-01', '2028-02-28')).toEqual({ months: null, days: [['2028-02-01', '2028-02-28']] });
  });

  it('no whole month: the days as they are', () => {
    expect(splitDays('2026-03-15', '2026-04-14')).toEqual({ months: null, days: [['2026-03-15', '2026-04-14']] });
    expect(splitDays('2026-03-10', '2026-03-10')).toEqual({ months: null, days: [['2026-03-10', '2026-03-10']] });
    expect(splitDays('2026-03-02', '2026-03-31')).toEqual({ months: null, days: [['2026-03-02', '2026-03-31']] });
  });

  it('an edge is whole UTC hours plus raw partial hours (Colombo midnight is at :30 UTC)', () => {
    const split = splitEdge([at('2026-03-09T20:14:05Z'), at('2026-03-10T18:30:00Z')]);
    expect(split.hours && iso(split.hours)).toEqual(['2026-03-09T21:00:00.000Z', '2026-03-10T18:00:00.000Z']);
    expect(split.raw.map(iso)).toEqual([
      ['2026-03-09T20:14:05.000Z', '2026-03-09T21:00:00.000Z'],
      ['2026-03-10T18:00:00.000Z', '2026-03-10T18:30:00.000Z'],
    ]);
  });

  it('an edge on whole hours has no raw part; one inside an hour has no hourly part', () => {
    expect(splitEdge([at('2026-03-10T18:00:00Z'), at('2026-03-10T20:00:00Z')]).raw).toEqual([]);
    const inside = splitEdge([at('2026-03-10T18:10:00Z'), at('2026-03-10T18:50:00Z')]);
    expect(inside.hours).toBeNull();
    expect(inside.raw.map(iso)).toEqual([['2026-03-10T18:10:00.000Z', '2026-03-10T18:50:00.000Z']]);
    const across = splitEdge([at('2026-03-10T18:10:00Z'), at('2026-03-10T19:50:00Z')]);
    expect(across.hours).toBeNull();
    expect(across.raw.map(iso)).toEqual([['2026-03-10T18:10:00.000Z', '2026-03-10T19:50:00.000Z']]);
  });

  it('the keys a settlement is rolled up under', () => {
    expect(rollupMonth('2026-02-28')).toBe('2026-02-01');
    expect(rollupHour(at('2026-03-10T18:59:59.999Z')).toISOString()).toBe('2026-03-10T18:00:00.000Z');
    expect(rollupHour(at('2026-03-10T19:00:00Z')).toISOString()).toBe('2026-03-10T19:00:00.000Z');
  });
});
