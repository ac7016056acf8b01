import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.js';
import type { EventBus } from '../../live/bus.js';
import { settleStoppedSession } from './service.js';

export interface SettlementWorker {
  /** Stops listening and waits until every session already queued is settled. */
  close(): Promise<void>;
}

/**
 * Settlements under way at once. Settlements of one organization queue on its rollup rows, so more
 * at once only hold more pool connections while they wait — connections the chargers' own writes
 * need (a reconnect storm closes thousands of sessions by rule in a few seconds).
 */
export const SETTLEMENT_CONCURRENCY = 2;
/** While chargers or the database are busy, a stopped session waits at most this long to be settled… */
export const MAX_SETTLEMENT_DELAY_MS = 60_000;
/** …re-checking this often. */
const RECHECK_MS = 100;

/**
 * Settles every session once its stop is committed (the bus publishes after commit), a few at a
 * time, in stop order. It is background work: while `busy()` (main.ts: a burst of charger calls, or
 * queries queued for the database pool — e.g. a reconnect storm, whose boots close thousands of
 * sessions by rule), it waits, up to MAX_SETTLEMENT_DELAY_MS per session, so chargers are answered
 * first; a settlement costs several times the CPU of a charger's boot.
 */
export function settleOnStop(
  db: Db,
  bus: EventBus,
  log: FastifyBaseLogger,
  {
    busy = () => false,
    settle = settleStoppedSession,
  }: { busy?: () => boolean; settle?: (db: Db, sessionId: string) => Promise<unknown> } = {},
): SettlementWorker {
  /** Session id → when its stop arrived; Map keeps arrival order. */
  const queued = new Map<string, number>();
  let running = 0;
  let closing = false;
  let recheck: NodeJS.Timeout | null = null;
  let drained: (() => void) | null = null;

  const mayWait = (stoppedAt: number) => !closing && busy() && Date.now() - stoppedAt < MAX_SETTLEMENT_DELAY_MS;

  const next = () => {
    for (const [sessionId, stoppedAt] of queued) {
      if (running >= SETTLEMENT_CONCURRENCY) break;
      if (mayWait(stoppedAt)) {
        recheck ??= setTimeout(() => {
          recheck = null;
          next();
        }, RECHECK_MS).unref();
        break;
      }
      queued.delete(sessionId);
      running++;
      void settle(db, sessionId)
        .catch((error: unknown) => log.error({ err: error, sessionId }, 'settling the session failed'))
        .finally(() => {
          running--;
          next();
        });
    }
    if (running === 0 && queued.size === 0) drained?.();
  };

  const unsubscribe = bus.on('session.stopped', (event) => {
    if (!queued.has(event.sessionId)) queued.set(event.sessionId, Date.now());
    next();
  });
  return {
    async close() {
      unsubscribe();
      closing = true;
      if (recheck) clearTimeout(recheck);
      recheck = null;
      const done = new Promise<void>((resolve) => (drained = resolve));
      next();
      await done;
    },
  };
}
