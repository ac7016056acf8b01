import type { IANAZone } from 'luxon';
import { unprocessable } from '../../errors.js';
import { localBoundaries, localClock } from './local-time.js';
import { assertWattHours } from './money.js';
import { Ratio } from './ratio.js';
import type { SessionMoment } from './tariff-restrictions.js';

/** A cumulative meter reading (OCPP Energy.Active.Import.Register) in whole Wh. */
export interface MeterReading {
  at: Date;
  wh: number;
}

/**
 * charging: energy rose over the piece. parking: plugged in after the last charging (or, for a session
 * that never charged, from plug-in). idle: a pause before or between charging — neither TIME nor
 * PARKING_TIME, since parking counts only after the last charging (docs/finance.md §2).
 */
export type Activity = 'charging' | 'parking' | 'idle';

/** A stretch of the session over which no restriction can change its answer. */
export interface SessionPiece {
  durationMs: Ratio;
  energyWh: Ratio;
  activity: Activity;
  /** The session's state at the start of the piece; it holds for the whole piece. */
  moment: SessionMoment;
}

export interface TimelineInput {
  readings: readonly MeterReading[];
  /** Plug-out; defaults to the last reading. */
  endedAt?: Date;
  zone: IANAZone;
  /** Local times of day, session durations (ms) and session energies (Wh) where restrictions switch. */
  minutesOfDay: readonly number[];
  durationsMs: readonly number[];
  energiesWh: readonly Ratio[];
}

interface Interval {
  fromMs: number;
  toMs: number;
  startWh: number;
  deltaWh: number;
}

/**
 * Cuts the session at every reading and every instant where a restriction may switch. Energy inside a
 * reading interval is spread evenly over its time (docs/finance.md §2: pro rata by time), so a cut inside an
 * interval gives each side an exact share; a kWh threshold is crossed at an exact (rational) instant.
 */
export function sessionTimeline(input: TimelineInput): SessionPiece[] {
  const intervals = intervalsOf(input.readings, input.endedAt);
  const startMs = timeOf(input.readings[0]!.at);
  const endMs = intervals.at(-1)?.toMs ?? startMs;
  if (intervals.length === 0) return [instantaneousSession(input.zone, startMs)];
  const lastRise = intervals.findLast((i) => i.deltaWh > 0);
  const parkingFromMs = lastRise ? lastRise.toMs : startMs;
  const cuts = [
    ...localBoundaries(input.zone, startMs, endMs, input.minutesOfDay),
    ...input.durationsMs.map((ms) => startMs + ms).filter((ms) => ms > startMs && ms < endMs),
  ].sort((a, b) => a - b);

  const pieces: SessionPiece[] = [];
  for (const interval of intervals) {
    const spanMs = interval.toMs - interval.fromMs;
    const sessionWhAtStart = Ratio.of(interval.startWh);
    const whPerMs = Ratio.of(interval.deltaWh, spanMs);
    const points = cutPoints(interval, cuts, input.energiesWh);
    const activity: Activity = interval.deltaWh > 0 ? 'charging' : interval.fromMs >= parkingFromMs ? 'parking' : 'idle';
    // Wh per ms × 3 600 000 ms/h = W; ÷ 1000 = kW.
    const powerKw = whPerMs.times(3600);
    for (let p = 0; p + 1 < points.length; p++) {
      const from = points[p]!;
      const durationMs = points[p + 1]!.minus(from);
      const sinceIntervalStart = from.minus(Ratio.of(interval.fromMs));
      pieces.push({
        durationMs,
        energyWh: whPerMs.times(durationMs),
        activity,
        moment: {
          ...localClock(input.zone, Number(from.floor())),
          elapsedMs: from.minus(Ratio.of(startMs)),
          energyWh: sessionWhAtStart.plus(whPerMs.times(sinceIntervalStart)),
          powerKw,
        },
      });
    }
  }
  return pieces;
}

/** Validated reading intervals, each with energy relative to the session's first reading. */
function intervalsOf(readings: readonly MeterReading[], endedAt: Date | undefined): Interval[] {
  const first = readings[0];
  if (!first) throw unprocessable('A session needs at least one meter reading');
  const intervals: Interval[] = [];
  let previous = { ms: timeOf(first.at), wh: first.wh };
  assertWattHours(first.wh, 'A meter reading');
  for (const reading of readings.slice(1)) {
    const current = { ms: timeOf(reading.at), wh: reading.wh };
    assertWattHours(current.wh, 'A meter reading');
    if (current.ms <= previous.ms) throw unprocessable('Meter readings must be in strictly increasing time order');
    if (current.wh < previous.wh) throw unprocessable('A meter reading cannot be lower than the one before it');
    intervals.push({ fromMs: previous.ms, toMs: current.ms, startWh: previous.wh - first.wh, deltaWh: current.wh - previous.wh });
    previous = current;
  }
  const endMs = endedAt ? timeOf(endedAt) : previous.ms;
  if (endMs < previous.ms) throw unprocessable('A session cannot end before its last meter reading');
  if (endMs > previous.ms) intervals.push({ fromMs: previous.ms, toMs: endMs, startWh: previous.wh - first.wh, deltaWh: 0 });
  return intervals;
}

function timeOf(at: Date): number {
  const ms = at.getTime();
  if (!Number.isSafeInteger(ms)) throw unprocessable('A session time is not a valid instant');
  return ms;
}

/** A session that ended where it started still has one moment, so a FLAT component can apply. */
function instantaneousSession(zone: IANAZone, atMs: number): SessionPiece {
  const moment = { ...localClock(zone, atMs), elapsedMs: Ratio.ZERO, energyWh: Ratio.ZERO, powerKw: Ratio.ZERO };
  return { durationMs: Ratio.ZERO, energyWh: Ratio.ZERO, activity: 'parking', moment };
}

/** The interval's ends, the time cuts inside it, and the instants where it crosses an energy threshold. */
function cutPoints(interval: Interval, cuts: readonly number[], energiesWh: readonly Ratio[]): Ratio[] {
  const points: Ratio[] = [Ratio.of(interval.fromMs)];
  for (const ms of cuts) if (ms > interval.fromMs && ms < interval.toMs) points.push(Ratio.of(ms));
  const low = Ratio.of(interval.startWh);
  const high = Ratio.of(interval.startWh + interval.deltaWh);
  for (const wh of energiesWh) {
    if (low.lessThan(wh) && wh.lessThan(high)) {
      const msPerWh = Ratio.of(interval.toMs - interval.fromMs, interval.deltaWh);
      points.push(Ratio.of(interval.fromMs).plus(wh.minus(low).times(msPerWh)));
    }
  }
  points.push(Ratio.of(interval.toMs));
  points.sort((a, b) => a.compare(b));
  return points.filter((point, i) => i === 0 || !point.equals(points[i - 1]!));
}
