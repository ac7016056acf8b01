import { describe, expect, it } from 'vitest';
import { bucketStarts, zoneWindow } from '../../src/modules/analytics/periods.js';

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe('analytics periods in the organization’s time zone', () => {
  it('calendar periods are whole local days (Colombo, UTC+05:30)', () => {
    const now = at('2026-03-29T20:00:00Z'); // Monday 30 March, 01:30 in Colombo
    expect(zoneWindow('today', now, 'Asia/Colombo')).toMatchObject({ fullFrom: '2026-03-30', fullTo: '2026-03-30', edges: [] });
    const today = zoneWindow('today', now, 'Asia/Colombo');
    expect([iso(today.from), iso(today.to)]).toEqual(['2026-03-29T18:30:00.000Z', '2026-03-30T18:30:00.000Z']);
    expect(zoneWindow('week', now, 'Asia/Colombo')).toMatchObject({ fullFrom: '2026-03-30', fullTo: '2026-04-05' });
    expect(zoneWindow('month', now, 'Asia/Colombo')).toMatchObject({ fullFrom: '2026-03-01', fullTo: '2026-03-31' });
    expect(zoneWindow('year', now, 'Asia/Colombo')).toMatchObject({ fullFrom: '2026-01-01', fullTo: '2026-12-31' });
  });

  it('the same instant is still Sunday in Berlin: its ISO week began Monday 23 March, across the DST change', () => {
    const now = at('2026-03-29T20:00:00Z'); // Sunday 22:00 CEST
    const week = zoneWindow('week', now, 'Europe/Berlin');
    expect(week).toMatchObject({ fullFrom: '2026-03-23', fullTo: '2026-03-29' });
    expect([iso(week.from), iso(week.to)]).toEqual(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    // The 23-hour day: today starts at 00:00 CET and ends at 24:00 CEST.
    const today = zoneWindow('today', now, 'Europe/Berlin');
    expect((today.to.getTime() - today.from.getTime()) / 3_600_000).toBe(23);
  });

  it('rolling windows: whole days between the partial first and last local day, read raw', () => {
    const now = at('2026-03-10T06:00:00Z'); // 11:30 in Colombo
    const w = zoneWindow('7d', now, 'Asia/Colombo');
    expect(w).toMatchObject({ fullFrom: '2026-03-04', fullTo: '2026-03-09' });
    expect(w.edges.map(([a, b]) => [iso(a), iso(b)])).toEqual([
      ['2026-03-03T06:00:00.000Z', '2026-03-03T18:30:00.000Z'],
      ['2026-03-09T18:30:00.000Z', '2026-03-10T06:00:00.000Z'],
    ]);
  });

  it('24 h within one long local day has no whole day and one edge (Berlin, 25-hour day)', () => {
    const now = at('2026-10-25T22:30:00Z'); // 23:30 CET on the 25-hour day; 24 h earlier was 00:30 CEST the same date
    const w = zoneWindow('24h', now, 'Europe/Berlin');
    expect(w.fullFrom).toBeNull();
    expect(w.edges.map(([a, b]) => [iso(a), iso(b)])).toEqual([['2026-10-24T22:30:00.000Z', '2026-10-25T22:30:00.000Z']]);
  });

  it('a window from one local midnight to the next is one raw edge and no second one', () => {
    const now = at('2026-03-09T18:30:00Z'); // midnight in Colombo
    const w = zoneWindow('24h', now, 'Asia/Colombo');
    expect(w.fullFrom).toBeNull();
    expect(w.edges.map(([a, b]) => [iso(a), iso(b)])).toEqual([['2026-03-08T18:30:00.000Z', '2026-03-09T18:30:00.000Z']]);
  });

  it('bucket starts: ISO weeks from Monday, months from the 1st', () => {
    expect(bucketStarts('week', '2026-03-04', '2026-03-20')).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    expect(bucketStarts('month', '2026-01-31', '2026-03-01')).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(bucketStarts('day', '2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});
