import { Ratio } from './ratio.js';
import { DAYS_OF_WEEK, minuteOfDay, type TariffRestrictions } from './tariff.js';

/** The state of a session at one moment, which is all a restriction can look at. */
export interface SessionMoment {
  /** Local wall-clock minute of the day (0–1439) in the site's time zone. */
  minuteOfDay: number;
  /** Local ISO weekday, 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
  elapsedMs: Ratio;
  energyWh: Ratio;
  powerKw: Ratio;
}

/** Restrictions parsed once into exact numbers. */
export interface CompiledRestrictions {
  startMinute: number | null;
  endMinute: number | null;
  isoWeekdays: ReadonlySet<number> | null;
  minWh: Ratio | null;
  maxWh: Ratio | null;
  minMs: number | null;
  maxMs: number | null;
  minKw: Ratio | null;
  maxKw: Ratio | null;
}

const MINUTES_PER_DAY = 1440;

export function compileRestrictions(r: TariffRestrictions = {}): CompiledRestrictions {
  const wh = (kwh: string | undefined) => (kwh === undefined ? null : Ratio.fromDecimal(kwh).times(1000));
  const kw = (value: string | undefined) => (value === undefined ? null : Ratio.fromDecimal(value));
  return {
    startMinute: r.start_time === undefined ? null : minuteOfDay(r.start_time),
    endMinute: r.end_time === undefined ? null : minuteOfDay(r.end_time),
    isoWeekdays: r.day_of_week ? new Set(r.day_of_week.map((day) => DAYS_OF_WEEK.indexOf(day) + 1)) : null,
    minWh: wh(r.min_kwh),
    maxWh: wh(r.max_kwh),
    minMs: r.min_duration === undefined ? null : r.min_duration * 1000,
    maxMs: r.max_duration === undefined ? null : r.max_duration * 1000,
    minKw: kw(r.min_power),
    maxKw: kw(r.max_power),
  };
}

/**
 * OCPI 2.2.1 semantics: every "min" is inclusive and every "max"/end is exclusive. A time window whose
 * end is earlier than its start wraps past midnight; "00:00" as end means end of day; equal start and end
 * cover the whole day. day_of_week is the moment's own local weekday (a Friday 22:00–06:00 window
 * therefore stops at Saturday 00:00).
 */
export function restrictionsMatch(c: CompiledRestrictions, m: SessionMoment): boolean {
  if (c.isoWeekdays && !c.isoWeekdays.has(m.isoWeekday)) return false;
  if (!withinTimeOfDay(c.startMinute, c.endMinute, m.minuteOfDay)) return false;
  if (c.minWh && m.energyWh.lessThan(c.minWh)) return false;
  if (c.maxWh && !m.energyWh.lessThan(c.maxWh)) return false;
  if (c.minMs !== null && m.elapsedMs.lessThan(Ratio.of(c.minMs))) return false;
  if (c.maxMs !== null && !m.elapsedMs.lessThan(Ratio.of(c.maxMs))) return false;
  if (c.minKw && m.powerKw.lessThan(c.minKw)) return false;
  if (c.maxKw && !m.powerKw.lessThan(c.maxKw)) return false;
  return true;
}

function withinTimeOfDay(start: number | null, end: number | null, minute: number): boolean {
  const from = start ?? 0;
  const until = end === null || end === 0 ? MINUTES_PER_DAY : end;
  if (from === until || (from === 0 && until === MINUTES_PER_DAY)) return true;
  return from < until ? minute >= from && minute < until : minute >= from || minute < until;
}

/** The local times of day at which some restriction can change its answer (midnight when weekdays matter). */
export function timeOfDayBoundaries(all: readonly CompiledRestrictions[]): number[] {
  const minutes = new Set<number>();
  for (const c of all) {
    if (c.startMinute !== null) minutes.add(c.startMinute);
    if (c.endMinute !== null) minutes.add(c.endMinute % MINUTES_PER_DAY);
    if (c.isoWeekdays) minutes.add(0);
  }
  return [...minutes].sort((a, b) => a - b);
}

/** Session durations (ms) at which a min/max_duration restriction switches. */
export function durationBoundaries(all: readonly CompiledRestrictions[]): number[] {
  return [...new Set(all.flatMap((c) => [c.minMs, c.maxMs]).filter((ms): ms is number => ms !== null))];
}

/** Session energies (Wh) at which a min/max_kwh restriction switches. */
export function energyBoundaries(all: readonly CompiledRestrictions[]): Ratio[] {
  const found: Ratio[] = [];
  for (const wh of all.flatMap((c) => [c.minWh, c.maxWh])) {
    if (wh && !found.some((f) => f.equals(wh))) found.push(wh);
  }
  return found;
}
