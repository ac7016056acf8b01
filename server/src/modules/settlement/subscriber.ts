import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.js';
import type { EventBus } from '../../live/bus.js';
import { settleStoppedSession } from './service.js';

export interface SettlementWorker {
  /** Stops listening and waits for settlements already under way. */
  close(): Promise<void>;
}

/** Settles every session the moment its stop is committed (the bus publishes after commit). */
export function settleOnStop(db: Db, bus: EventBus, log: FastifyBaseLogger): SettlementWorker {
  const inFlight = new Set<Promise<void>>();
  const unsubscribe = bus.on('session.stopped', (event) => {
    const job: Promise<void> = settleStoppedSession(db, event.sessionId).then(
      () => undefined,
      (error: unknown) => log.error({ err: error, sessionId: event.sessionId }, 'settling the session failed'),
    );
    inFlight.add(job);
    void job.then(() => inFlight.delete(job));
  });
  return {
    async close() {
      unsubscribe();
      await Promise.all(inFlight);
    },
  };
}
