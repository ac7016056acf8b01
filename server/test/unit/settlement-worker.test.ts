import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { EventBus, type SessionEvent } from '../../src/live/bus.js';
import { SETTLEMENT_CONCURRENCY, settleOnStop } from '../../src/modules/settlement/subscriber.js';

const db = {} as Db;
const log = pino({ level: 'silent' });
const stopped = (sessionId: string) =>
  ({ sessionId, chargerId: 'c', organizationId: 'o', siteId: 's', status: 'completed' }) as unknown as SessionEvent;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A settle function that records order and how many ran at once; the real one is covered by the OCPP and settlement integration tests. */
function recorder(ms = 5) {
  const settled: string[] = [];
  let running = 0;
  let most = 0;
  const settle = async (_db: Db, sessionId: string) => {
    running++;
    most = Math.max(most, running);
    try {
      await sleep(ms);
      if (sessionId === 'bad') throw new Error('no tariff');
      settled.push(sessionId);
    } finally {
      running--;
    }
  };
  return { settle, settled, most: () => most };
}

describe('settlement worker (settles stopped sessions in the background)', () => {
  it('settles every stopped session once, in stop order, never more than a few at a time', async () => {
    const bus = new EventBus();
    const r = recorder();
    const worker = settleOnStop(db, bus, log, { settle: r.settle });
    const ids = Array.from({ length: 20 }, (_, i) => `s${i}`);
    for (const id of ids) bus.publish('session.stopped', stopped(id));
    bus.publish('session.stopped', stopped('s3')); // still queued: not settled twice
    await worker.close();
    expect(r.settled).toHaveLength(20);
    expect(new Set(r.settled)).toEqual(new Set(ids));
    expect(r.settled.slice(0, 2).sort()).toEqual(['s0', 's1']);
    expect(r.most()).toBe(SETTLEMENT_CONCURRENCY);
  });

  it('waits while the database is busy and settles as soon as it is not', async () => {
    const bus = new EventBus();
    const r = recorder(1);
    let busy = true;
    const worker = settleOnStop(db, bus, log, { settle: r.settle, busy: () => busy });
    bus.publish('session.stopped', stopped('a'));
    bus.publish('session.stopped', stopped('b'));
    await sleep(250);
    expect(r.settled).toEqual([]);
    busy = false;
    await expect.poll(() => r.settled.length, { timeout: 2000 }).toBe(2);
    await worker.close();
  });

  it('a failed settlement is logged and the queue goes on; close settles what is queued even while busy', async () => {
    const bus = new EventBus();
    const r = recorder(1);
    const worker = settleOnStop(db, bus, log, { settle: r.settle, busy: () => true });
    for (const id of ['a', 'bad', 'b']) bus.publish('session.stopped', stopped(id));
    await worker.close();
    expect(r.settled).toEqual(['a', 'b']);
  });
});
