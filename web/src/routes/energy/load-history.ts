import type { LoadManagementState } from '../../api/load-management';

/** One look at the site: when, each session's power (kW) by session id, and the limit in force. */
export interface LoadSample {
  at: number;
  bySession: Record<string, number>;
  limitKw: number | null;
}

/** How many looks the live chart keeps (at one every 5 s, the last 10 minutes). */
export const MAX_SAMPLES = 120;

/** Adds what the page just read to the samples seen since it opened, oldest dropped past the window. */
export function withSample(samples: readonly LoadSample[], state: LoadManagementState, at: number): LoadSample[] {
  const bySession: Record<string, number> = {};
  for (const s of state.sessions) bySession[s.sessionId] = s.measuredKw === null ? 0 : Number(s.measuredKw);
  const sample = { at, bySession, limitKw: sharedLimitKw(state) };
  return [...samples, sample].slice(-MAX_SAMPLES);
}

/** The limit the sessions share now: the site's, lowered while the grid is under stress. */
export function sharedLimitKw(state: Pick<LoadManagementState, 'effectiveLimitKw' | 'grid'>): number | null {
  const limit = state.grid?.sharedLimitKw ?? state.effectiveLimitKw;
  return limit === null || limit === undefined ? null : Number(limit);
}
