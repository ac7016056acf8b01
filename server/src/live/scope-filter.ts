import { type Scope, canReachCharger, canReachOrganization, hasPermission } from '../domain/scope.js';
import { maySeeAlert } from '../modules/alerts/recipients.js';
import type { LiveEvent } from './bus.js';

/**
 * Whether a viewer may receive a live event: it needs monitoring:read and a scope that reaches the
 * event's charger (organization, site and charger lists alike). Drivers receive nothing for now
 * (their own sessions will come with the driver app).
 */
export function canReceive(scope: Scope, event: LiveEvent): boolean {
  // A notification is its user's own (drivers included); an alert is for those who read alerts where it is.
  if (event.type === 'notification.created') return event.payload.userId === scope.userId;
  if (event.type === 'alert.changed') return maySeeAlert(scope, event.payload);
  // The grid is the organization's, not a site's: for those who read the grid there.
  if (event.type === 'grid.reading' || event.type === 'grid.health' || event.type === 'grid.feed')
    return hasPermission(scope, 'grid:read') && canReachOrganization(scope, event.payload.organizationId);
  if (scope.kind === 'self' || !hasPermission(scope, 'monitoring:read')) return false;
  // A failed payment names an amount and a reason, a low wallet a driver's balance: for those who read payments.
  if ((event.type === 'payment.failed' || event.type === 'wallet.low_balance') && !hasPermission(scope, 'payments:read'))
    return false;
  const { chargerId, organizationId, siteId } = event.payload;
  return canReachCharger(scope, { id: chargerId, organizationId, siteId });
}

/** Estimated costs on session events are money: only viewers who may read finance figures get them. */
export function mayReceiveMoney(scope: Scope): boolean {
  return hasPermission(scope, 'finance:read');
}

export function withoutEstimatedCost(event: LiveEvent): LiveEvent {
  const { estimatedCost: _hidden, ...payload } = event.payload as LiveEvent['payload'] & { estimatedCost?: unknown };
  return { ...event, payload } as LiveEvent;
}
