import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { JobQueue } from '../jobs/queue.js';
import type { EventBus } from '../live/bus.js';

/** What alerts, notifications and driver messages run with (started together by notices.ts). */
export interface NoticesDeps {
  db: Db;
  bus: EventBus;
  config: Config;
  /** Their jobs' own lanes: not held back while chargers are busy (an alert must not wait a minute). */
  queue: JobQueue;
  log: FastifyBaseLogger;
}
