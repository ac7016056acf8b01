import type { NoticesDeps } from '../notices.js';

/** `deliver-notification`, `send-delivery` and `notifications-tick`. */
export function registerNotificationJobs(deps: NoticesDeps): void {
  deps.queue.register('deliver-notification', async () => {});
  deps.queue.register('send-delivery', async () => {});
  deps.queue.register('notifications-tick', async () => {});
}
