/**
 * Every kind of durable job and its payload. A payload is what the handler needs to find its work
 * again (ids, keys), never a copy of data that could change meanwhile.
 */
export interface JobPayloads {
  /** Settle a stopped session (docs/finance.md §6; idempotent: a session is settled once). */
  'settle-session': { sessionId: string };
  /** A bulk invoicing run (manual or scheduled): drafts for every organization in reach whose period closed. */
  'invoice-run': { runId: string; organizationIds: string[] | null; at: string | null };
  /** Collect a settled session's money: capture its hold, sell the rest, or void (modules/payments/collection.ts). */
  'collect-session-payment': { sessionId: string };
  /** Ask the gateway what became of a payment it did not answer (modules/payments/reconcile.ts). */
  'reconcile-payment': { paymentId: string };
  /** Periodic alert rules and escalations for one slot (modules/alerts; jobs/periodic.ts claims the slot once). */
  'alerts-tick': { slot: string };
  /** Whether a charger that went offline at `since` is still offline after its rule's minutes (modules/alerts). */
  'alert-check': { chargerId: string; since: string };
  /** Send a notification on each channel its user wants (modules/notifications/deliver.ts). */
  'deliver-notification': { notificationId: string };
  /** One channel's send of one delivery row, retried on its own (modules/notifications). */
  'send-delivery': { deliveryId: string };
  /** Held deliveries whose quiet hours ended, and digests that are due (modules/notifications). */
  'notifications-tick': { slot: string };
  /** Resolve a driver message's recipients and notify each (modules/driver-messages). */
  'send-driver-message': { messageId: string };
  /** Delete grid readings past their retention, and bad readings and sites' load events past the newest kept (modules/grid). */
  'energy-prune': { slot: string };
}

export type JobKind = keyof JobPayloads;

/** Attempts before a job of each kind is dead-lettered (status `failed`, shown on the Background jobs page). */
export const MAX_ATTEMPTS: Record<JobKind, number> = {
  'settle-session': 8,
  // A run that failed is marked so and done; the job is retried only when the process died under it.
  'invoice-run': 3,
  // Failures of the gateway are retried on PAYMENT_RETRY_MINUTES by the handler itself; these are for crashes.
  'collect-session-payment': 8,
  'reconcile-payment': 8,
  'alerts-tick': 3,
  'alert-check': 5,
  'deliver-notification': 8,
  'send-delivery': 8,
  'notifications-tick': 3,
  'send-driver-message': 8,
  'energy-prune': 3,
};

/** Once per session and occasion: after settlement (no suffix), each scheduled retry, each reconciled payment. */
export const collectionKey = (sessionId: string, occasion?: string) =>
  occasion ? `collect-session-payment:${sessionId}:${occasion}` : `collect-session-payment:${sessionId}`;

/** The one key that makes enqueueing a session's settlement idempotent. */
export const settlementKey = (sessionId: string) => `settle-session:${sessionId}`;
