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
 * strictly increasing in time, never falling. A register that drops (a meter reset or replacement)
 * adds nothing and counting resumes from the new value, the rule the session's own energy follows
 * (domain/meter.ts). Readings outside the session are ignored.
 */
export function sessionReadings(session: RecordedSession, register: readonly MeterReading[]): MeterReading[] {
  const start = session.startedAt.getTime();
  const stop = session.stoppedAt.getTime();
  const points: MeterReading[] = [];
  if (session.meterStartWh !== null) points.push({ at: session.startedAt, wh: session.meterStartWh });
  for (const r of register) if (r.at.getTime() >= start && r.at.getTime() <= stop) points.push(r);
  if (session.meterStopWh !== null) points.push({ at: session.stoppedAt, wh: session.meterStopWh });
  points.sort((a, b) => a.at.getTime() - b.at.getTime());

  // One reading per instant: the highest the register showed then.
  const byInstant: MeterReading[] = [];
  for (const p of points) {
    const last = byInstant.at(-1);
    if (last && last.at.getTime() === p.at.getTime()) byInstant[byInstant.length - 1] = { at: p.at, wh: Math.max(last.wh, p.wh) };
    else byInstant.push(p);
  }
  if (byInstant.length === 0) {
    return stop > start
      ? [
          { at: session.startedAt, wh: 0 },
          { at: session.stoppedAt, wh: session.energyWh },
        ]
      : [{ at: session.startedAt, wh: 0 }];
  }

  const readings: MeterReading[] = [];
  if (byInstant[0]!.at.getTime() > start) readings.push({ at: session.startedAt, wh: 0 });
  let energy = 0;
  let previous = byInstant[0]!.wh;
  for (const p of byInstant) {
    energy += Math.max(0, p.wh - previous);
    previous = p.wh;
    readings.push({ at: p.at, wh: energy });
  }
  return readings;
}
