import type { NoticesDeps } from '../notices.js';

/** The `alerts-tick` job: periodic rules and escalations for one slot. */
export function registerAlertJobs(deps: NoticesDeps): void {
  deps.queue.register('alerts-tick', async () => {});
}

/** Event-driven rules: subscribes to the bus; returns the unsubscribe. */
export function watchAlertEvents(_deps: NoticesDeps): () => void {
  return () => {};
}
