import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { chargeboard, cliEnvironment, withCliDatabase } from '../support/cli.js';
import { apiClient } from '../support/http.js';
import { rows } from '../support/ocpp.js';
import { GRAIN_NAMES, storedRollups } from '../support/rollups.js';
import { startTestServer } from '../support/server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

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
    const env = await cliEnvironment(cleanups);
    expect((await chargeboard(env, 'migrate')).out).toMatch(/Migrations applied/);
    const seeded = await chargeboard(env, 'seed', '--demo');
    expect(seeded.code).toBe(0);
    expect(seeded.out).toMatch(/admin@chargeboard\.demo/);
    const again = await chargeboard(env, 'seed', '--demo');
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/already has data/);
    const weak = await chargeboard({ ...env, ADMIN_PASSWORD: 'password1234' }, 'create-admin', '--email', 'cli@example.com');
    expect(weak.code).toBe(1);
    expect(weak.out).toMatch(/too common or easy to guess/);
    const admin = await chargeboard(
      { ...env, ADMIN_PASSWORD: 'harbour-lantern-keystone' },
      'create-admin',
      '--email',
      'cli@example.com',
    );
    expect(admin.code).toBe(0);
    expect(admin.out).toMatch(/Admin cli@example.com created/);
    const verify = await chargeboard(env, 'audit', 'verify');
    expect(verify.code).toBe(0);
    expect(verify.out).toMatch(/Audit chain intact: 2 entries verified/);
  }, 300_000);

  it('rollups rebuild gives back every grain from the settlements, for all organizations or one', async () => {
    const env = await cliEnvironment(cleanups);
    expect((await chargeboard(env, 'seed', '--demo')).code).toBe(0);
    const { kept, organizationId } = await withCliDatabase(env, async (db) => {
      const kept: Record<string, unknown[]> = {};
      for (const grain of GRAIN_NAMES) {
        kept[grain] = await storedRollups(db, grain);
        expect(kept[grain]!.length, grain).toBeGreaterThan(0);
      }
      // A manual data fix gone wrong: rows lost and figures overwritten in every grain.
      await db.execute(sql`DELETE FROM organization_hourly_rollups`);
      await db.execute(sql`DELETE FROM settlement_monthly_rollups`);
      await db.execute(sql`UPDATE settlement_daily_rollups SET net_minor = 0, sessions = 0`);
      await db.execute(sql`UPDATE organization_daily_rollups SET gross_minor = gross_minor + 1`);
      await db.execute(sql`UPDATE organization_monthly_rollups SET energy_wh = 0`);
      const [org] = await rows(db, sql`SELECT organization_id::text AS id FROM session_settlements LIMIT 1`);
      return { kept, organizationId: String(org!.id) };
    });
    const all = await chargeboard(env, 'rollups', 'rebuild');
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/Rollups rebuilt: [1-9]\d* rows for [1-9]\d* organization\(s\)/);
    await withCliDatabase(env, async (db) => {
      for (const grain of GRAIN_NAMES) expect(await storedRollups(db, grain), grain).toEqual(kept[grain]);
      await db.execute(sql`DELETE FROM organization_hourly_rollups WHERE organization_id = ${organizationId}`);
    });
    const one = await chargeboard(env, 'rollups', 'rebuild', '--organization', organizationId);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/Rollups rebuilt: [1-9]\d* rows for 1 organization\(s\)/);
    await withCliDatabase(env, async (db) => {
      expect(await storedRollups(db, 'organization_hourly_rollups')).toEqual(kept.organization_hourly_rollups);
    });
    const malformed = await chargeboard(env, 'rollups', 'rebuild', '--organization', 'acme');
    expect(malformed.code).toBe(2);
    expect(malformed.out).toMatch(/--organization must be an organization id/);
    const unknown = await chargeboard(env, 'rollups', 'rebuild', '--organization', '00000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toMatch(/Organization not found/);
  }, 400_000);

  it('prints usage and exits 2 for an unknown command; a bad setting names itself', async () => {
    const usage = await chargeboard({}, 'launch-rockets');
    expect(usage.code).toBe(2);
    expect(usage.out).toMatch(/Usage: chargeboard/);
    const bad = await chargeboard({ PORT: 'abc' }, 'migrate');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/Configuration error: PORT must be a whole number/);
  }, 60_000);
});
