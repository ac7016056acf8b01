import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { isolatedDatabaseUrl } from '../support/database.js';
import { apiClient } from '../support/http.js';
import { startTestServer } from '../support/server.js';

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../src/cli.ts');
const tsx = path.resolve(import.meta.dirname, '../../../node_modules/.bin/tsx');
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A database of its own for a CLI run: PostgreSQL when TEST_DATABASE_URL is set, else an embedded one in a temp dir. */
async function cliEnvironment(): Promise<Record<string, string>> {
  const database = await isolatedDatabaseUrl();
  cleanups.push(() => database.drop());
  if (database.url) return { DATABASE_URL: database.url };
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { DATA_DIR: dir };
}

async function chargeboard(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, [cli, ...args], {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

describe('first start with ADMIN_EMAIL and ADMIN_PASSWORD', () => {
  it('creates that Admin once, without demo data, and the Admin can sign in', async () => {
    const t = await startTestServer({ ADMIN_EMAIL: 'Ops@Example.com', ADMIN_PASSWORD: 'bootstrap-password-1' });
    cleanups.push(() => t.close());
    const login = await apiClient(t.url).post('/api/v1/auth/login', {
      email: 'ops@example.com',
      password: 'bootstrap-password-1',
    });
    expect(login.status).toBe(200);
    expect(login.body.me.user.role).toBe('admin');
    const orgs = await apiClient(t.url, login.body.accessToken).get('/api/v1/organizations');
    expect(orgs.body.total).toBe(0);
    const audit = await apiClient(t.url, login.body.accessToken).get('/api/v1/audit');
    expect(audit.body.items[0]).toMatchObject({ entityType: 'user', action: 'create', actorEmail: 'system:bootstrap' });
  });
});

describe('chargeboard CLI', () => {
  it('migrate, seed --demo, create-admin and audit verify work on a fresh database', async () => {
    const env = await cliEnvironment();
    expect((await chargeboard(env, 'migrate')).out).toMatch(/Migrations applied/);
    const seeded = await chargeboard(env, 'seed', '--demo');
    expect(seeded.code).toBe(0);
    expect(seeded.out).toMatch(/admin@chargeboard\.demo/);
    const again = await chargeboard(env, 'seed', '--demo');
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/already has data/);
    const admin = await chargeboard(
      { ...env, ADMIN_PASSWORD: 'cli-admin-password' },
      'create-admin',
      '--email',
      'cli@example.com',
    );
    expect(admin.code).toBe(0);
    expect(admin.out).toMatch(/Admin cli@example.com created/);
    const verify = await chargeboard(env, 'audit', 'verify');
    expect(verify.code).toBe(0);
    expect(verify.out).toMatch(/Audit chain intact: 2 entries verified/);
  }, 120_000);

  it('prints usage and exits 2 for an unknown command; a bad setting names itself', async () => {
    const usage = await chargeboard({}, 'launch-rockets');
    expect(usage.code).toBe(2);
    expect(usage.out).toMatch(/Usage: chargeboard/);
    const bad = await chargeboard({ PORT: 'abc' }, 'migrate');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/Configuration error: PORT must be a whole number/);
  }, 60_000);
});
