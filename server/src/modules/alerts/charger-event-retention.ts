import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';

/** Rows one DELETE removes: each batch is its own short statement, so a backlog never holds one long transaction. */
export const PRUNE_BATCH = 5000;
/** Batches one pass runs at most (100,000 rows): a huge backlog drains over several hourly passes, never in one. */
export const PRUNE_MAX_BATCHES = 20;

/**
 * Deletes charger events (boots, refused tokens, firmware, diagnostics, security and NotifyEvent
 * reports) older than `retentionDays`, a bounded batch at a time; returns how many went. Nothing
 * else reads them but the usage rules, whose windows are an hour or a day.
 */
export async function pruneChargerEvents(
  db: Executor,
  retentionDays: number,
  limits: { batch?: number; maxBatches?: number } = {},
): Promise<number> {
  const batch = limits.batch ?? PRUNE_BATCH;
  const maxBatches = limits.maxBatches ?? PRUNE_MAX_BATCHES;
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const rows = await queryRows<{ id: string }>(
      db,
      sql`DELETE FROM charger_events WHERE id IN (
            SELECT id FROM charger_events WHERE at < now() - make_interval(days => ${retentionDays}) LIMIT ${batch}
          ) RETURNING id`,
    );
    deleted += rows.length;
    if (rows.length < batch) break;
  }
  return deleted;
}
