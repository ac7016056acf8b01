import { type Scope, canReachCharger, hasPermission } from '../domain/scope.js';
import type { LiveEvent } from './bus.js';

/**
 * Whether a viewer may receive a live event: it needs monitoring:read and a scope that reaches the
 * event's charger (organization, site and charger lists alike). Drivers receive nothing for now
 * (their own sessions will come with the driver app).
 */
export function canReceive(scope: Scope, event: LiveEvent): boolean {
  if (scope.kind === 'self' || !hasPermission(scope, 'monitoring:read')) return false;
  const { chargerId, organizationId, siteId } = event.payload;
  return canReachCharger(scope, { id: chargerId, organizationId, siteId });
}
