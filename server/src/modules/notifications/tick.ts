import { sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import { queryRows } from '../../db/rows.js';
import type { PeriodicTask } from '../../jobs/periodic.js';
import { enqueueJob } from '../../jobs/queries.js';
import type { DeliveryContext } from './context.js';
import { HELD_QUIET_HOURS, sendDeliveryKey } from './deliver.js';

const BATCH = 500;

/**
 * The `notifications-tick` job: every held delivery whose quiet hours are over (`due_at` passed)
 * becomes `queued` with its `send-delivery` job, in one transaction per batch. SKIP LOCKED and the
 * `status = 'held'` condition let two ticks overlap without releasing a row twice. Returns how many
 * were released. `now` is this instance's clock, as quiet hours were reckoned by it (deliver.ts).
 * Digests, the other held kind, are gathered by digest.ts sendDueDigests.
 */
export async function releaseHeldDeliveries(ctx: DeliveryContext, now = new Date()): Promise<number> {
  let released = 0;
  for (;;) {
    const batch = await ctx.db.transaction(async (tx) => {
      const rows = await queryRows<{ id: string; organization_id: string | null }>(
        tx,
        sql`UPDATE notification_deliveries d SET status = 'queued'
          FROM notifications n
          WHERE n.id = d.notification_id AND d.id IN (
            SELECT id FROM notification_deliveries
            WHERE status = 'held' AND reason = ${HELD_QUIET_HOURS} AND due_at <= ${now.toISOString()}::timestamptz
              AND notification_id IS NOT NULL
            ORDER BY due_at
            LIMIT ${BATCH}
            FOR UPDATE SKIP LOCKED
          ) AND d.status = 'held'
          RETURNING d.id, n.organization_id`,
      );
      for (const row of rows) {
        await enqueueJob(tx, {
          kind: 'send-delivery',
          payload: { deliveryId: row.id },
          dedupeKey: sendDeliveryKey(row.id),
          organizationId: row.organization_id,
        });
      }
      return rows.length;
    });
    released += batch;
    if (batch > 0) ctx.wake();
    if (batch < BATCH) return released;
  }
}

/** The tick as a periodic task: one `notifications-tick` job per NOTIFICATION_TICK_SECONDS slot across instances. */
export function notificationsTickTask(config: Config): PeriodicTask<'notifications-tick'> {
  return {
    kind: 'notifications-tick',
    everyMs: config.notifications.tickSeconds * 1000,
    payload: (slot) => ({ slot: slot.toISOString() }),
  };
}
