/**
 * A simulated national grid like Sri Lanka's, for the demo and the tests: a pure function of time
 * (and a seed), so every instance computes the same reading for the same moment and stores it once.
 *
 * - Demand follows a day's curve in Colombo time (UTC+5:30): a night trough near 1,400 MW, a day
 *   plateau near 2,000 MW and the evening peak from 18:30 to 22:30 near 2,600 MW.
 * - Generation mix: rooftop and utility solar by day (up to about 600 MW, less on cloudy days), wind
 *   of 80–250 MW, hydro carrying about a third and most of the evening peak, thermal the rest.
 * - Frequency: 50 Hz with noise of a few hundredths and a slow wander; rarely (about 1 % of
 *   ten-minute windows) a unit trips and the frequency falls to 49.45–49.75 Hz, recovering in minutes.
 * - Reserve margin: dispatchable capacity (less a day's unit outages) plus renewables, over demand.
 * - Carbon intensity follows the thermal share.
 */
import { type GridMix, type GridReading, THERMAL_G_PER_KWH } from './grid-reading.js';

/** Readings come every this many seconds; a reading's time is a multiple of it. */
export const SIMULATED_INTERVAL_SECONDS = 5;

const COLOMBO_OFFSET_MS = 5.5 * 3_600_000;
const DISPATCHABLE_MW = 2_950;

/** Demand at each hour of the local day (MW); the last equals the first. */
const DEMAND_BY_HOUR = [
  1650, 1550, 1480, 1420, 1400, 1450, 1600, 1750, 1850, 1950, 2000, 2020, 1980, 1990, 2020, 2000, 1960, 1980, 2250, 2600, 2620,
  2500, 2250, 1900, 1650,
];

/** A well-mixed 32-bit hash of (seed, n, salt) as a number in [0, 1). */
function unit(seed: number, n: number, salt: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n | 0, 0xc2b2ae35) ^ Math.imul(salt, 0x27d4eb2f);
  h ^= Math.floor(n / 4_294_967_296);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4_294_967_296;
}

/** Standard normal noise for slot n (Box–Muller on two hashes). */
function gauss(seed: number, n: number, salt: number): number {
  const u = Math.max(unit(seed, n, salt), 1e-12);
  const v = unit(seed, n, salt + 1);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Smooth noise in [-1, 1]: hashed values at every `periodMs`, eased between. */
function smooth(seed: number, atMs: number, periodMs: number, salt: number): number {
  const x = atMs / periodMs;
  const i = Math.floor(x);
  const f = x - i;
  const ease = (1 - Math.cos(Math.PI * f)) / 2;
  const a = unit(seed, i, salt) * 2 - 1;
  const b = unit(seed, i + 1, salt) * 2 - 1;
  return a + (b - a) * ease;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** The local hour of the day as a fraction (0 ≤ h < 24) and the local day number. */
function colombo(atMs: number): { hour: number; day: number } {
  const local = atMs + COLOMBO_OFFSET_MS;
  return { hour: (local % 86_400_000) / 3_600_000, day: Math.floor(local / 86_400_000) };
}

function demandAt(hour: number): number {
  const i = Math.floor(hour);
  const f = hour - i;
  return DEMAND_BY_HOUR[i]! + (DEMAND_BY_HOUR[i + 1]! - DEMAND_BY_HOUR[i]!) * f;
}

/** The frequency dip of a unit trip, if one is under way: how far below 50 Hz, else 0. */
function tripDip(seed: number, atMs: number): number {
  const windowMs = 600_000;
  const window = Math.floor(atMs / windowMs);
  for (const w of [window, window - 1]) {
    if (unit(seed, w, 11) >= 0.01) continue;
    const start = w * windowMs + unit(seed, w, 12) * windowMs;
    const depth = 0.25 + unit(seed, w, 13) * 0.3;
    const recoverMs = 120_000 + unit(seed, w, 14) * 120_000;
    const elapsed = atMs - start;
    if (elapsed < 0 || elapsed > recoverMs * 1.5) continue;
    // A fast fall in the first seconds, then recovery as reserves pick up.
    return elapsed < 8_000 ? (depth * elapsed) / 8_000 : depth * Math.exp((-3 * (elapsed - 8_000)) / recoverMs);
  }
  return 0;
}

/** The simulated grid at a moment (taken to its reading slot). */
export function simulatedGridReading(atMs: number, seed = 1): GridReading {
  const slotMs = SIMULATED_INTERVAL_SECONDS * 1000;
  const at = Math.floor(atMs / slotMs) * slotMs;
  const slot = at / slotMs;
  const { hour, day } = colombo(at);

  const demandMw = demandAt(hour) * (1 + 0.02 * smooth(seed, at, 1_800_000, 1) + 0.004 * gauss(seed, slot, 2));
  const cloud = 0.55 + 0.45 * unit(seed, day, 3);
  const daylight = hour > 6.25 && hour < 18.25 ? Math.sin((Math.PI * (hour - 6.25)) / 12) : 0;
  const solarMw = Math.max(0, 600 * cloud * daylight * (1 + 0.15 * smooth(seed, at, 600_000, 4)));
  const windMw = 165 + 85 * smooth(seed, at, 3_600_000, 5);
  const hydroMw = Math.min(1_350, Math.max(300, 0.3 * demandMw + Math.max(0, demandMw - 2_000) * 0.6));

  const dip = tripDip(seed, at);
  const frequencyHz = 50 + 0.02 * gauss(seed, slot, 6) + 0.035 * smooth(seed, at, 300_000, 7) - dip;
  // Generation answers demand, a little over or under as the frequency shows.
  const generationMw = demandMw * (1 + (frequencyHz - 50) * 0.02);
  const thermalMw = Math.max(250, generationMw - solarMw - windMw - hydroMw);
  const mix: GridMix = {
    thermalMw: round(thermalMw, 1),
    hydroMw: round(hydroMw, 1),
    solarMw: round(solarMw, 1),
    windMw: round(windMw, 1),
  };
  const total = thermalMw + hydroMw + solarMw + windMw;

  const outageMw = [0, 0, 0, 0, 0, 0, 0, 150, 150, 300][Math.floor(unit(seed, day, 8) * 10)]!;
  const reserveMarginPercent = ((DISPATCHABLE_MW - outageMw + solarMw + windMw - demandMw) / demandMw) * 100;

  return {
    at: new Date(at),
    frequencyHz: round(frequencyHz, 3),
    demandMw: round(demandMw, 1),
    generationMw: round(total, 1),
    reserveMarginPercent: round(reserveMarginPercent, 2),
    renewablePercent: round(((total - thermalMw) / total) * 100, 2),
    carbonGPerKwh: round((thermalMw / total) * THERMAL_G_PER_KWH, 1),
    mix,
  };
}
