import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { type RunningServer, startServer } from '../../src/main.js';
import { isolatedDatabaseUrl } from './database.js';
import { openTestPglite } from './pglite-template.js';

export interface TestServer {
  url: string;
  db: Db;
  server: RunningServer;
  close(): Promise<void>;
}

/** What every test server signs access tokens with (tests hand-craft tokens with it). */
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';

/** What every test server encrypts gateway credentials with (test support encrypts with it too). */
export const TEST_SECRETS_KEY = '6b1f0c2d3e4a5b6c7d8e9f00112233445566778899aabbccddeeff0011223344';

/** The real server on a real, empty, isolated database, listening on a free port. */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { logStream?: NodeJS.WritableStream } = {},
): Promise<TestServer> {
  const database = await isolatedDatabaseUrl();
  const config = loadConfig(
    {
      JWT_SECRET: TEST_JWT_SECRET,
      SECRETS_KEY: TEST_SECRETS_KEY,
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'never',
      DEMO_SIMULATOR: 'off',
      // Test chargers are not asked for a meter interval unless a test is about it (ocpp-interop.test.ts).
      OCPP_METER_INTERVAL_SECONDS: '0',
      ...env,
    },
    { port: 0, host: '127.0.0.1', databaseUrl: database.url, memoryDatabase: true },
  );
  // Embedded: a copy of the run's migrated template, opened here and so closed here.
  const embedded = database.url ? null : await openTestPglite();
  const server = await startServer(config, {
    logger: options.logStream ? { stream: options.logStream } : false,
    ...(embedded ? { database: embedded } : {}),
  });
  return {
    url: server.url,
    db: server.database.db,
    server,
    async close() {
      await server.close();
      await embedded?.close();
      await database.drop();
    },
  };
}
