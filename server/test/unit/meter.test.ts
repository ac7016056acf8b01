import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorizationOf, authorizationStatus16 } from '../../src/domain/id-tokens.js';
import {
  type RegisterState,
  applyRegisterReading,
  isClockSkewed,
  markClockSkew,
  normalizeSample,
  snapshotsOf,
} from '../../src/domain/meter.js';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));
const empty: RegisterState = { energyWh: 0, lastRegisterWh: null, lastRegisterAt: null };
const run = (readings: [number, number][]) =>
  readings.reduce((s, [wh, minute]) => applyRegisterReading(s, { wh, at: at(minute) }), empty).energyWh;

describe('session energy from register readings', () => {
  it.each([
    [
      'steady increase',
      [
        [1000, 0],
        [1500, 1],
        [2600, 2],
      ],
      1600,
    ],
    [
      'repeated reading',
      [
        [1000, 0],
        [1000, 1],
        [1200, 2],
      ],
      200,
    ],
    [
      'a lower reading at the same instant is a repeat, not a reset',
      [
        [0, 0],
        [467, 1],
        [286, 1],
        [467, 2],
      ],
      467,
    ],
    [
      'a higher reading at the same instant counts',
      [
        [0, 0],
        [286, 1],
        [467, 1],
      ],
      467,
    ],
    [
      'out of order (older) reading ignored',
      [
        [1000, 0],
        [3000, 2],
        [2000, 1],
        [3500, 3],
      ],
      2500,
    ],
    [
      'register reset starts a new baseline',
      [
        [90_000, 0],
        [91_000, 1],
        [100, 2],
        [600, 3],
      ],
      1500,
    ],
    [
      'reset to zero then stop lower again',
      [
        [500, 0],
        [900, 1],
        [0, 2],
        [50, 3],
        [10, 4],
      ],
      450,
    ],
    [
      'negative reading ignored',
      [
        [1000, 0],
        [-5, 1],
        [1100, 2],
      ],
      100,
    ],
    [
      'fractional Wh rounded per reading',
      [
        [1000.4, 0],
        [1001.6, 1],
      ],
      2,
    ],
  ] as [string, [number, number][], number][])('%s', (_name, readings, expected) => {
    expect(run(readings)).toBe(expected);
  });

  it('never goes negative or down, whatever the readings and their order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -1000, max: 1_000_000 }), fc.integer({ min: 0, max: 59 })), { maxLength: 40 }),
        (readings) => {
          let state = empty;
          for (const [wh, minute] of readings) {
            const next = applyRegisterReading(state, { wh, at: at(minute) });
            expect(next.energyWh).toBeGreaterThanOrEqual(state.energyWh);
            state = next;
          }
          expect(state.energyWh).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('sampled values', () => {
  it.each([
    [{ value: '12.5', unit: 'kWh' }, 'Energy.Active.Import.Register', 12_500, 'Wh'],
    [{ value: 92, unit: 'Wh', multiplier: 2 }, 'Energy.Active.Import.Register', 9200, 'Wh'],
    [{ value: '7.4', measurand: 'Power.Active.Import', unit: 'kW' }, 'Power.Active.Import', 7400, 'W'],
    [{ value: '16', measurand: 'Current.Import' }, 'Current.Import', 16, 'A'],
    [{ value: '55', measurand: 'SoC' }, 'SoC', 55, 'Percent'],
  ] as const)('%o → %s %d %s', (raw, measurand, value, unit) => {
    expect(normalizeSample(at(0), raw)).toMatchObject({ measurand, value, unit });
  });

  it.each([[{ value: 'abc' }], [{ value: '1e400' }], [{ value: '12', format: 'SignedData' }], [{ value: '' }]])(
    'skips %o',
    (raw) => {
      expect(normalizeSample(at(0), raw)).toBeNull();
    },
  );

  it('sums phases when there is no total, and takes the total when there is one', () => {
    const phases = ['L1', 'L2', 'L3'].map((phase) =>
      normalizeSample(at(1), { value: '3700', measurand: 'Power.Active.Import', phase })!,
    );
    expect(snapshotsOf(phases)[0]!.powerW).toBe(11_100);
    const withTotal = [...phases, normalizeSample(at(1), { value: '11000', measurand: 'Power.Active.Import' })!];
    expect(snapshotsOf(withTotal)[0]!.powerW).toBe(11_000);
  });
});

describe('ID token authorization', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it.each([
    [null, 'Unknown', 'Invalid'],
    [{ status: 'active', expiresAt: null }, 'Accepted', 'Accepted'],
    [{ status: 'active', expiresAt: new Date('2026-05-31T23:59:59Z') }, 'Expired', 'Expired'],
    [{ status: 'blocked', expiresAt: new Date('2020-01-01T00:00:00Z') }, 'Blocked', 'Blocked'],
    [{ status: 'active', expiresAt: new Date('2027-01-01T00:00:00Z') }, 'Accepted', 'Accepted'],
  ] as const)('%o → %s (1.6: %s)', (token, status, status16) => {
    expect(authorizationOf(token, now)).toBe(status);
    expect(authorizationStatus16(authorizationOf(token, now))).toBe(status16);
  });
});

describe('charger clock skew', () => {
  const now = at(30);
  const check = { now, lastKnownAt: at(20), skewMs: 10 * 60_000 };
  it.each([
    ['on time', at(25), false],
    ['ahead by less than the skew', at(39), false],
    ['ahead by more than the skew', at(41), true],
    ['behind the last reading by less than the skew', at(11), false],
    ['behind the last reading by more than the skew', at(9), true],
  ])('%s', (_name, when, skewed) => {
    expect(isClockSkewed(when, check)).toBe(skewed);
  });

  it('marks only the skewed samples and keeps their values and timestamps as sent', () => {
    const fine = normalizeSample(at(25), { value: '100' })!;
    const ahead = normalizeSample(at(59), { value: '200' })!;
    const marked = markClockSkew([fine, ahead], check);
    expect(marked).toEqual([fine, { ...ahead, clockSkew: true }]);
    expect(markClockSkew([fine], check)[0]).toBe(fine);
  });
});
