import { describe, expect, it } from 'vitest';
import type { LoadManagementState } from '../../api/load-management';
import { MAX_SAMPLES, withSample } from './load-history';

const state = (sessions: { sessionId: string; measuredKw: string | null }[], limit: string | null = '60') =>
  ({ effectiveLimitKw: limit, sessions }) as unknown as LoadManagementState;

describe('the live chart’s samples', () => {
  it('keep each session’s power in kW and the limit, a session without a reading at 0', () => {
    const samples = withSample(
      [],
      state([
        { sessionId: 'a', measuredKw: '9.95' },
        { sessionId: 'b', measuredKw: null },
      ]),
      1_000,
    );
    expect(samples).toEqual([{ at: 1_000, bySession: { a: 9.95, b: 0 }, limitKw: 60 }]);
    expect(withSample(samples, state([], null), 2_000)[1]).toEqual({ at: 2_000, bySession: {}, limitKw: null });
  });

  it('draw the limit as lowered while the grid is under stress', () => {
    const stressed = { effectiveLimitKw: '60', grid: { sharedLimitKw: '48' }, sessions: [] } as unknown as LoadManagementState;
    expect(withSample([], stressed, 5)[0]!.limitKw).toBe(48);
  });

  it('drop the oldest past the window', () => {
    let samples = withSample([], state([]), 0);
    for (let i = 1; i <= MAX_SAMPLES + 5; i++) samples = withSample(samples, state([]), i);
    expect(samples).toHaveLength(MAX_SAMPLES);
    expect(samples[0]!.at).toBe(6);
    expect(samples.at(-1)!.at).toBe(MAX_SAMPLES + 5);
  });
});
