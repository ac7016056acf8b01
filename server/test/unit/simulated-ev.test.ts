import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrivingEv, idleSecondsOfVisit, powerAt } from '../../src/ocpp/simulated-ev.js';

const random = (values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('the simulated car at a connector', () => {
  it('never draws more than the connector’s maximum, at any state of charge', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3_700, max: 350_000 }),
        fc.array(fc.double({ min: 0, max: 0.999_999, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (connectorW, draws, soc) => {
          const rand = random(draws);
          const power = powerAt(arrivingEv(connectorW, rand), soc, rand);
          expect(power).toBeGreaterThan(0);
          expect(power).toBeLessThanOrEqual(connectorW);
        },
      ),
    );
  });

  it('on AC the car’s on-board charger sets the pace; on DC it tapers above 80 %', () => {
    // A 22 kW Type 2 connector and a car with a 7.4 kW on-board charger (first of the list).
    const ac = arrivingEv(22_000, () => 0);
    expect(ac.peakW).toBe(7_400);
    expect(powerAt(ac, 95, () => 0)).toBe(7_400);
    const dc = arrivingEv(150_000, () => 0.99);
    expect(dc.peakW).toBe(150_000);
    expect(powerAt(dc, 50, () => 0)).toBe(150_000);
    expect(powerAt(dc, 90, () => 0)).toBe(82_500);
    expect(powerAt(dc, 100, () => 0)).toBe(15_000);
  });

  it('idle time: none for drivers who leave at once, at most a third of the visit for the others', () => {
    expect(idleSecondsOfVisit(3600, () => 0.2)).toBe(0);
    const idle = idleSecondsOfVisit(3600, random([0.7, 0.999]));
    expect(idle).toBeGreaterThan(0);
    expect(idle).toBeLessThanOrEqual(1200);
  });
});
