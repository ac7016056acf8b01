/** A fresh PostgreSQL database per run, filled in bulk: one organization, one site, N chargers, each with its own password. */
import { randomInt } from 'node:crypto';
import pg from 'pg';
import { hashChargerPassword } from '../../server/src/auth/charger-passwords.js';

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(baseUrl: string): Promise<BenchDatabase> {
  const name = `ocpp_bench_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export const identityOf = (i: number) => `BENCH-${String(i + 1).padStart(6, '0')}`;

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.~!*';

/** A realistic provisioned secret per charger: 20 to 32 random characters. */
export function chargerPasswords(count: number): string[] {
  return Array.from({ length: count }, () =>
    Array.from({ length: randomInt(20, 33) }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  );
}

/** Runs after the server has migrated the database; `passwords[i]` belongs to `identityOf(i)`. */
export async function seedChargers(url: string, passwords: string[], idTag: string): Promise<void> {
  // Stored as the API stores them (one hash each), so a cold process verifies one per charger.
  const hashes = passwords.map((p) => hashChargerPassword(p));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const org = await client.query<{ id: string }>(
      `INSERT INTO organizations (name, currency, time_zone) VALUES ('Bench CPO', 'EUR', 'Europe/Berlin') RETURNING id`,
    );
    const orgId = org.rows[0]!.id;
    const site = await client.query<{ id: string }>(
      `INSERT INTO sites (organization_id, name, time_zone, latitude, longitude)
       VALUES ($1, 'Bench site', 'Europe/Berlin', '52.52', '13.40') RETURNING id`,
      [orgId],
    );
    await client.query(
      `INSERT INTO chargers (organization_id, site_id, ocpp_identity, name, ocpp_password_hash)
       SELECT $1, $2, 'BENCH-' || lpad(i::text, 6, '0'), 'Bench charger ' || i, h
       FROM unnest($3::text[]) WITH ORDINALITY AS p(h, i)`,
      [orgId, site.rows[0]!.id, hashes],
    );
    await client.query(
      `INSERT INTO connectors (charger_id, connector_id, type, max_power_kw)
       SELECT id, 1, 'CCS2', '50' FROM chargers WHERE organization_id = $1`,
      [orgId],
    );
    await client.query(`INSERT INTO id_tokens (organization_id, token, kind) VALUES ($1, $2, 'rfid')`, [orgId, idTag]);
  } finally {
    await client.end();
  }
}

export async function countRows(url: string): Promise<{ meterSamples: number; messages: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ samples: string; messages: string }>(
      `SELECT (SELECT count(*) FROM meter_samples) AS samples, (SELECT count(*) FROM ocpp_messages) AS messages`,
    );
    return { meterSamples: Number(rows[0]!.samples), messages: Number(rows[0]!.messages) };
  } finally {
    await client.end();
  }
}

/**
 * Transactions committed in the bench database so far (pg_stat_database; every statement outside
 * BEGIN…COMMIT is one). Backends report at most once a second, so a phase's figure is ±1 s of traffic.
 */
export async function countCommits(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ n: string }>(
      'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}
