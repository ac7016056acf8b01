import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type ExtractTablesWithRelations, createTableRelationsHelpers, extractTablesRelationalConfig } from 'drizzle-orm';
import { NodePgDatabase, NodePgSession, drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { leavesConnectionUnusable } from './errors.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /** Queries waiting for a pooled connection now (always 0 on the embedded database): background work yields to them. */
  waiting(): number;
  /**
   * The same database through a pool of its own of `size` connections, opened once per name and
   * closed with the rest: work that waits on others (a payment gateway) then never takes the
   * connections the charger traffic waits on. Size 0, and the embedded database (one connection),
   * give `db` itself.
   */
  lane(name: string, size: number): Db;
  close(): Promise<void>;
  /** Embedded only: its data directory as one archive, to start another from (`fromArchive`). */
  archive?(): Promise<Blob>;
}

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
/** Any fixed number: every instance takes the same advisory lock while migrating. */
const MIGRATION_LOCK = 7_240_611;

export interface DatabaseOptions {
  databaseUrl: string | null;
  dataDir: string;
  memory?: boolean;
  /** Embedded only: start from a dump of another embedded database's data directory (PGlite `dumpDataDir`). */
  fromArchive?: Blob;
  /** PostgreSQL connections per process; OCPP traffic is many small transactions, so it waits on these. */
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.memory ? null : path.join(options.dataDir, 'pglite'), options.fromArchive);
}

type Relations = ExtractTablesWithRelations<Schema>;
type RelationalSchema = ConstructorParameters<typeof NodePgSession<Schema, Relations>>[2];

/**
 * Drizzle on the pool, with transactions that always give their connection back: Drizzle's own
 * pool transaction never releases a connection whose BEGIN failed (a connection that died while
 * idle), so each outage would shrink the pool for good. A connection whose transaction failed
 * with the connection itself (lost, or BEGIN/COMMIT/ROLLBACK failed) is destroyed, not reused.
 */
function drizzleOnPool(pool: pg.Pool): Db {
  const dialect = new PgDialect();
  const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  // What drizzle() builds from the schema, once (it costs about a millisecond, too much per transaction).
  const relational = {
    fullSchema: schema,
    schema: tables.tables as Relations,
    tableNamesMap: tables.tableNamesMap,
  } satisfies RelationalSchema;
  class PoolSession extends NodePgSession<Schema, Relations> {
    override async transaction<T>(...[run, config]: Parameters<NodePgSession<Schema, Relations>['transaction']>): Promise<T> {
      const client = await pool.connect();
      let unusable: Error | undefined;
      try {
        // A session on this one client: Drizzle's non-pool path (BEGIN … COMMIT / ROLLBACK, no release).
        return (await new NodePgSession<Schema, Relations>(client, dialect, relational).transaction(run, config)) as T;
      } catch (error) {
        if (leavesConnectionUnusable(error)) unusable = error instanceof Error ? error : new Error('transaction failed');
        throw error;
      } finally {
        client.release(unusable);
      }
    }
  }
  return new NodePgDatabase<Schema>(dialect, new PoolSession(pool, dialect, relational), relational) as unknown as Db;
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = openPool(url, poolSize);
  const db = drizzleOnPool(pool);
  const lanes = new Map<string, { pool: pg.Pool; db: Db }>();
  return {
    db,
    kind: 'postgres',
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
        client.release();
      }
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    waiting: () => pool.waitingCount,
    lane(name, size) {
      if (size <= 0) return db;
      let lane = lanes.get(name);
      if (!lane) {
        const lanePool = openPool(url, size);
        lane = { pool: lanePool, db: drizzleOnPool(lanePool) };
        lanes.set(name, lane);
      }
      return lane.db;
    },
    async close() {
      await Promise.all([pool.end(), ...[...lanes.values()].map((lane) => lane.pool.end())]);
    },
  };
}

function openPool(url: string, max: number): pg.Pool {
  // keepAlive: a database host that vanished is noticed by TCP, not only by the next query's timeout.
  const pool = new pg.Pool({ connectionString: url, max, keepAlive: true });
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead
  // pg-pool listens for errors only on idle clients: a connection lost while checked out (in a
  // transaction) would emit an unhandled 'error' and end the process. Its query fails instead.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

async function openPglite(dir: string | null, fromArchive?: Blob): Promise<Database> {
  if (dir) mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir ?? undefined, fromArchive ? { loadDataDir: fromArchive } : {});
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    // PGlite is single-process, so no lock is needed.
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder }),
    async ping() {
      await client.query('SELECT 1');
    },
    waiting: () => 0,
    lane: () => db,
    close: () => client.close(),
    archive: () => client.dumpDataDir('none'),
  };
}
