import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, hasAttemptsLeft, retryDelayMs } from '../../src/domain/job-retry.js';

describe('job retry back-off', () => {
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [8, 640_000],
    [12, MAX_RETRY_DELAY_MS],
    [100, MAX_RETRY_DELAY_MS],
  ])('after failure %i waits %i ms (no jitter at the midpoint)', (attempt, expected) => {
    expect(retryDelayMs(attempt, 5_000, () => 0.5)).toBe(expected);
  });

  it('spreads each delay within ±20 % and never past the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const mid = Math.min(1_000 * 2 ** Math.min(attempt - 1, 30), MAX_RETRY_DELAY_MS);
          const delay = retryDelayMs(attempt, 1_000, () => r);
          return delay >= Math.floor(mid * 0.8) && delay <= Math.ceil(mid * 1.2);
        },
      ),
    );
  });

  it('dead-letters after the last attempt', () => {
    expect(hasAttemptsLeft(7, 8)).toBe(true);
    expect(hasAttemptsLeft(8, 8)).toBe(false);
  });
});
