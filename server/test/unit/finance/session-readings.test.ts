import { describe, expect, it } from 'vitest';
import { sessionReadings } from '../../../src/domain/finance/session-readings.js';

const t = (minute: number) => new Date(Date.UTC(2026, 2, 10, 12, minute));
const session = (fields: Partial<Parameters<typeof sessionReadings>[0]> = {}) => ({
  startedAt: t(0),
  stoppedAt: t(80),
  meterStartWh: 1000,
  meterStopWh: 28_500,
  energyWh: 27_500,
  ...fields,
});
const view = (readings: ReturnType<typeof sessionReadings>) => readings.map((r) => [r.at.getTime(), r.wh]);

describe('sessionReadings', () => {
  it('start, samples and stop become cumulative energy from zero', () => {
    expect(view(sessionReadings(session(), [{ at: t(40), wh: 15_000 }]))).toEqual([
      [t(0).getTime(), 0],
      [t(40).getTime(), 14_000],
      [t(80).getTime(), 27_500],
    ]);
  });

  it('a sample at the same instant as the stop is merged (the highest reading wins)', () => {
    expect(view(sessionReadings(session(), [{ at: t(80), wh: 28_400 }])).at(-1)).toEqual([t(80).getTime(), 27_500]);
  });

  it('a register that drops (meter reset) adds nothing, and counting resumes from the new value', () => {
    const readings = sessionReadings(session({ meterStopWh: 600 }), [
      { at: t(20), wh: 5000 },
      { at: t(40), wh: 100 },
    ]);
    expect(readings.map((r) => r.wh)).toEqual([0, 4000, 4000, 4500]);
  });

  it('samples outside the session are ignored', () => {
    const readings = sessionReadings(session(), [
      { at: t(-5), wh: 0 },
      { at: t(90), wh: 99_999 },
    ]);
    expect(readings.map((r) => r.wh)).toEqual([0, 27_500]);
  });

  it('with no register at all, the stored energy spreads over the session', () => {
    expect(view(sessionReadings(session({ meterStartWh: null, meterStopWh: null }), []))).toEqual([
      [t(0).getTime(), 0],
      [t(80).getTime(), 27_500],
    ]);
  });

  it('a session whose first reading comes late starts at zero at its start', () => {
    const readings = sessionReadings(session({ meterStartWh: null }), [{ at: t(10), wh: 1000 }]);
    expect(view(readings)).toEqual([
      [t(0).getTime(), 0],
      [t(10).getTime(), 0],
      [t(80).getTime(), 27_500],
    ]);
  });

  it('a lower reading repeated at an earlier instant is no reset: the same figure as the session (Ended repeating a periodic)', () => {
    const readings = sessionReadings(session({ meterStartWh: 0, meterStopWh: 467 }), [
      { at: t(0), wh: 0 },
      { at: t(10), wh: 467 },
      { at: t(0), wh: 0 },
      { at: t(10), wh: 286 },
      { at: t(80), wh: 467 },
    ]);
    expect(view(readings)).toEqual([
      [t(0).getTime(), 0],
      [t(10).getTime(), 467],
      [t(80).getTime(), 467],
    ]);
  });
});
