/**
 * A grid feed's message read into a reading: pure. Feeds differ (field names, numbers as text,
 * timestamps in seconds, milliseconds or ISO), so the reader is tolerant of shape and strict about
 * values: a value out of range makes the message a bad reading, recorded with its reason, never a
 * reading that moves the grid's health.
 */

export interface GridMix {
  thermalMw: number;
  hydroMw: number;
  solarMw: number;
  windMw: number;
}

export interface GridReading {
  at: Date;
  frequencyHz: number | null;
  demandMw: number | null;
  generationMw: number | null;
  reserveMarginPercent: number | null;
  renewablePercent: number | null;
  carbonGPerKwh: number | null;
  mix: GridMix | null;
}

export const READING_FIELDS = [
  'at',
  'frequencyHz',
  'demandMw',
  'generationMw',
  'reserveMarginPercent',
  'renewablePercent',
  'carbonGPerKwh',
  'thermalMw',
  'hydroMw',
  'solarMw',
  'windMw',
] as const;
export type ReadingField = (typeof READING_FIELDS)[number];

/** Where each field is in a feed's JSON message: a dotted path (`grid.freq`, `data.0.value`); a field not named is read under its own name. */
export type FieldMapping = Partial<Record<ReadingField, string>>;

/**
 * The thermal fleet's emissions per kWh generated, for a feed that gives the mix but no intensity:
 * a blend of coal (about 1,000 g/kWh) and fuel oil (about 750 g/kWh) plants, as in Sri Lanka's.
 */
export const THERMAL_G_PER_KWH = 880;

/** A reading time up to this far ahead of ours is a clock skew and taken as received; further ahead is bad. */
export const MAX_FUTURE_MS = 5 * 60_000;
/** Older than this, a message is a replay or a stuck clock, not the grid now. */
export const MAX_AGE_MS = 24 * 3_600_000;

const RANGES: Record<Exclude<ReadingField, 'at'>, [number, number]> = {
  frequencyHz: [40, 70],
  demandMw: [0, 1_000_000],
  generationMw: [0, 1_000_000],
  reserveMarginPercent: [-100, 1_000],
  renewablePercent: [0, 100],
  carbonGPerKwh: [0, 2_000],
  thermalMw: [0, 1_000_000],
  hydroMw: [0, 1_000_000],
  solarMw: [0, 1_000_000],
  windMw: [0, 1_000_000],
};

export type ReadOutcome = { ok: true; reading: GridReading } | { ok: false; reason: string };

function pick(message: unknown, path: string): unknown {
  let value: unknown = message;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function numberOf(value: unknown): number | null | 'bad' {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : 'bad';
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return 'bad';
}

function timeOf(value: unknown): Date | null | 'bad' {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value < 1e11 ? value * 1000 : value);
  if (typeof value === 'string') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? 'bad' : date;
  }
  return 'bad';
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * One message as a reading. `receivedAt` stands in for a missing timestamp (to the whole second, so
 * instances that receive the same message store it once). A field that is present must be a number
 * in its range; at least one of frequency, demand, reserve margin or the mix must be there.
 */
export function readGridMessage(message: unknown, mapping: FieldMapping, receivedAt: Date): ReadOutcome {
  if (message === null || typeof message !== 'object' || Array.isArray(message))
    return { ok: false, reason: 'the message is not a JSON object' };
  const values: Partial<Record<Exclude<ReadingField, 'at'>, number>> = {};
  for (const field of READING_FIELDS) {
    if (field === 'at') continue;
    const path = mapping[field] ?? field;
    const value = numberOf(pick(message, path));
    if (value === 'bad') return { ok: false, reason: `${field} (${path}) is not a number` };
    if (value === null) continue;
    const [min, max] = RANGES[field];
    if (value < min || value > max) return { ok: false, reason: `${field} ${value} is outside ${min}–${max}` };
    values[field] = value;
  }
  const stamp = timeOf(pick(message, mapping.at ?? 'at'));
  if (stamp === 'bad') return { ok: false, reason: `the timestamp (${mapping.at ?? 'at'}) is not a time` };
  let at = stamp ?? new Date(Math.floor(receivedAt.getTime() / 1000) * 1000);
  const ahead = at.getTime() - receivedAt.getTime();
  if (ahead > MAX_FUTURE_MS) return { ok: false, reason: `the timestamp is ${Math.round(ahead / 1000)} s in the future` };
  if (ahead > 0) at = new Date(Math.floor(receivedAt.getTime() / 1000) * 1000);
  if (-ahead > MAX_AGE_MS) return { ok: false, reason: 'the timestamp is more than a day old' };

  const parts = [values.thermalMw, values.hydroMw, values.solarMw, values.windMw];
  const mix = parts.some((p) => p !== undefined)
    ? { thermalMw: values.thermalMw ?? 0, hydroMw: values.hydroMw ?? 0, solarMw: values.solarMw ?? 0, windMw: values.windMw ?? 0 }
    : null;
  const mixTotal = mix ? mix.thermalMw + mix.hydroMw + mix.solarMw + mix.windMw : 0;
  if (
    values.frequencyHz === undefined &&
    values.demandMw === undefined &&
    values.reserveMarginPercent === undefined &&
    mix === null
  )
    return { ok: false, reason: 'the message has none of frequency, demand, reserve margin or generation mix' };
  return {
    ok: true,
    reading: {
      at,
      frequencyHz: values.frequencyHz ?? null,
      demandMw: values.demandMw ?? null,
      generationMw: values.generationMw ?? (mix ? round(mixTotal, 2) : null),
      reserveMarginPercent: values.reserveMarginPercent ?? null,
      renewablePercent:
        values.renewablePercent ?? (mix && mixTotal > 0 ? round(((mixTotal - mix.thermalMw) / mixTotal) * 100, 2) : null),
      carbonGPerKwh:
        values.carbonGPerKwh ?? (mix && mixTotal > 0 ? round((mix.thermalMw / mixTotal) * THERMAL_G_PER_KWH, 1) : null),
      mix,
    },
  };
}
