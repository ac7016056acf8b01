import { describe, expect, it } from 'vitest';
import { formatWait, totalsByStatus } from './job-figures';

describe('job figures', () => {
  it('adds jobs per status over kinds and keeps the longest wait', () => {
    const totals = totalsByStatus([
      { kind: 'settle-session', status: 'queued', jobs: 3, oldestAgeSeconds: 12 },
      { kind: 'send-email', status: 'queued', jobs: 2, oldestAgeSeconds: 75 },
      { kind: 'settle-session', status: 'failed', jobs: 1, oldestAgeSeconds: null },
    ]);
    expect(totals).toEqual({ jobs: { queued: 5, running: 0, done: 0, failed: 1 }, oldestWaitSeconds: 75 });
  });

  it.each([
    [null, '—'],
    [4.4, '4 s'],
    [180, '3 min'],
    [7500, '2 h 5 min'],
    [7200, '2 h'],
  ])('a wait of %s reads "%s"', (seconds, text) => {
    expect(formatWait(seconds)).toBe(text);
  });
});
