import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Db, openDatabase } from '../../src/db/client.js';
import { isolatedDatabaseUrl } from './database.js';

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../src/cli.ts');
const tsx = path.resolve(import.meta.dirname, '../../../node_modules/.bin/tsx');

type Cleanups = (() => Promise<unknown> | unknown)[];

/** A database of its own for CLI runs: PostgreSQL when TEST_DATABASE_URL is set, else an embedded one in a temp dir. */
export async function cliEnvironment(cleanups: Cleanups): Promise<Record<string, string>> {
  const database = await isolatedDatabaseUrl();
  cleanups.push(() => database.drop());
  if (database.url) return { DATABASE_URL: database.url };
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { DATA_DIR: dir };
}

/** Opens the CLI's database in this process between CLI runs (an embedded one allows one process at a time), migrated. */
export async function withCliDatabase<T>(env: Record<string, string>, use: (db: Db) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL ?? null, dataDir: env.DATA_DIR ?? '' });
  try {
    // Idempotent: a database the CLI has not migrated yet is brought up to date first.
    await database.migrate();
    return await use(database.db);
  } finally {
    await database.close();
  }
}

/** `chargeboard <args>` as an operator runs it, with its exit code and output. */
export async function chargeboard(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, [cli, ...args], {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      // Each run is a new process that compiles the CLI and opens the database: seconds on a quiet
      // machine, a minute or more on a loaded one, so a failure here means hung, not slow.
      timeout: 150_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}
