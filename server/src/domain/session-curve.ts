import { type RegisterState, type Sample, applyRegisterReading, snapshotsOf } from './meter.js';

export interface CurvePoint {
  at: Date;
  /** The session's energy so far, by the same forward-step rule as the session total. */
  energyWh: number;
  powerW: number | null;
  socPercent: number | null;
}

/** At most `maxPoints`, evenly spread, always keeping the first and the last. */
export function downsample<T>(points: readonly T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return [...points];
  if (maxPoints < 2) return points.slice(-maxPoints);
  const step = (points.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, i) => points[Math.round(i * step)]!);
}

/**
 * The points of a session's chart: one per sampled instant, energy accumulated from the meter
 * start (when the charger sent one), power and state of charge as sampled.
 */
export function sessionCurve(
  samples: readonly Sample[],
  start: { meterStartWh: number | null; startedAt: Date },
  maxPoints = 500,
): CurvePoint[] {
  let state: RegisterState =
    start.meterStartWh === null
      ? { energyWh: 0, lastRegisterWh: null, lastRegisterAt: null }
      : { energyWh: 0, lastRegisterWh: start.meterStartWh, lastRegisterAt: start.startedAt };
  const points = snapshotsOf([...samples]).map((snapshot) => {
    if (snapshot.registerWh !== null) state = applyRegisterReading(state, { wh: snapshot.registerWh, at: snapshot.at });
    return { at: snapshot.at, energyWh: state.energyWh, powerW: snapshot.powerW, socPercent: snapshot.socPercent };
  });
  return downsample(points, maxPoints);
}
