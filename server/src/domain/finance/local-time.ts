import { IANAZone } from 'luxon';
import { unprocessable } from '../../errors.js';

/*
 * Instants are integer epoch milliseconds (exact in a JS number). Local wall-clock time is instant +
 * the zone's UTC offset at that instant; luxon supplies the offsets, including every DST change.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** Offsets are sampled this often to find DST changes; zones never change twice within it. */
const OFFSET_PROBE_MS = 6 * 60 * MS_PER_MINUTE;

export function zoneOf(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw unprocessable(`"${timeZone}" is not an IANA time zone`, { field: 'timeZone' });
  return zone;
}

export interface LocalClock {
  minuteOfDay: number;
  /** 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
}

export function localClock(zone: IANAZone, instantMs: number): LocalClock {
  const wallMs = instantMs + zone.offset(instantMs) * MS_PER_MINUTE;
  const day = Math.floor(wallMs / MS_PER_DAY);
  const minuteOfDay = Math.floor((wallMs - day * MS_PER_DAY) / MS_PER_MINUTE);
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const isoWeekday = ((((day + 3) % 7) + 7) % 7) + 1;
  return { minuteOfDay, isoWeekday };
}

/**
 * Every instant in (fromMs, toMs) at which the local time of day reaches one of `minutesOfDay`, plus
 * every UTC-offset change (the wall clock jumps there, so a window can open or close there too — e.g.
 * a 02:30 start on a spring-forward day opens at 03:00, and on a fall-back day 02:30 happens twice).
 */
export function localBoundaries(zone: IANAZone, fromMs: number, toMs: number, minutesOfDay: readonly number[]): number[] {
  if (minutesOfDay.length === 0 || toMs <= fromMs) return [];
  const changes = offsetChanges(zone, fromMs, toMs);
  const spans = [fromMs, ...changes, toMs];
  const found = new Set<number>(changes);
  for (let s = 0; s + 1 < spans.length; s++) {
    const start = spans[s]!;
    const end = spans[s + 1]!;
    const offsetMs = zone.offset(start) * MS_PER_MINUTE;
    const firstDay = Math.floor((start + offsetMs) / MS_PER_DAY);
    const lastDay = Math.floor((end + offsetMs) / MS_PER_DAY);
    for (let day = firstDay; day <= lastDay; day++) {
      for (const minute of minutesOfDay) {
        const instant = day * MS_PER_DAY + minute * MS_PER_MINUTE - offsetMs;
        if (instant >= start && instant < end && instant > fromMs) found.add(instant);
      }
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** The instants in (fromMs, toMs] where the zone's UTC offset changes, found by bisection. */
function offsetChanges(zone: IANAZone, fromMs: number, toMs: number): number[] {
  const changes: number[] = [];
  let probe = fromMs;
  while (probe < toMs) {
    const next = Math.min(probe + OFFSET_PROBE_MS, toMs);
    if (zone.offset(probe) !== zone.offset(next)) {
      let before = probe;
      let after = next;
      while (after - before > 1) {
        const mid = Math.floor((before + after) / 2);
        if (zone.offset(mid) === zone.offset(before)) before = mid;
        else after = mid;
      }
      changes.push(after);
    }
    probe = next;
  }
  return changes.filter((change) => change < toMs);
}
