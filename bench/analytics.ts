/**
 * `npm run bench:analytics [-- --quick] [--sessions N] [--embedded-sessions N]`: revenue analytics on a
 * synthetic network (default 10 M sessions, 5,000 chargers, 100 organizations, 365 days) in a fresh
 * PostgreSQL database, then 1 M sessions on the embedded database (PGlite, temp dir). Measures p50/p95
 * of GET /analytics/revenue (per charger, largest organization, 24h/7d/30d/365d) and GET
 * /analytics/summary (whole network) against the naive GROUP BY over raw settlements, in the same run,
 * and bulk invoicing of 500 organizations with PDFs (bench/invoicing.ts; `--skip-invoicing` to leave it out).
 * Writes bench/results/analytics-<timestamp>.json. See docs/benchmarks.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { hashPassword } from '../server/src/auth/passwords.js';
import { openDatabase } from '../server/src/db/client.js';
import { type Exec, type NetworkSize, loadNetwork, withoutSecondaryIndexes } from './analytics/load.js';
import { benchInvoicing } from './invoicing.js';
import { type RollingPeriod, naiveNetworkSummary, naiveRevenueByCharger } from './analytics/naive.js';
import { percentiles } from './ocpp/stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sessions: { type: 'string' },
    'embedded-sessions': { type: 'string' },
    runs: { type: 'string' },
    'naive-seconds': { type: 'string' },
    'skip-postgres': { type: 'boolean', default: false },
    'skip-embedded': { type: 'boolean', default: false },
    'skip-invoicing': { type: 'boolean', default: false },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    'no-write': { type: 'boolean', default: false },
  },
});
const quick = flags.quick!;
const count = (raw: string | undefined, full: number, fast: number) => {
  const value = raw === undefined ? (quick ? fast : full) : Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`bad number: ${raw}`);
  return value;
};
const postgresSize: NetworkSize = {
  sessions: count(flags.sessions, 10_000_000, 200_000),
  chargers: quick ? 500 : 5000,
  organizations: quick ? 20 : 100,
  days: 365,
};
const embeddedSize: NetworkSize = { ...postgresSize, sessions: count(flags['embedded-sessions'], 1_000_000, 100_000) };
const RUNS = count(flags.runs, 60, 20);
/** The naive queries can take seconds each: stop repeating one after this long (at least 5 runs). */
const NAIVE_SECONDS = count(flags['naive-seconds'], 90, 20);
const PERIODS: RollingPeriod[] = ['24h', '7d', '30d', '365d'];
const PASSWORD = 'bench-analytics-password';
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(runs: number, once: () => Promise<unknown>, budgetSeconds = Infinity) {
  await once(); // warm-up (plans, caches)
  const samples: number[] = [];
  const deadline = Date.now() + budgetSeconds * 1000;
  for (let i = 0; i < runs && (i < 5 || Date.now() < deadline); i++) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

async function startServer(env: Record<string, string>) {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'serve'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'never',
      DEMO_SIMULATOR: 'off',
      INVOICE_SCHEDULE: 'off',
      JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; waited < 180_000; waited += 250) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url };
    await sleep(250);
  }
  throw new Error('server did not become healthy');
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** Loads the network and adds an Accounts user; returns the largest organization's id. */
async function prepare(exec: Exec, size: NetworkSize) {
  const started = Date.now();
  await withoutSecondaryIndexes(exec, () => loadNetwork(exec, size, log), log);
  const loadSeconds = Math.round((Date.now() - started) / 1000);
  const hash = await hashPassword(PASSWORD, 12);
  await exec(
    `INSERT INTO users (email, name, password_hash, role) VALUES ('bench@analytics.test', 'Bench', '${hash}', 'accounts')`,
  );
  const [largest] = await exec(
    `SELECT organization_id AS id, count(*)::int AS chargers FROM chargers GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
  );
  const [rows] = await exec(`SELECT (SELECT count(*) FROM session_settlements)::int AS settlements,
    (SELECT count(*) FROM settlement_daily_rollups)::int AS rollups,
    (SELECT count(*) FROM settlement_monthly_rollups)::int AS monthly_rollups,
    (SELECT count(*) FROM organization_daily_rollups)::int AS organization_daily_rollups,
    (SELECT count(*) FROM organization_monthly_rollups)::int AS organization_monthly_rollups,
    (SELECT count(*) FROM organization_hourly_rollups)::int AS organization_hourly_rollups,
    (SELECT count(*) FROM session_settlements WHERE organization_id = '${largest!.id}')::int AS largest_settlements`);
  log(`loaded in ${loadSeconds} s: ${JSON.stringify(rows)}`);
  return { largestId: String(largest!.id), largestChargers: Number(largest!.chargers), loadSeconds, rows };
}

async function measureNaive(exec: Exec, largestId: string) {
  const naive: Record<string, ReturnType<typeof percentiles>> = {};
  for (const period of PERIODS) {
    naive[`revenueByCharger.${period}`] = await timed(RUNS, () => exec(naiveRevenueByCharger(largestId, period)), NAIVE_SECONDS);
    log(`naive revenue by charger ${period}: ${JSON.stringify(naive[`revenueByCharger.${period}`])}`);
  }
  naive.networkSummary = await timed(RUNS, () => exec(naiveNetworkSummary()), NAIVE_SECONDS);
  log(`naive network summary: ${JSON.stringify(naive.networkSummary)}`);
  return naive;
}

async function measureApi(url: string, largestId: string) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@analytics.test', password: PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const get = async (pathAndQuery: string) => {
    const response = await fetch(`${url}${pathAndQuery}`, { headers: { authorization: `Bearer ${accessToken}` } });
    if (!response.ok) throw new Error(`${pathAndQuery}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const api: Record<string, ReturnType<typeof percentiles>> = {};
  for (const period of PERIODS) {
    const query = `/api/v1/analytics/revenue?period=${period}&groupBy=charger&organizationId=${largestId}&pageSize=50`;
    api[`revenueByCharger.${period}`] = await timed(RUNS, () => get(query));
    log(`API revenue by charger ${period}: ${JSON.stringify(api[`revenueByCharger.${period}`])}`);
  }
  api.networkSummary = await timed(RUNS, () => get('/api/v1/analytics/summary'));
  log(`API network summary: ${JSON.stringify(api.networkSummary)}`);
  return api;
}

function compare(
  api: Record<string, { p50: number; p95: number }>,
  naive: Record<string, { p50: number; p95: number }>,
  targetP95: number,
) {
  return Object.fromEntries(
    Object.keys(api).map((key) => {
      const speedup = naive[key] ? Math.round((naive[key]!.p50 / Math.max(0.1, api[key]!.p50)) * 10) / 10 : null;
      return [
        key,
        {
          p95: api[key]!.p95,
          targetP95,
          p95Met: api[key]!.p95 < targetP95,
          speedupP50: speedup,
          speedupMet: (speedup ?? 0) >= 20,
        },
      ];
    }),
  );
}

async function measureInvoicing() {
  const result = await benchInvoicing({
    organizations: quick ? 50 : 500,
    databaseUrl: flags['database-url'],
    log: (line) => log(`invoicing: ${line}`),
  });
  log(`invoicing: ${result.organizations} organizations in ${result.totalSeconds} s (target < ${result.targetSeconds} s)`);
  return result;
}

async function runPostgres() {
  const name = `analytics_bench_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: flags['database-url'] });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(flags['database-url']!);
  url.pathname = `/${name}`;
  try {
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir(), poolSize: 1 });
    const exec: Exec = async (text) =>
      ((await database.db.execute(sql.raw(text))) as unknown as { rows: Record<string, unknown>[] }).rows;
    await database.migrate();
    const prepared = await prepare(exec, postgresSize);
    // Bulk invoicing of 500 organizations with PDFs (target < 60 s), in its own fresh database on the same server.
    const invoicing = flags['skip-invoicing'] ? null : await measureInvoicing();
    const naive = await measureNaive(exec, prepared.largestId);
    await database.close();
    const server = await startServer({ DATABASE_URL: url.toString() });
    try {
      const api = await measureApi(server.url, prepared.largestId);
      return { size: postgresSize, ...prepared, api, naive, verdict: compare(api, naive, 150), invoicing };
    } finally {
      await stopServer(server.child);
    }
  } finally {
    const client = new pg.Client({ connectionString: flags['database-url'] });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}

async function runEmbedded() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'analytics-bench-'));
  try {
    const database = await openDatabase({ databaseUrl: null, dataDir: dir });
    const exec: Exec = async (text) =>
      ((await database.db.execute(sql.raw(text))) as unknown as { rows: Record<string, unknown>[] }).rows;
    await database.migrate();
    const prepared = await prepare(exec, embeddedSize);
    const naive = await measureNaive(exec, prepared.largestId);
    await database.close();
    // PGlite is single-process: the server opens the same files once the loader has closed them.
    const server = await startServer({ DATA_DIR: dir });
    try {
      const api = await measureApi(server.url, prepared.largestId);
      return { size: embeddedSize, ...prepared, api, naive, verdict: compare(api, naive, 500) };
    } finally {
      await stopServer(server.child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const started = new Date();
  log(
    `analytics benchmark${quick ? ' (quick)' : ''}: PostgreSQL ${JSON.stringify(postgresSize)}, embedded ${JSON.stringify(embeddedSize)}`,
  );
  const postgres = flags['skip-postgres'] ? null : await runPostgres();
  const embedded = flags['skip-embedded'] ? null : await runEmbedded();
  const report = {
    benchmark: 'analytics',
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    quick,
    runsPerQuestion: RUNS,
    naiveBudgetSeconds: NAIVE_SECONDS,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    },
    postgres,
    embedded,
  };
  console.log(
    JSON.stringify(
      { postgres: postgres?.verdict, embedded: embedded?.verdict, invoicing: postgres?.invoicing?.totalSeconds ?? null },
      null,
      2,
    ),
  );
  if (!flags['no-write']) {
    mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    const file = path.join(root, `bench/results/analytics-${started.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${path.relative(root, file)}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
