import { describe, expect, it } from 'vitest';
import { compositeScheduleOf, limitWords } from './composite-schedule';

describe('compositeScheduleOf', () => {
  it.each([
    {
      name: '1.6',
      response: {
        status: 'Accepted',
        chargingSchedule: { duration: 3600, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 3000 }] },
      },
      want: { unit: 'W', limit: 3000, durationSeconds: 3600 },
    },
    {
      name: '2.0.1',
      response: {
        status: 'Accepted',
        schedule: { evseId: 1, duration: 600, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
      },
      want: { unit: 'A', limit: 16, durationSeconds: 600 },
    },
    { name: 'a rejection', response: { status: 'Rejected' }, want: null },
  ])('reads a $name answer', ({ response, want }) => {
    expect(compositeScheduleOf(response)).toEqual(want);
  });

  it('says watts as kW and amperes per phase', () => {
    expect(limitWords({ unit: 'W', limit: 3000 })).toBe('3 kW');
    expect(limitWords({ unit: 'W', limit: 7360 })).toBe('7.36 kW');
    expect(limitWords({ unit: 'A', limit: 15.9 })).toBe('15.9 A per phase');
  });
});
