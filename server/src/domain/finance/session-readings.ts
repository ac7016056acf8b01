import { type RegisterState, applyRegisterReading } from '../meter.js';
import type { MeterReading } from './session-timeline.js';

export interface RecordedSession {
  startedAt: Date;
  stoppedAt: Date;
  /** The register at start and stop, when the charger reported them. */
  meterStartWh: number | null;
  meterStopWh: number | null;
  /** What the session stored as its energy; used only when no register reading exists. */
  energyWh: number;
}

/**
 * The register readings of a session turned into what priceSession needs: cumulative energy from 0,
 * strictly increasing in time, never falling, by the very rule the session's own energy and its
 * chart follow (applyRegisterReading): the highest reading of an instant counts, a register that
 * drops later (a meter reset or replacement) adds nothing and counting resumes from the new value.
 * Readings outside the session are ignored.
 */
export function sessionReadings(session: RecordedSession, register: readonly MeterReading[]): MeterReading[] {
  const start = session.startedAt.getTime();
  const stop = session.stoppedAt.getTime();
  const points: MeterReading[] = [];
  if (session.meterStartWh !== null) points.push({ at: session.startedAt, wh: session.meterStartWh });
  for (const r of register) if (r.at.getTime() >= start && r.at.getTime() <= stop) points.push(r);
  if (session.meterStopWh !== null) points.push({ at: session.stoppedAt, wh: session.meterStopWh });
  // The highest reading of an instant first, so the lower ones at that instant are repeats.
  points.sort((a, b) => a.at.getTime() - b.at.getTime() || b.wh - a.wh);

  if (points.length === 0) {
    return stop > start
      ? [
          { at: session.startedAt, wh: 0 },
          { at: session.stoppedAt, wh: session.energyWh },
        ]
      : [{ at: session.startedAt, wh: 0 }];
  }

  // One reading per instant, counted by the session's own rule (applyRegisterReading).
  const readings: MeterReading[] = [];
  if (points[0]!.at.getTime() > start) readings.push({ at: session.startedAt, wh: 0 });
  let state: RegisterState = { energyWh: 0, lastRegisterWh: null, lastRegisterAt: null };
  for (const p of points) {
    state = applyRegisterReading(state, p);
    const last = readings.at(-1);
    if (last && last.at.getTime() === p.at.getTime()) last.wh = state.energyWh;
    else readings.push({ at: p.at, wh: state.energyWh });
  }
  return readings;
}
