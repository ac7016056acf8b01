import { describe, expect, it } from 'vitest';
import { parseSampleReadings } from './sample-readings';

describe('the power curve typed under the tariff preview', () => {
  it('reads a time and the kWh so far per line, on the start’s date unless a date is given', () => {
    expect(parseSampleReadings('18:30 14\n\n 19:10 27.5 kWh \n2026-03-11 00:05 30', '2026-03-10T17:50')).toEqual({
      readings: [
        { atLocal: '2026-03-10T18:30', energyWh: 14_000 },
        { atLocal: '2026-03-10T19:10', energyWh: 27_500 },
        { atLocal: '2026-03-11T00:05', energyWh: 30_000 },
      ],
    });
  });

  it('names the first line it cannot read', () => {
    expect(parseSampleReadings('18:30 14\n7pm 20', '2026-03-10T17:50')).toEqual({
      error: 'Reading on line 2: write a time and the kWh so far, e.g. "18:30 14"',
    });
    expect(parseSampleReadings('25:00 3', '2026-03-10T17:50')).toHaveProperty('error');
    expect(parseSampleReadings('18:30 1.2345', '2026-03-10T17:50')).toHaveProperty('error');
  });

  it('an empty text is no curve', () => {
    expect(parseSampleReadings(' \n ', '2026-03-10T17:50')).toEqual({ readings: [] });
  });
});
