import { type RegisterState, type Sample, applyRegisterReading, snapshotsOf } from './meter.js';

export interface CurvePoint {
  at: Date;
  /** The session's energy so far, by the same forward-step rule as the session total. */
  energyWh: number;
  powerW: number | null;
  socPercent: number | null;
}

const lastSoc = (points: readonly CurvePoint[]) => points.findLast((p) => p.socPercent !== null)?.socPercent ?? null;

/** At most `maxPoints`, evenly spread, always keeping the first and the last. */
export function downsample<T>(points: readonly T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return [...points];
  if (maxPoints < 2) return points.slice(-maxPoints);
  const step = (points.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, i) => points[Math.round(i * step)]!);
}

/**
 * The points of a session's chart: one per sampled instant, energy accumulated from the meter
 * start (when the charger sent one), power and state of charge as sampled. Samples after the stop
 * (a MeterValues the charger sent late) are kept but not drawn, and the stop's own register reading
 * is the last point: the chart ends at the session's final figures, read from the same window and
 * by the same rule as settlement (domain/finance/session-readings.ts).
 */
export function sessionCurve(
  samples: readonly Sample[],
  start: { meterStartWh: number | null; startedAt: Date; stoppedAt?: Date | null; meterStopWh?: number | null },
  maxPoints = 500,
): CurvePoint[] {
  const end = start.stoppedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  let state: RegisterState =
    start.meterStartWh === null
      ? { energyWh: 0, lastRegisterWh: null, lastRegisterAt: null }
      : { energyWh: 0, lastRegisterWh: start.meterStartWh, lastRegisterAt: start.startedAt };
  const points = snapshotsOf(samples.filter((s) => s.at.getTime() <= end)).map((snapshot) => {
    if (snapshot.registerWh !== null) state = applyRegisterReading(state, { wh: snapshot.registerWh, at: snapshot.at });
    return { at: snapshot.at, energyWh: state.energyWh, powerW: snapshot.powerW, socPercent: snapshot.socPercent };
  });
  if (start.stoppedAt && start.meterStopWh !== undefined && start.meterStopWh !== null) {
    state = applyRegisterReading(state, { wh: start.meterStopWh, at: start.stoppedAt });
    const last = points.at(-1);
    if (last && last.at.getTime() === end) last.energyWh = state.energyWh;
    // The battery keeps its last reported charge; no power is drawn once stopped.
    else points.push({ at: start.stoppedAt, energyWh: state.energyWh, powerW: null, socPercent: lastSoc(points) });
  }
  return downsample(points, maxPoints);
}
