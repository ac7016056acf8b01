/**
 * Meter values, both OCPP versions, reduced to one model; and the rule that turns energy-register
 * readings into a session's energy. Pure: no I/O.
 */

export interface RawSampledValue {
  /** 1.6 sends a decimal string, 2.0.1 a number. */
  value: string | number;
  measurand?: string;
  phase?: string;
  location?: string;
  context?: string;
  /** 1.6 `format`: SignedData values are not numbers. */
  format?: string;
  unit?: string;
  /** 2.0.1 unitOfMeasure.multiplier: value × 10^multiplier. */
  multiplier?: number;
}

export interface Sample {
  at: Date;
  measurand: string;
  phase: string | null;
  location: string | null;
  context: string | null;
  /** In the base unit: Wh, varh, W, VA, var, A, V, Percent, … */
  value: number;
  unit: string;
  /** The charger's timestamp was far ahead of the server clock or ran backwards: stored as sent, flagged. */
  clockSkew?: boolean;
}

/** Both specs: a sampled value without a measurand is the energy register (1.6 §7.31, 2.0.1 §2.44). */
export const ENERGY_REGISTER = 'Energy.Active.Import.Register';

const DEFAULT_UNIT: Record<string, string> = {
  'Power.Active.Import': 'W',
  'Power.Active.Export': 'W',
  'Power.Offered': 'W',
  'Current.Import': 'A',
  'Current.Export': 'A',
  'Current.Offered': 'A',
  Voltage: 'V',
  SoC: 'Percent',
  Frequency: 'Hz',
  'Power.Factor': '',
};
const KILO_UNITS = new Set(['kWh', 'kvarh', 'kW', 'kVA', 'kvar']);

/** One sampled value in the base unit, or null when it is not a finite number (signed data, garbage). */
export function normalizeSample(at: Date, raw: RawSampledValue): Sample | null {
  if (raw.format === 'SignedData') return null;
  const parsed =
    typeof raw.value === 'number' ? raw.value : /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(raw.value) ? Number(raw.value) : NaN;
  if (!Number.isFinite(parsed) || Number.isNaN(at.getTime())) return null;
  const measurand = raw.measurand ?? ENERGY_REGISTER;
  let unit = raw.unit ?? DEFAULT_UNIT[measurand] ?? 'Wh';
  let value = parsed * 10 ** (raw.multiplier ?? 0);
  if (KILO_UNITS.has(unit)) {
    value *= 1000;
    unit = unit.slice(1);
  }
  if (!Number.isFinite(value) || Math.abs(value) >= 1e15) return null;
  return { at, measurand, phase: raw.phase ?? null, location: raw.location ?? null, context: raw.context ?? null, value, unit };
}

const LINE_PHASES = new Set(['L1', 'L2', 'L3', 'L1-N', 'L2-N', 'L3-N']);

/**
 * The total of one measurand at one instant: the phase-less value, else the sum of the line phases.
 * Several phase-less register values at one instant (an Ended event repeating a periodic reading
 * under another context) count as the highest of them: a register only rises, and settlement
 * reads the instant the same way (domain/finance/session-readings.ts).
 */
function total(samples: Sample[], measurand: string, location = 'Outlet'): number | null {
  const matching = samples.filter((s) => s.measurand === measurand && (s.location === null || s.location === location));
  const wholes = matching.filter((s) => s.phase === null).map((s) => s.value);
  if (wholes.length) return measurand === ENERGY_REGISTER ? Math.max(...wholes) : wholes[0]!;
  const phases = matching.filter((s) => s.phase !== null && LINE_PHASES.has(s.phase));
  return phases.length ? phases.reduce((sum, s) => sum + s.value, 0) : null;
}

export interface MeterSnapshot {
  at: Date;
  registerWh: number | null;
  powerW: number | null;
  currentA: number | null;
  voltageV: number | null;
  socPercent: number | null;
}

/** One snapshot per timestamp, oldest first. Current is the highest phase; voltage the first phase. */
export function snapshotsOf(samples: Sample[]): MeterSnapshot[] {
  const byTime = new Map<number, Sample[]>();
  for (const s of samples) byTime.set(s.at.getTime(), [...(byTime.get(s.at.getTime()) ?? []), s]);
  return [...byTime.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, group]) => {
      const currents = group.filter((s) => s.measurand === 'Current.Import').map((s) => s.value);
      const voltage = group.find((s) => s.measurand === 'Voltage');
      const soc = group.find((s) => s.measurand === 'SoC');
      const register = total(group, ENERGY_REGISTER);
      return {
        at: new Date(time),
        registerWh: register === null || register < 0 ? null : Math.round(register),
        powerW: total(group, 'Power.Active.Import'),
        currentA: currents.length ? Math.max(...currents) : null,
        voltageV: voltage?.value ?? null,
        socPercent: soc ? Math.min(100, Math.max(0, soc.value)) : null,
      };
    });
}

export interface RegisterState {
  energyWh: number;
  lastRegisterWh: number | null;
  lastRegisterAt: Date | null;
}

/**
 * Adds one energy-register reading to a session: the one rule the session's energy, its chart and
 * its settlement all follow. Only forward steps count, so energy never goes down and never goes
 * negative:
 * - older than the last reading applied (out of order, or a late duplicate): ignored;
 * - at the same instant as the last reading: only a higher value counts (the highest reading of an
 *   instant); a lower one is a repeat under another context, not a reset;
 * - lower than the last reading and strictly newer (the meter was reset or replaced): the new
 *   reading becomes the baseline and the step adds nothing;
 * - otherwise the step (reading − last) is added.
 */
export function applyRegisterReading(state: RegisterState, reading: { wh: number; at: Date }): RegisterState {
  if (!Number.isFinite(reading.wh) || reading.wh < 0) return state;
  const wh = Math.round(reading.wh);
  if (state.lastRegisterWh === null || state.lastRegisterAt === null) {
    return { energyWh: state.energyWh, lastRegisterWh: wh, lastRegisterAt: reading.at };
  }
  const sinceLast = reading.at.getTime() - state.lastRegisterAt.getTime();
  if (sinceLast < 0 || (sinceLast === 0 && wh <= state.lastRegisterWh)) return state;
  const step = wh - state.lastRegisterWh;
  return { energyWh: state.energyWh + Math.max(0, step), lastRegisterWh: wh, lastRegisterAt: reading.at };
}

export interface ClockCheck {
  now: Date;
  /** The session's last applied register reading, when it has one. */
  lastKnownAt: Date | null;
  skewMs: number;
}

/** A charger timestamp more than `skewMs` ahead of the server clock, or that far behind the last known reading. */
export function isClockSkewed(at: Date, check: ClockCheck): boolean {
  const time = at.getTime();
  if (time > check.now.getTime() + check.skewMs) return true;
  return check.lastKnownAt !== null && time < check.lastKnownAt.getTime() - check.skewMs;
}

/**
 * The samples, those with a skewed timestamp marked: the values are kept as sent (a report can
 * still show them), only flagged. The same array back when none is skewed, the usual case.
 */
export function markClockSkew(samples: Sample[], check: ClockCheck): Sample[] {
  if (!samples.some((s) => isClockSkewed(s.at, check))) return samples;
  return samples.map((s) => (isClockSkewed(s.at, check) ? { ...s, clockSkew: true } : s));
}
