import type { Db } from '../../db/client.js';
import type { PeriodicTask } from '../../jobs/periodic.js';
import type { JobQueue } from '../../jobs/queue.js';
import { pruneLoadEvents } from '../load-management/events.js';
import { pruneGridHistory } from './feed-store.js';

/** Once an hour, claimed once across instances: grid history past its retention goes, and sites' oldest load events. */
export const energyPruneTask: PeriodicTask<'energy-prune'> = {
  kind: 'energy-prune',
  everyMs: 3_600_000,
  payload: (slot) => ({ slot: slot.toISOString() }),
};

export function registerEnergyJobs(queue: JobQueue, db: Db, retentionDays: number): void {
  queue.register('energy-prune', async () => {
    await pruneGridHistory(db, retentionDays);
    await pruneLoadEvents(db);
  });
}
