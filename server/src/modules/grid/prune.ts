import type { Db } from '../../db/client.js';
import type { PeriodicTask } from '../../jobs/periodic.js';
import type { JobQueue } from '../../jobs/queue.js';
import { pruneGridHistory } from './feed-store.js';

/** Once an hour, claimed once across instances: grid history past its retention goes. */
export const gridPruneTask: PeriodicTask<'grid-prune'> = {
  kind: 'grid-prune',
  everyMs: 3_600_000,
  payload: (slot) => ({ slot: slot.toISOString() }),
};

export function registerGridJobs(queue: JobQueue, db: Db, retentionDays: number): void {
  queue.register('grid-prune', async () => {
    await pruneGridHistory(db, retentionDays);
  });
}
