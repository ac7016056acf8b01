import { describe, expect, it } from 'vitest';
import { gridAdjusted } from '../../src/domain/grid-policy.js';

const policy = { gridAlertReductionPercent: 20, gridEmergencyReductionPercent: 50, gridEmergencyPriorityOnly: true };

describe('a site’s limit answering the grid', () => {
  it.each([
    [null, 60_000, 0, false],
    ['normal', 60_000, 0, false],
    ['alert', 48_000, 20, false],
    ['emergency', 30_000, 50, true],
  ] as const)('grid %s: %i W shared, %i %% off, priority only %s', (health, limitW, reductionPercent, priorityOnly) => {
    expect(gridAdjusted(60_000, health, policy)).toEqual({ health, limitW, reductionPercent, priorityOnly });
  });

  it('never reduces less in an emergency than in an alert', () => {
    const odd = { gridAlertReductionPercent: 30, gridEmergencyReductionPercent: 10, gridEmergencyPriorityOnly: false };
    expect(gridAdjusted(60_000, 'emergency', odd).limitW).toBe(42_000);
  });
});
