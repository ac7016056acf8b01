/**
 * The grid's health from its readings: normal, alert or emergency. Pure.
 *
 * Frequency below (or above) nominal and a thin reserve margin both mean stress. A worse level is
 * taken at the first reading that shows it; a better one only after the readings have been clear of
 * the threshold by a dead band for `clearSeconds`, so a frequency hovering at 49.8 Hz does not flap.
 */
import type { GridReading } from './grid-reading.js';

export const GRID_HEALTH = ['normal', 'alert', 'emergency'] as const;
export type GridHealth = (typeof GRID_HEALTH)[number];

export interface GridThresholds {
  /** Below these the grid is in alert, then emergency (Hz). */
  frequencyAlertHz: number;
  frequencyEmergencyHz: number;
  /** Above these too: over-frequency is stress of the other kind. */
  highFrequencyAlertHz: number;
  highFrequencyEmergencyHz: number;
  /** A reserve margin below these (percent of demand). */
  reserveAlertPercent: number;
  reserveEmergencyPercent: number;
  /** How far inside a threshold the readings must be before a level is left. */
  frequencyDeadbandHz: number;
  reserveDeadbandPercent: number;
  /** How long the readings must stay clear before the health improves. */
  clearSeconds: number;
}

export const DEFAULT_GRID_THRESHOLDS: GridThresholds = {
  frequencyAlertHz: 49.8,
  frequencyEmergencyHz: 49.5,
  highFrequencyAlertHz: 50.2,
  highFrequencyEmergencyHz: 50.5,
  reserveAlertPercent: 10,
  reserveEmergencyPercent: 5,
  frequencyDeadbandHz: 0.05,
  reserveDeadbandPercent: 1,
  clearSeconds: 60,
};

export interface HealthState {
  health: GridHealth;
  since: Date;
  /** Why: the reading that set the level, in words. */
  reason: string;
  /** When the readings first showed a better level, while waiting for clearSeconds; null otherwise. */
  calmSince: Date | null;
}

const RANK: Record<GridHealth, number> = { normal: 0, alert: 1, emergency: 2 };

const hz = (value: number) => `${value.toFixed(2)} Hz`;

/** The level one reading shows; `band` moves every threshold toward normal (the test for leaving a level). */
export function levelOf(reading: GridReading, t: GridThresholds, band = false): { health: GridHealth; reason: string } {
  const f = reading.frequencyHz;
  const r = reading.reserveMarginPercent;
  const fb = band ? t.frequencyDeadbandHz : 0;
  const rb = band ? t.reserveDeadbandPercent : 0;
  const found: { health: GridHealth; reason: string }[] = [];
  if (f !== null) {
    if (f < t.frequencyEmergencyHz + fb) found.push({ health: 'emergency', reason: `frequency ${hz(f)}` });
    else if (f > t.highFrequencyEmergencyHz - fb) found.push({ health: 'emergency', reason: `frequency ${hz(f)}` });
    else if (f < t.frequencyAlertHz + fb || f > t.highFrequencyAlertHz - fb)
      found.push({ health: 'alert', reason: `frequency ${hz(f)}` });
  }
  if (r !== null) {
    if (r < t.reserveEmergencyPercent + rb) found.push({ health: 'emergency', reason: `reserve margin ${r.toFixed(1)} %` });
    else if (r < t.reserveAlertPercent + rb) found.push({ health: 'alert', reason: `reserve margin ${r.toFixed(1)} %` });
  }
  const worst = found.sort((a, b) => RANK[b.health] - RANK[a.health])[0];
  return worst ?? { health: 'normal', reason: f !== null ? `frequency ${hz(f)}` : 'readings within limits' };
}

/** The health after one more reading; `changed` when the level moved. */
export function nextHealth(
  state: HealthState,
  reading: GridReading,
  t: GridThresholds,
): { state: HealthState; changed: boolean } {
  // A reading with neither frequency nor reserve says nothing about stress.
  if (reading.frequencyHz === null && reading.reserveMarginPercent === null) return { state, changed: false };
  const now = levelOf(reading, t);
  if (RANK[now.health] > RANK[state.health])
    return { state: { health: now.health, since: reading.at, reason: now.reason, calmSince: null }, changed: true };
  const clear = levelOf(reading, t, true);
  if (RANK[clear.health] >= RANK[state.health]) return { state: { ...state, calmSince: null }, changed: false };
  const calmSince = state.calmSince ?? reading.at;
  if (reading.at.getTime() - calmSince.getTime() < t.clearSeconds * 1000)
    return { state: { ...state, calmSince }, changed: false };
  return { state: { health: clear.health, since: reading.at, reason: clear.reason, calmSince: null }, changed: true };
}

/** Thresholds that make sense together, as readable problems (empty: fine). */
export function thresholdProblems(t: GridThresholds): string[] {
  const problems: string[] = [];
  if (!(t.frequencyEmergencyHz < t.frequencyAlertHz && t.frequencyAlertHz < 50 && t.frequencyEmergencyHz >= 45))
    problems.push('low frequency: the emergency threshold must be below the alert one, both between 45 and 50 Hz');
  if (!(t.highFrequencyEmergencyHz > t.highFrequencyAlertHz && t.highFrequencyAlertHz > 50 && t.highFrequencyEmergencyHz <= 55))
    problems.push('high frequency: the emergency threshold must be above the alert one, both between 50 and 55 Hz');
  if (!(t.reserveEmergencyPercent < t.reserveAlertPercent))
    problems.push('reserve margin: the emergency threshold must be below the alert one');
  if (t.frequencyDeadbandHz < 0 || t.frequencyDeadbandHz > 0.5) problems.push('the frequency dead band must be 0–0.5 Hz');
  if (t.reserveDeadbandPercent < 0 || t.reserveDeadbandPercent > 20) problems.push('the reserve dead band must be 0–20 %');
  if (t.clearSeconds < 0 || t.clearSeconds > 3600) problems.push('the clear time must be 0–3,600 s');
  return problems;
}
