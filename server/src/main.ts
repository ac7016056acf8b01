import type { Config } from './config.js';
import { type Database, openDatabase } from './db/client.js';
import { buildApp } from './http/app.js';
import type { TypedApp } from './http/app-types.js';
import { EventBus } from './live/bus.js';
import { settleOnStop } from './modules/settlement/subscriber.js';
import { ensureBootstrapAdmin } from './modules/users/bootstrap.js';
import { OcppGateway } from './ocpp/server.js';
import { DEMO_CREDENTIALS, hasDemoUsers, isDatabaseEmpty, seedDemo } from './seed/demo.js';
import { type DemoNetwork, type DemoSchedule, startDemoNetwork } from './seed/demo-network.js';

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

/** Composition root: config → database (migrated) → optional bootstrap/demo data → bus → HTTP + OCPP. */
export async function startServer(
  config: Config,
  options: { logger?: false | { stream: NodeJS.WritableStream }; demoSchedule?: Partial<DemoSchedule> } = {},
): Promise<RunningServer> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    memory: config.memoryDatabase,
    poolSize: config.databasePoolSize,
  });
  await database.migrate();
  const loadDemo =
    config.demo === 'always' || (config.demo === 'auto' && database.kind === 'pglite' && (await isDatabaseEmpty(database.db)));
  if (loadDemo) await seedDemo(database.db, { bcryptCost: config.bcryptCost });
  const bootstrapped = await ensureBootstrapAdmin(database.db, config);

  const bus = new EventBus();
  const ocpp = new OcppGateway({ db: database.db, bus, config });
  const app = await buildApp({
    config,
    db: database.db,
    ping: database.ping,
    charging: { bus, link: ocpp },
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  ocpp.attach(app.server, app.log);
  const settlement = settleOnStop(database.db, bus, app.log);
  const address = await app.listen({ port: config.port, host: config.host });
  const port = Number(new URL(address).port);
  const url = `http://localhost:${port}`;
  if (loadDemo)
    app.log.info({ logins: DEMO_CREDENTIALS.map((c) => `${c.role}: ${c.email} / ${c.password}`) }, 'demo data loaded');
  if (bootstrapped) app.log.info({ email: config.adminEmail }, 'created the bootstrap admin from ADMIN_EMAIL');
  const demoUsers = await hasDemoUsers(database.db);
  // auto: only the embedded on-disk database with demo data (`npm start`), never in-memory test databases.
  const simulate =
    config.demoSimulator === 'on' ||
    (config.demoSimulator === 'auto' && database.kind === 'pglite' && !config.memoryDatabase && demoUsers);
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
      await demoNetwork?.stop();
      await ocpp.close();
      await settlement.close();
      await app.close();
      await database.close();
    },
  };
}
