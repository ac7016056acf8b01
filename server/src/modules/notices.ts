import type { PeriodicTask } from '../jobs/periodic.js';
import { ClearableAlerts, registerAlertJobs, watchAlertEvents } from './alerts/runtime.js';
import { registerDriverMessageJobs } from './driver-messages/jobs.js';
import { registerNotificationJobs } from './notifications/runtime.js';
import type { NoticesDeps } from './notices-deps.js';
import { notificationsTickTask } from './notifications/tick.js';

export const ALERTS_TICK_MS = 60_000;

/**
 * Registers the notices' job handlers on their queue, subscribes the event-driven alert rules to the
 * bus, and returns the periodic tasks (claimed once across instances by jobs/periodic.ts).
 */
export function startNotices(deps: NoticesDeps): { tasks: PeriodicTask[]; stop(): void } {
  const clearable = new ClearableAlerts();
  registerAlertJobs(deps, clearable);
  registerNotificationJobs(deps);
  registerDriverMessageJobs(deps);
  const unwatch = watchAlertEvents(deps, clearable);
  // Periodic alert rules and escalations once a minute, and the release of held deliveries:
  // each slot claimed once across instances.
  const tasks: PeriodicTask[] = [
    { kind: 'alerts-tick', everyMs: ALERTS_TICK_MS, payload: (slot) => ({ slot: slot.toISOString() }) },
    notificationsTickTask(deps.config),
  ];
  return { tasks, stop: unwatch };
}
