#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { safeErrorMessage } from './db/errors.js';
import { waitForDatabase } from './db/startup.js';
import { startServer } from './main.js';
import { rebuildAllRollups } from './modules/analytics/rollup-rebuild.js';
import { verifyAuditChain } from './modules/audit/service.js';
import { rotateGatewaySecrets } from './modules/gateway-configs/rotate.js';
import { createAdmin } from './modules/users/bootstrap.js';
import { runSimulator } from './ocpp/simulator.js';
import { resolveSecretKeys } from './secrets-key-file.js';
import { DEMO_CREDENTIALS, isDatabaseEmpty, seedDemo } from './seed/demo.js';

const USAGE = `Usage: chargeboard <command>
  serve                                   start the API, the web app and the OCPP endpoint (ws://HOST:PORT/ocpp/{identity}, wss:// with TLS)
  migrate                                 apply database migrations and exit
  seed --demo [--force]                   load the demo network (refuses a non-empty database without --force)
  create-admin --email E [--name N]       create an Admin; the password is read from ADMIN_PASSWORD or standard input
  audit verify                            recompute the audit hash chain; exit 1 when a link is broken
  rollups rebuild [--organization ID]     rebuild the revenue rollups from the settlements (all organizations by default)
  secrets rotate                          re-encrypt gateway credentials made with SECRETS_KEY_PREVIOUS under SECRETS_KEY
  simulate --chargers N --url U --protocol 1.6|2.0.1 [--ca FILE]   run N simulated OCPP chargers (see docs/ocpp.md)
Environment: PORT, DATABASE_URL, DATA_DIR, JWT_SECRET, ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_DATA, LOG_LEVEL,
  TLS_CERT_FILE, TLS_KEY_FILE, REDIS_URL, SECRETS_KEY, SECRETS_KEY_PREVIOUS (see docs/configuration.md)`;

/** After SHUTDOWN_GRACE_SECONDS, this long to store what the answered calls queued, then the process exits anyway. */
const SHUTDOWN_FLUSH_SECONDS = 5;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

async function withDatabase<T>(config: Config, run: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (config.databaseUrl) await waitForDatabase(database, config.databaseUrl, config.databaseStartupRetrySeconds);
    await database.migrate();
    return await run(database);
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // The simulator is a client of a running server: its own options, no database.
  if (command === 'simulate') return runSimulator(rest);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      demo: { type: 'boolean' },
      force: { type: 'boolean' },
      organization: { type: 'string' },
    },
  });
  // create-admin takes its password from ADMIN_PASSWORD without it being a start-up bootstrap setting.
  const password = command === 'create-admin' ? process.env.ADMIN_PASSWORD : undefined;
  const config = loadConfig(
    command === 'create-admin' ? { ...process.env, ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined } : process.env,
  );
  switch (command) {
    case 'serve': {
      const server = await startServer(config);
      console.log(`\nChargeboard is running at ${server.url}  (API docs: ${server.url}/api/docs)`);
      if (server.database.kind === 'pglite') console.log(`Embedded database: ${config.dataDir}`);
      if (server.hasDemoUsers) {
        if (config.host === null)
          console.log('Listening on 127.0.0.1 only, because the demo logins exist: set HOST to serve other machines.');
        console.log('Demo logins (demo data only):');
        for (const c of DEMO_CREDENTIALS) console.log(`  ${c.role.padEnd(26)} ${c.email}  /  ${c.password}`);
      }
      const log = server.app.log;
      // A crash still ends the process, but its log line is the sanitized one (no SQL parameters).
      process.on('uncaughtException', (error) => {
        log.fatal({ err: error }, 'uncaught exception; exiting');
        process.exit(1);
      });
      process.on('unhandledRejection', (error) => {
        log.fatal({ err: error }, 'unhandled promise rejection; exiting');
        process.exit(1);
      });
      const stop = (signal: string) => {
        log.info({ signal }, 'signal received');
        // Bounded: the grace time for calls in flight, then a few seconds to write what is queued.
        const limitMs = (config.shutdownGraceSeconds + SHUTDOWN_FLUSH_SECONDS) * 1000;
        setTimeout(() => {
          log.error({ limitSeconds: limitMs / 1000 }, 'shutdown did not finish in time; exiting');
          process.exit(1);
        }, limitMs).unref();
        server.close().then(
          () => process.exit(0),
          (error: unknown) => {
            log.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
      return -1;
    }
    case 'migrate':
      await withDatabase(config, async () => console.log('Migrations applied.'));
      return 0;
    case 'seed': {
      if (!values.demo) break;
      return withDatabase(config, async ({ db }) => {
        if (!values.force && !(await isDatabaseEmpty(db))) {
          console.error('The database already has data; pass --force to add the demo network anyway.');
          return 1;
        }
        if (!(await seedDemo(db, { bcryptCost: config.bcryptCost }))) {
          console.log('The demo network is already loaded; nothing changed.');
          return 0;
        }
        console.log('Demo data loaded. Logins:');
        for (const c of DEMO_CREDENTIALS) console.log(`  ${c.role.padEnd(26)} ${c.email}  /  ${c.password}`);
        return 0;
      });
    }
    case 'create-admin': {
      if (!values.email) break;
      const adminPassword = password ?? (await readStdin());
      return withDatabase(config, async ({ db }) => {
        const created = await createAdmin(
          db,
          { email: values.email!, password: adminPassword, name: values.name ?? 'Administrator', bcryptCost: config.bcryptCost },
          'cli',
        );
        console.log(
          created ? `Admin ${values.email} created.` : `A user with e-mail ${values.email} already exists; nothing changed.`,
        );
        return created ? 0 : 1;
      });
    }
    case 'audit':
      if (positionals[0] !== 'verify') break;
      return withDatabase(config, async ({ db }) => {
        const report = await verifyAuditChain(db);
        console.log(
          report.ok
            ? `Audit chain intact: ${report.checked} entries verified.`
            : `Audit chain BROKEN at entry ${report.firstBroken!.seq}: ${report.firstBroken!.reason} (${report.checked} entries before it are intact).`,
        );
        return report.ok ? 0 : 1;
      });
    case 'rollups':
      if (positionals[0] !== 'rebuild') break;
      if (values.organization !== undefined && !/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(values.organization)) {
        console.error('--organization must be an organization id (a UUID).');
        return 2;
      }
      return withDatabase(config, async ({ db }) => {
        const rebuilt = await rebuildAllRollups(db, values.organization);
        console.log(`Rollups rebuilt: ${rebuilt.rows} rows for ${rebuilt.organizations} organization(s).`);
        return 0;
      });
    case 'secrets':
      if (positionals[0] !== 'rotate') break;
      return withDatabase(config, async (database) => {
        // The key the server itself would use: SECRETS_KEY, else the embedded database's key file.
        const { keys } = await resolveSecretKeys(config.secrets, {
          kind: database.kind,
          dataDir: config.dataDir,
          memory: false,
        });
        if (!keys) {
          console.error('SECRETS_KEY is not set: there is no key to encrypt with.');
          return 1;
        }
        const { rotated, total } = await rotateGatewaySecrets(database.db, keys);
        console.log(`Gateway credentials re-encrypted under the current key: ${rotated} of ${total} configuration(s).`);
        return 0;
      });
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
    else console.error(safeErrorMessage(error));
    process.exit(1);
  },
);
