import { zoneOf } from './local-time.js';
import { Ratio } from './ratio.js';
import { type MeterReading, sessionTimeline } from './session-timeline.js';

/**
 * Seconds a session stayed plugged in after its energy stopped rising: exactly what the timeline calls
 * parking (OCPI PARKING_TIME), so the idle figure and the parking charge can never disagree. Pauses
 * between charging stretches are not idle time. Whole seconds, rounded half-up.
 */
export function idleSecondsOf(readings: readonly MeterReading[], endedAt?: Date): number {
  const pieces = sessionTimeline({
    readings,
    endedAt,
    // Idle time does not depend on the wall clock: no restriction cuts are needed.
    zone: zoneOf('UTC'),
    minutesOfDay: [],
    durationsMs: [],
    energiesWh: [],
  });
  let parkingMs = Ratio.ZERO;
  for (const piece of pieces) if (piece.activity === 'parking') parkingMs = parkingMs.plus(piece.durationMs);
  return Number(parkingMs.dividedBy(1000).roundHalfUp());
}
