import { describe, expect, it } from 'vitest';
import { levelOf, DEFAULT_GRID_THRESHOLDS } from '../../src/domain/grid-health.js';
import { THERMAL_G_PER_KWH } from '../../src/domain/grid-reading.js';
import { SIMULATED_INTERVAL_SECONDS, simulatedGridReading } from '../../src/domain/simulated-grid.js';

/** 2026-12-01 00:00 in Colombo (UTC+5:30). */
const MIDNIGHT = Date.UTC(2026, 11, 1) - 5.5 * 3_600_000;
const at = (hour: number, day = 0) => MIDNIGHT + day * 86_400_000 + hour * 3_600_000;

describe('the simulated national grid', () => {
  it('gives every instance the same reading for the same moment, on 5-second slots', () => {
    const a = simulatedGridReading(at(19.5) + 1_234);
    const b = simulatedGridReading(at(19.5) + 3_999);
    expect(a).toEqual(b);
    expect(a.at.getTime() % (SIMULATED_INTERVAL_SECONDS * 1000)).toBe(0);
    expect(simulatedGridReading(at(19.5), 2)).not.toEqual(simulatedGridReading(at(19.5), 1));
  });

  it('peaks in the evening (18:30–22:30) well above the night trough, with no sun at night', () => {
    for (let day = 0; day < 7; day++) {
      const peak = simulatedGridReading(at(20, day));
      const trough = simulatedGridReading(at(4, day));
      expect(peak.demandMw!).toBeGreaterThan(2_400);
      expect(trough.demandMw!).toBeLessThan(1_550);
      expect(peak.mix!.solarMw).toBe(0);
      expect(simulatedGridReading(at(12.5, day)).mix!.solarMw).toBeGreaterThan(250);
    }
  });

  it('keeps a month of readings in realistic ranges; carbon follows the thermal share', () => {
    let dips = 0;
    let readings = 0;
    const wrong: string[] = [];
    // Every 2 minutes for 30 days: ranges checked on each, one assertion at the end (fast under load).
    for (let t = at(0); t < at(0, 30); t += 120_000) {
      const r = simulatedGridReading(t);
      readings += 1;
      const { thermalMw, hydroMw, solarMw, windMw } = r.mix!;
      const total = thermalMw + hydroMw + solarMw + windMw;
      if (!(r.frequencyHz! > 49.3 && r.frequencyHz! < 50.3)) wrong.push(`${r.at.toISOString()} frequency ${r.frequencyHz}`);
      if (!(r.reserveMarginPercent! > 0)) wrong.push(`${r.at.toISOString()} reserve ${r.reserveMarginPercent}`);
      if (Math.abs(r.carbonGPerKwh! - (thermalMw / total) * THERMAL_G_PER_KWH) > 0.5) wrong.push(`${r.at.toISOString()} carbon`);
      if (Math.abs(r.renewablePercent! - ((total - thermalMw) / total) * 100) > 0.05)
        wrong.push(`${r.at.toISOString()} renewables`);
      if (levelOf(r, DEFAULT_GRID_THRESHOLDS).health !== 'normal') dips += 1;
    }
    expect(wrong).toEqual([]);
    // Stress is rare, but it happens: the demo shows the grid page and load management answering it.
    expect(dips).toBeGreaterThan(0);
    expect(dips / readings).toBeLessThan(0.1);
  });
});
