import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GRID_THRESHOLDS as T,
  type GridHealth,
  type HealthState,
  levelOf,
  nextHealth,
  thresholdProblems,
} from '../../src/domain/grid-health.js';
import type { GridReading } from '../../src/domain/grid-reading.js';

const START = Date.UTC(2026, 11, 7, 12);

const reading = (seconds: number, fields: Partial<GridReading>): GridReading => ({
  at: new Date(START + seconds * 1000),
  frequencyHz: null,
  demandMw: null,
  generationMw: null,
  reserveMarginPercent: null,
  renewablePercent: null,
  carbonGPerKwh: null,
  mix: null,
  ...fields,
});

const normal: HealthState = { health: 'normal', since: new Date(START), reason: '', calmSince: null };

/** The health after each reading in turn. */
function walk(readings: GridReading[], from = normal): GridHealth[] {
  let state = from;
  return readings.map((r) => {
    state = nextHealth(state, r, T).state;
    return state.health;
  });
}

describe('the grid’s health from its readings', () => {
  it.each([
    [{ frequencyHz: 50.01 }, 'normal'],
    [{ frequencyHz: 49.79 }, 'alert'],
    [{ frequencyHz: 49.49 }, 'emergency'],
    [{ frequencyHz: 50.25 }, 'alert'],
    [{ frequencyHz: 50.6 }, 'emergency'],
    [{ reserveMarginPercent: 9 }, 'alert'],
    [{ reserveMarginPercent: 4 }, 'emergency'],
    [{ frequencyHz: 49.7, reserveMarginPercent: 3 }, 'emergency'],
  ] as const)('%j is %s', (fields, health) => {
    expect(levelOf(reading(0, fields), T).health).toBe(health);
  });

  it('names what set the level', () => {
    expect(levelOf(reading(0, { frequencyHz: 49.7, reserveMarginPercent: 3.25 }), T).reason).toBe('reserve margin 3.3 %');
    expect(levelOf(reading(0, { frequencyHz: 49.42 }), T).reason).toBe('frequency 49.42 Hz');
  });

  it('worsens at the first reading that shows it, and improves only after the readings stay clear for the clear time', () => {
    const seconds = [0, 5, 10, 15, 70, 75, 80, 134, 135];
    const frequencies = [50.0, 49.45, 49.7, 49.7, 49.7, 49.95, 49.95, 50.0, 50.0];
    expect(walk(seconds.map((s, i) => reading(s, { frequencyHz: frequencies[i]! })))).toEqual([
      'normal',
      'emergency',
      // 49.7 Hz is an alert's reading, clear of the emergency's 49.5 Hz by its dead band: 60 s of it first.
      'emergency',
      'emergency',
      'alert',
      // Normal readings from 75 s: normal at 135 s, not a second earlier.
      'alert',
      'alert',
      'alert',
      'normal',
    ]);
  });

  it('does not flap while the frequency hovers at a threshold', () => {
    const hovering = Array.from({ length: 60 }, (_, i) => reading(i * 5, { frequencyHz: i % 2 ? 49.79 : 49.81 }));
    const healths = walk(hovering);
    const changes = healths.filter((h, i) => i > 0 && h !== healths[i - 1]).length;
    // 49.81 Hz is normal at first; from the first 49.79 Hz it is an alert, and 49.81 Hz is not clear of 49.8 Hz by the dead band.
    expect(healths[0]).toBe('normal');
    expect(healths.slice(1).every((h) => h === 'alert')).toBe(true);
    expect(changes).toBe(1);
  });

  it('is unmoved by a reading that says nothing about stress (demand only)', () => {
    const alert: HealthState = { ...normal, health: 'alert' };
    expect(nextHealth(alert, reading(500, { demandMw: 2000 }), T)).toEqual({ state: alert, changed: false });
  });

  it('property: any sequence changes level at most once per clear time when it improves, and never skips a worse reading', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 49.3, max: 50.6, noNaN: true }), { minLength: 1, maxLength: 200 }), (fs) => {
        let state = normal;
        let lastImprovement = -Infinity;
        for (const [i, f] of fs.entries()) {
          const r = reading(i * 5, { frequencyHz: f });
          const before = state.health;
          const step = nextHealth(state, r, T);
          state = step.state;
          const rank = { normal: 0, alert: 1, emergency: 2 };
          // A reading worse than the level in force is never ignored.
          expect(rank[state.health]).toBeGreaterThanOrEqual(rank[levelOf(r, T).health]);
          if (rank[state.health] < rank[before]) {
            expect(i * 5 - lastImprovement).toBeGreaterThanOrEqual(T.clearSeconds);
            lastImprovement = i * 5;
          }
        }
      }),
    );
  });

  it('refuses thresholds that do not fit together', () => {
    expect(thresholdProblems(T)).toEqual([]);
    expect(thresholdProblems({ ...T, frequencyEmergencyHz: 49.9 })).toEqual([
      'low frequency: the emergency threshold must be below the alert one, both between 45 and 50 Hz',
    ]);
    expect(thresholdProblems({ ...T, reserveEmergencyPercent: 12, clearSeconds: -1 })).toHaveLength(2);
  });
});
