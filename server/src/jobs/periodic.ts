import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.js';
import type { JobKind, JobPayloads } from './kinds.js';
import { enqueueJob } from './queries.js';
import type { JobQueue } from './queue.js';

/**
 * Work that runs on a schedule, once across every instance. Each instance ticks; each tick enqueues
 * a durable job whose dedupe key names the time slot, so the first instance to insert it claims the
 * slot and every other instance's insert does nothing. The work itself is an ordinary job: retried,
 * and still there after a kill -9.
 */
export interface PeriodicTask<K extends JobKind = JobKind> {
  kind: K;
  /** Slot length: one job per slot (slots start at multiples of it since the epoch, UTC). */
  everyMs: number;
  payload: (slot: Date) => JobPayloads[K];
}

export const slotOf = (now: Date, everyMs: number): Date => new Date(Math.floor(now.getTime() / everyMs) * everyMs);

export const slotKey = (kind: JobKind, slot: Date) => `${kind}:${slot.toISOString()}`;

/** Claims the slot `now` falls in; true when this call queued its job. */
export async function claimSlot<K extends JobKind>(db: Db, task: PeriodicTask<K>, now = new Date()): Promise<boolean> {
  const slot = slotOf(now, task.everyMs);
  const id = await enqueueJob(db, { kind: task.kind, payload: task.payload(slot), dedupeKey: slotKey(task.kind, slot) });
  return id !== null;
}

export interface Periodic {
  stop(): void;
}

/** Ticks each task at the start of its every slot (and once now); a claimed slot wakes the queue. */
export function startPeriodic(db: Db, queue: JobQueue, tasks: readonly PeriodicTask[], log: FastifyBaseLogger): Periodic {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const tick = (task: PeriodicTask) => {
    if (stopped) return;
    claimSlot(db, task)
      .then((claimed) => claimed && queue.wake())
      .catch((error: unknown) => log.error({ err: error, kind: task.kind }, 'claiming a periodic slot failed'));
    const wait = task.everyMs - (Date.now() % task.everyMs);
    const timer = setTimeout(() => {
      timers.delete(timer);
      tick(task);
    }, wait);
    timer.unref();
    timers.add(timer);
  };
  for (const task of tasks) tick(task);
  return {
    stop: () => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
