import { pino } from 'pino';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/client.js';
import { waitForDatabase } from './db/startup.js';
import { resolveSecretKeys } from './secrets-key-file.js';
import type { PaymentsDeps } from './modules/payments/attempts.js';
import { GatewayRegistry } from './modules/payments/registry.js';
import { buildApp } from './http/app.js';
import type { TypedApp } from './http/app-types.js';
import { EventBus } from './live/bus.js';
import { RedisEventRelay } from './live/event-relay.js';
import { RedisHub } from './live/redis-hub.js';
import { RedisSpentTickets } from './live/tickets.js';
import { JobQueue } from './jobs/queue.js';
import { registerJobHandlers, registerPaymentJobHandlers } from './jobs/handlers.js';
import { startPeriodic } from './jobs/periodic.js';
import { GridMonitor } from './modules/grid/monitor.js';
import { energyPruneTask, registerEnergyJobs } from './modules/grid/prune.js';
import { LoadManager } from './modules/load-management/manager.js';
import { startNotices } from './modules/notices.js';
import { startInvoiceScheduler } from './jobs/invoice-scheduler.js';
import { ensureBootstrapAdmin } from './modules/users/bootstrap.js';
import { CommandRelay } from './ocpp/command-relay.js';
import { OcppGateway } from './ocpp/server.js';
import { DEMO_CREDENTIALS, hasDemoUsers, isDatabaseEmpty, seedDemo } from './seed/demo.js';
import { type DemoNetwork, type DemoSchedule, startDemoNetwork } from './seed/demo-network.js';

/** More charger calls than this in progress at once is a burst (a reconnect storm), not steady traffic. */
const BUSY_CHARGER_CALLS = 100;
/** A site's events within this long make one load-management recompute. */
const LOAD_DEBOUNCE_MS = 1_000;

export interface RunningServer {
  app: TypedApp;
  database: Database;
  bus: EventBus;
  ocpp: OcppGateway;
  url: string;
  /** The demo logins work on this database (demo data was loaded now or before). */
  hasDemoUsers: boolean;
  close(): Promise<void>;
}

