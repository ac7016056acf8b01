import { DateTime } from 'luxon';

/** Rolling windows end now; calendar periods are the organization's local today / ISO week / month / year. */
export const ROLLING_PERIODS = ['24h', '7d', '30d', '365d'] as const;
export const CALENDAR_PERIODS = ['today', 'week', 'month', 'year'] as const;
export const PERIOD_KEYS = [...ROLLING_PERIODS, ...CALENDAR_PERIODS] as const;
export type PeriodKey = (typeof PERIOD_KEYS)[number];

const ROLLING_HOURS: Record<(typeof ROLLING_PERIODS)[number], number> = {
  '24h': 24,
  '7d': 7 * 24,
  '30d': 30 * 24,
  '365d': 365 * 24,
};
const CALENDAR_UNIT = { today: 'day', week: 'week', month: 'month', year: 'year' } as const;

/**
 * How to add up one period in one time zone exactly: whole local days `[fullFrom, fullTo]` from the
 * daily rollups, plus the raw settlements whose end falls in the partial days at the edges
 * (`edges`, half-open instant ranges). `from`/`to` bound the whole period.
 */
export interface ZoneWindow {
  timeZone: string;
  from: Date;
  to: Date;
  /** Inclusive local dates; null when no whole day lies inside the period. */
  fullFrom: string | null;
  fullTo: string | null;
  edges: [Date, Date][];
}

const startOfLocalDay = (date: DateTime) => date.startOf('day');

export function isRolling(key: PeriodKey): key is (typeof ROLLING_PERIODS)[number] {
  return (ROLLING_PERIODS as readonly string[]).includes(key);
}

export function zoneWindow(key: PeriodKey, now: Date, timeZone: string): ZoneWindow {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!isRolling(key)) {
    // Calendar periods are whole local days: the rollups alone (ISO weeks start on Monday in luxon).
    const start = local.startOf(CALENDAR_UNIT[key]);
    const end = local.endOf(CALENDAR_UNIT[key]);
    return {
      timeZone,
      from: start.toJSDate(),
      to: end.plus({ milliseconds: 1 }).toJSDate(),
      fullFrom: start.toISODate(),
      fullTo: end.toISODate(),
      edges: [],
    };
  }
  const to = now;
  const from = new Date(now.getTime() - ROLLING_HOURS[key] * 3_600_000);
  const fromLocal = DateTime.fromJSDate(from, { zone: timeZone });
  const dayAfterFrom = startOfLocalDay(fromLocal).plus({ days: 1 });
  const startOfToDay = startOfLocalDay(local);
  const firstEdgeEnd = new Date(Math.min(to.getTime(), dayAfterFrom.toMillis()));
  const secondEdgeStart = new Date(Math.max(firstEdgeEnd.getTime(), startOfToDay.toMillis()));
  const edges: [Date, Date][] = [[from, firstEdgeEnd]];
  if (secondEdgeStart < to) edges.push([secondEdgeStart, to]);
  // Whole days strictly between the day `from` falls on and the day `to` falls on.
  const fullFrom = dayAfterFrom.toISODate()!;
  const fullTo = startOfToDay.minus({ days: 1 }).toISODate()!;
  const hasFull = fullFrom <= fullTo;
  return { timeZone, from, to, fullFrom: hasFull ? fullFrom : null, fullTo: hasFull ? fullTo : null, edges };
}

export const BUCKETS = ['day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** The first local date of each bucket from `from` to `to` (inclusive dates), for gap-free charts. */
export function bucketStarts(bucket: Bucket, from: string, to: string): string[] {
  const starts: string[] = [];
  let cursor = DateTime.fromISO(from, { zone: 'UTC' }).startOf(bucket);
  const last = DateTime.fromISO(to, { zone: 'UTC' });
  while (cursor <= last) {
    starts.push(cursor.toISODate()!);
    cursor = cursor.plus({ [`${bucket}s`]: 1 });
  }
  return starts;
}

/** Inclusive day count of a date range, or null when a date is not a real calendar date. */
export function daysBetween(from: string, to: string): number | null {
  const a = DateTime.fromISO(from, { zone: 'UTC' });
  const b = DateTime.fromISO(to, { zone: 'UTC' });
  if (!a.isValid || !b.isValid) return null;
  return Math.round(b.diff(a, 'days').days) + 1;
}

/**
 * Inclusive local dates `[from, to]` as whole months (first days of the first and last whole month,
 * read from the monthly rollups) plus the days before and after them (read from the daily rollups).
 */
export function splitDays(from: string, to: string): { months: [string, string] | null; days: [string, string][] } {
  const first = DateTime.fromISO(from, { zone: 'UTC' });
  const last = DateTime.fromISO(to, { zone: 'UTC' });
  const firstWhole = first.day === 1 ? first : first.startOf('month').plus({ months: 1 });
  const lastWholeEnd = last.plus({ days: 1 }).day === 1 ? last : last.startOf('month').minus({ days: 1 });
  if (firstWhole > lastWholeEnd) return { months: null, days: [[from, to]] };
  const days: [string, string][] = [];
  if (first < firstWhole) days.push([from, firstWhole.minus({ days: 1 }).toISODate()!]);
  if (lastWholeEnd < last) days.push([lastWholeEnd.plus({ days: 1 }).toISODate()!, to]);
  return { months: [firstWhole.toISODate()!, lastWholeEnd.startOf('month').toISODate()!], days };
}

const HOUR = 3_600_000;

/** A half-open instant range as whole UTC hours (hourly rollups) plus the raw partial hours at its ends. */
export function splitEdge([from, to]: [Date, Date]): { hours: [Date, Date] | null; raw: [Date, Date][] } {
  const firstHour = Math.ceil(from.getTime() / HOUR) * HOUR;
  const lastHour = Math.floor(to.getTime() / HOUR) * HOUR;
  if (firstHour >= lastHour) return { hours: null, raw: [[from, to]] };
  const raw: [Date, Date][] = [];
  if (from.getTime() < firstHour) raw.push([from, new Date(firstHour)]);
  if (lastHour < to.getTime()) raw.push([new Date(lastHour), to]);
  return { hours: [new Date(firstHour), new Date(lastHour)], raw };
}
