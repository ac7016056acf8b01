import type { NoticesDeps } from '../notices-deps.js';
import { sendDriverMessage } from './send.js';

/** `send-driver-message`: resolves a message's recipients at its send time and notifies each. */
export function registerDriverMessageJobs(deps: NoticesDeps): void {
  deps.queue.register('send-driver-message', async ({ messageId }) => {
    const outcome = await sendDriverMessage(deps.db, messageId);
    // Its deliver-notification jobs are on this queue: look for them now rather than at the next poll.
    if (outcome === 'sent') deps.queue.wake();
  });
}
