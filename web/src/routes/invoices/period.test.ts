import { describe, expect, it } from 'vitest';
import { dayBefore } from './period';

describe('dayBefore', () => {
  it.each([
    ['2026-04-01', '2026-03-31'],
    ['2024-03-01', '2024-02-29'],
    ['2026-01-01', '2025-12-31'],
    ['2026-03-09', '2026-03-08'],
  ])('%s → %s', (end, last) => {
    expect(dayBefore(end)).toBe(last);
  });
});
