/**
 * How a site's load management answers the grid's health: pure. In alert the site's limit is
 * lowered by a percentage; in emergency by another, and optionally only the priority groups'
 * sessions charge (the others are paused). A site without a feed, or a feed not known on this
 * instance, is managed as if the grid were normal.
 */
import type { GridHealth } from './grid-health.js';

export interface GridPolicy {
  gridAlertReductionPercent: number;
  gridEmergencyReductionPercent: number;
  gridEmergencyPriorityOnly: boolean;
}

export interface GridAdjustment {
  health: GridHealth | null;
  limitW: number;
  reductionPercent: number;
  priorityOnly: boolean;
}

export function gridAdjusted(limitW: number, health: GridHealth | null, policy: GridPolicy): GridAdjustment {
  const reductionPercent =
    health === 'emergency'
      ? Math.max(policy.gridEmergencyReductionPercent, policy.gridAlertReductionPercent)
      : health === 'alert'
        ? policy.gridAlertReductionPercent
        : 0;
  return {
    health,
    limitW: Math.floor((limitW * (100 - reductionPercent)) / 100),
    reductionPercent,
    priorityOnly: health === 'emergency' && policy.gridEmergencyPriorityOnly,
  };
}
