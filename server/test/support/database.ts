import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Each test file gets its own database: a fresh in-memory PGlite, or, when TEST_DATABASE_URL
 * is set, a new PostgreSQL database created for it and dropped afterwards, so runs never collide.
 */
export async function isolatedDatabaseUrl(): Promise<{ url: string | null; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return { url: null, drop: async () => undefined };
  const name = `cb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