/** Composition root: config → Redis (if set) → database (migrated) → optional bootstrap/demo data → bus → HTTP + OCPP. */
export async function startServer(
  config: Config,
  options: {
    logger?: false | { stream: NodeJS.WritableStream };
    demoSchedule?: Partial<DemoSchedule>;
    /** A database already open elsewhere, left open by close() (tests: two instances on one embedded database). */
    database?: Database;
  } = {},
): Promise<RunningServer> {
  // Start-up lines before the HTTP app (and its logger) exist, in the same JSON format and place.
  const startupLog =
    options.logger === false
      ? pino({ level: 'silent' })
      : pino({ level: config.logLevel }, (options.logger?.stream ?? process.stdout) as pino.DestinationStream);
  // REDIS_URL: several instances share live events and relay charger commands through Redis (checked first: it fails fast).
  const hub = config.redisUrl ? await RedisHub.connect(config.redisUrl, config.redisPrefix) : null;
  const database = options.database
    ? { ...options.database, close: async () => undefined }
    : await openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        memory: config.memoryDatabase,
        poolSize: config.databasePoolSize,
      }).catch(async (error: unknown) => {
        await hub?.close();
        throw error;
      });
  if (config.databaseUrl && !options.database) {
    const url = config.databaseUrl;
    await waitForDatabase(database, url, config.databaseStartupRetrySeconds, (reason) =>
      startupLog.warn({ reason, retrySeconds: config.databaseStartupRetrySeconds }, 'waiting for the database (DATABASE_URL)'),
    ).catch(async (error: unknown) => {
      await database.close();
      await hub?.close();
      throw error;
    });
  }
  await database.migrate();
  // Gateway credentials' key: SECRETS_KEY, else (embedded database only) a key file in DATA_DIR.
  const secrets = await resolveSecretKeys(config.secrets, {
    kind: database.kind,
    dataDir: config.dataDir,
    memory: config.memoryDatabase,
  });
  config = { ...config, secrets: secrets.keys };
  const loadDemo =
    config.demo === 'always' || (config.demo === 'auto' && database.kind === 'pglite' && (await isDatabaseEmpty(database.db)));
  // DEMO_DATA=always on every start: the second start finds the demo network there and leaves it alone.
  const demoLoaded = loadDemo && (await seedDemo(database.db, { bcryptCost: config.bcryptCost }));
  if (loadDemo && !demoLoaded) startupLog.info('demo data already present; not loaded again');
  const bootstrapped = await ensureBootstrapAdmin(database.db, config);

  const bus = new EventBus(hub ? await RedisEventRelay.start(hub) : null);
  const relay = hub ? new CommandRelay(hub, config.ocpp.commandTimeoutMs) : null;
  // Payments wait on gateways: their queries go through a pool of their own (PAYMENT_DATABASE_POOL_SIZE).
  const paymentsDb = database.lane('payments', config.payments.databasePoolSize);
  const payments: PaymentsDeps = {
    db: paymentsDb,
    registry: new GatewayRegistry(config.secrets, { timeoutMs: config.payments.gatewayTimeoutMs }),
    config: config.payments,
    bus,
  };
  const ocpp = new OcppGateway({ db: database.db, bus, config, presence: relay, payments });
  // After-commit work (settlement, …) is durable: queued in the change's transaction, run by this worker.
  // It is background work: while chargers are queueing calls or queries it runs only overdue jobs.
  const jobs = new JobQueue({
    db: database.db,
    config: config.jobs,
    busy: () => ocpp.callsInFlight > BUSY_CHARGER_CALLS || database.waiting() > 0,
  });
  registerJobHandlers(jobs, database.db);
  // Captures and reconciliation wait on gateways: lanes of their own, not held back by charger
  // bursts (their database work is a few statements per payment).
  const paymentJobs = new JobQueue({ db: paymentsDb, config: { ...config.jobs, concurrency: config.payments.jobConcurrency } });
  registerPaymentJobHandlers(paymentJobs, payments);
  // A settlement just committed may have queued its collection: look now, not at the next poll.
  jobs.onOutcome((kind) => kind === 'settle-session' && paymentJobs.wake());
  // Alerts, notifications and driver messages: lanes of their own, so an alert never waits behind charger bursts.
  const noticeJobs = new JobQueue({
    db: database.db,
    config: { ...config.jobs, concurrency: config.notifications.jobConcurrency },
  });
  // The grid feeds, run on every instance (each one's load management needs the grid's health at once).
  const gridMonitor = new GridMonitor({ db: database.db, bus, secrets: config.secrets, log: pino({ level: 'silent' }) });
  // Site load management: reacts to this instance's charger events and to the grid's health, reaches any charger through the link.
  const loadManager = new LoadManager({
    db: database.db,
    bus,
    link: relay ?? ocpp,
    log: pino({ level: 'silent' }),
    debounceMs: LOAD_DEBOUNCE_MS,
    grid: gridMonitor,
  });
  gridMonitor.onHealth((change) => loadManager.gridChanged(change));
  let shuttingDown = false;
  const app = await buildApp({
    loadManager,
    gridMonitor,
    config,
    db: database.db,
    ping: database.ping,
    jobs,
    paymentJobs,
    noticeJobs,
    payments,
    shuttingDown: () => shuttingDown,
    charging: { bus, link: relay ?? ocpp, ...(hub ? { spentTickets: new RedisSpentTickets(hub) } : {}) },
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  payments.log = app.log;
  loadManager.useLog(app.log);
  loadManager.start();
  gridMonitor.useLog(app.log);
  await gridMonitor.start();
  ocpp.attach(app.server, app.log);
  if (hub && relay) {
    hub.useLog(app.log);
    await relay.start(ocpp, app.log);
  }
  // A stop was committed with its settlement job: run it now rather than at the next poll.
  bus.on('session.stopped', () => jobs.wake());
  jobs.start(app.log);
  paymentJobs.start(app.log);
  const notices = startNotices({ db: database.db, bus, config, queue: noticeJobs, log: app.log });
  noticeJobs.start(app.log);
  registerEnergyJobs(noticeJobs, database.db, config.grid.readingRetentionDays);
  const periodic = startPeriodic(database.db, noticeJobs, [...notices.tasks, energyPruneTask], app.log);
  const invoicing = startInvoiceScheduler(database.db, config.invoiceSchedule, jobs, app.log);
  // The demo logins' passwords are published: unless HOST says otherwise, such a server is local only.
  const demoUsers = await hasDemoUsers(database.db);
  const host = config.host ?? (demoUsers ? '127.0.0.1' : '0.0.0.0');
  const address = await app.listen({ port: config.port, host, backlog: config.listenBacklog });
  if (config.host === null && demoUsers)
    app.log.warn('the demo logins exist: listening on 127.0.0.1 only; set HOST (e.g. 0.0.0.0) to serve other machines');
  const port = Number(new URL(address).port);
  const url = `${config.tls ? 'https' : 'http'}://localhost:${port}`;
  if (demoLoaded)
    app.log.info({ logins: DEMO_CREDENTIALS.map((c) => `${c.role}: ${c.email} / ${c.password}`) }, 'demo data loaded');
  if (bootstrapped) app.log.info({ email: config.adminEmail }, 'created the bootstrap admin from ADMIN_EMAIL');
  // auto: only the embedded on-disk database with demo data (`npm start`), never in-memory test databases.
  // The simulated chargers speak plain ws://, which a TLS port does not take.
  const simulate =
    !config.tls &&
    (config.demoSimulator === 'on' ||
      (config.demoSimulator === 'auto' && database.kind === 'pglite' && !config.memoryDatabase && demoUsers));
  if (config.tls && config.demoSimulator === 'on')
    app.log.warn('DEMO_SIMULATOR=on is ignored with TLS: the demo chargers use plain ws://');
  const demoNetwork: DemoNetwork | null = simulate
    ? await startDemoNetwork({
        db: database.db,
        url: `ws://127.0.0.1:${port}/ocpp`,
        log: app.log,
        ...(options.demoSchedule ? { schedule: options.demoSchedule } : {}),
      })
    : null;

  return {
    app,
    database,
    bus,
    ocpp,
    url,
    hasDemoUsers: demoUsers,
    async close() {
      // Shutdown order: readiness fails and charger upgrades are refused at once; calls already in
      // flight are answered (up to SHUTDOWN_GRACE_SECONDS) before charger sockets close; then the
      // rest stops as before. Only these first steps are about shutdown; keep later changes below.
      shuttingDown = true;
      app.log.info({ graceSeconds: config.shutdownGraceSeconds }, 'shutting down');
      await demoNetwork?.stop();
      await ocpp.close({ graceMs: config.shutdownGraceSeconds * 1000 });
      await relay?.close();
      invoicing.stop();
      periodic.stop();
      notices.stop();
      loadManager.close();
      await gridMonitor.close();
      await jobs.close();
      await paymentJobs.close();
      await noticeJobs.close();
      await app.close();
      await hub?.close();
      await database.close();
      app.log.info('shutdown complete');
    },
  };
}
