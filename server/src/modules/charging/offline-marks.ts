import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';

export interface OfflineMark {
  chargerId: string;
  since: Date;
  /**
   * The socket closed at `since`: skipped if the charger has connected again since then (a newer
   * connection's row must not be marked offline by an older socket's close written late).
   */
  closed: boolean;
}

const FLUSH_MS = 50;
const MAX_BATCH = 2000;

/**
 * "Offline" marks, written together: a whole network dropping at once (the reconnect storm) costs a
 * few UPDATE statements instead of one per charger, and does not queue thousands of writes ahead
 * of the reconnecting chargers' reads. Each caller still waits until its mark is written and learns
 * whether it changed the row (so the event is published once).
 */
export class OfflineMarks {
  private queue: { mark: OfflineMark; resolve(changed: boolean): void; reject(error: unknown): void }[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly db: Db) {}

  mark(mark: OfflineMark): Promise<boolean> {
    const done = new Promise<boolean>((resolve, reject) => this.queue.push({ mark, resolve, reject }));
    this.running ??= this.loop();
    return done;
  }

  private async loop(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, FLUSH_MS));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const changed = await this.write(batch.map((b) => b.mark));
        for (const b of batch) b.resolve(changed.has(b.mark.chargerId));
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.running = null;
  }

  private async write(marks: OfflineMark[]): Promise<Set<string>> {
    // One mark per charger: the latest one queued.
    const byCharger = new Map(marks.map((m) => [m.chargerId, m]));
    const values = [...byCharger.values()].map((m) => ({ id: m.chargerId, since: m.since.toISOString(), closed: m.closed }));
    const rows = await queryRows<{ charger_id: string }>(
      this.db,
      sql`UPDATE charger_connections c SET online = false, offline_since = v.since, updated_at = now()
          FROM json_to_recordset(${JSON.stringify(values)}::json) AS v(id uuid, since timestamptz, closed boolean)
          WHERE c.charger_id = v.id AND c.online
            AND NOT (v.closed AND c.connected_at IS NOT NULL AND c.connected_at > v.since)
          RETURNING c.charger_id`,
    );
    return new Set(rows.map((r) => r.charger_id));
  }
}

const marks = new WeakMap<Db, OfflineMarks>();

export function offlineMarksOf(db: Db): OfflineMarks {
  let found = marks.get(db);
  if (!found) marks.set(db, (found = new OfflineMarks(db)));
  return found;
}
