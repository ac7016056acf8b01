import { describe, expect, it } from 'vitest';
import { instantToZoned, zonedToInstant } from './zoned-time';

describe('zoned wall-clock times', () => {
  it('reads a time on the clock of the zone named, not the browser’s', () => {
    expect(zonedToInstant('2026-12-07T09:30', 'Asia/Colombo')).toBe('2026-12-07T04:00:00.000Z');
    expect(zonedToInstant('2026-12-07T09:30', 'UTC')).toBe('2026-12-07T09:30:00.000Z');
    expect(instantToZoned('2026-12-07T04:00:00.000Z', 'Asia/Colombo')).toBe('2026-12-07T09:30');
  });

  it('follows daylight saving, and refuses a time the spring change skips', () => {
    expect(zonedToInstant('2026-07-01T12:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(zonedToInstant('2026-01-01T12:00', 'Europe/Berlin')).toBe('2026-01-01T11:00:00.000Z');
    expect(zonedToInstant('2026-03-29T02:30', 'Europe/Berlin')).toBeNull();
    expect(zonedToInstant('not a time', 'UTC')).toBeNull();
  });
});
