import type { NoticesDeps } from '../notices-deps.js';
import { buildChannels } from './channels/index.js';
import type { DeliveryContext } from './context.js';
import { deliverNotification } from './deliver.js';
import { sendDueDigests } from './digest.js';
import { sendDelivery } from './send.js';
import { releaseHeldDeliveries } from './tick.js';

/** What the delivery jobs of this instance run with: its channels, and its notices queue to wake. */
export function deliveryContext(deps: NoticesDeps): DeliveryContext {
  return { db: deps.db, config: deps.config, channels: buildChannels(deps), wake: () => deps.queue.wake() };
}

/** `deliver-notification`, `send-delivery` and `notifications-tick`. */
export function registerNotificationJobs(deps: NoticesDeps): void {
  const ctx = deliveryContext(deps);
  deps.queue.register('deliver-notification', async ({ notificationId }) => {
    await deliverNotification(ctx, notificationId);
  });
  deps.queue.register('send-delivery', async ({ deliveryId }, job) => {
    await sendDelivery(ctx, deliveryId, job);
  });
  deps.queue.register('notifications-tick', async () => {
    const released = await releaseHeldDeliveries(ctx);
    if (released > 0) deps.log.debug({ released }, 'notifications: held deliveries released after quiet hours');
    const digests = await sendDueDigests(ctx);
    if (digests > 0) deps.log.debug({ digests }, 'notifications: digests queued');
  });
}
