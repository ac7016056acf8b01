import type { GridMonitor } from '../modules/grid/monitor.js';
import type { LoadManager } from '../modules/load-management/manager.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { JobQueue } from '../jobs/queue.js';
import type { ChargingRuntime } from '../modules/charging/types.js';
import type { PaymentsDeps } from '../modules/payments/attempts.js';

export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What route modules receive: the database and the settings. Services take only the parts they use. */
export interface AppDeps {
  db: Db;
  config: Config;
  /** The event bus and the link to connected chargers; absent where no OCPP gateway runs (OpenAPI generation). */
  charging?: ChargingRuntime;
  /** The durable job queue's worker on this instance (absent for OpenAPI generation). */
  jobs?: JobQueue;
  /** The lanes of payment jobs (captures, reconciliation): gateway calls wait on the network, not the database. */
  paymentJobs?: JobQueue;
  /** The lanes of alert, notification and driver-message jobs (absent for OpenAPI generation). */
  noticeJobs?: JobQueue;
  /** Moving money through the gateways (absent for OpenAPI generation). */
  payments?: PaymentsDeps;
  /** Site load management on this instance (absent for OpenAPI generation). */
  loadManager?: LoadManager;
  /** The grid feeds running on this instance (absent for OpenAPI generation). */
  gridMonitor?: GridMonitor;
}
