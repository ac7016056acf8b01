/**
 * Export benchmark: a fresh PostgreSQL database with N sessions (+ settlements), the real server,
 * and GET /api/v1/transactions/export streamed over HTTP as CSV and XLSX. Records rows, bytes,
 * duration, rows/s and the server's peak RSS; writes bench/results/export-<timestamp>.json.
 *   npm run bench:export [-- --rows 100000 --formats csv,xlsx]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBenchDatabase } from '../ocpp/database.js';
import { ProcSampler, readProc } from '../ocpp/proc-sampler.js';
import { seedSessions } from './seed.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: process.env.BENCH_ROWS ?? '1000000' },
    formats: { type: 'string', default: 'csv,xlsx' },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    'no-write': { type: 'boolean', default: false },
  },
});
const rows = Number(flags.rows);
if (!Number.isSafeInteger(rows) || rows <= 0) throw new Error(`bad --rows ${flags.rows}`);
const formats = flags.formats!.split(',').filter((f): f is 'csv' | 'xlsx' => f === 'csv' || f === 'xlsx');
const ADMIN = { email: 'bench-admin@example.test', password: 'bench-export-password-01' };
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'serve'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'never',
      DEMO_SIMULATOR: 'off',
      JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(250)) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url };
  }
  throw new Error('server did not become healthy in time');
}

/** Streams one export, counting bytes and lines as they arrive (nothing is kept). */
async function download(url: string, token: string, format: string, pid: number) {
  const sampler = new ProcSampler(pid);
  const before = readProc(pid)?.rssMb ?? 0;
  const started = performance.now();
  const response = await fetch(`${url}/api/v1/transactions/export?format=${format}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok || !response.body) throw new Error(`export ${format}: ${response.status} ${await response.text()}`);
  let bytes = 0;
  let lines = 0;
  let firstByteMs: number | null = null;
  for await (const chunk of response.body) {
    firstByteMs ??= performance.now() - started;
    bytes += chunk.byteLength;
    if (format === 'csv') for (const b of chunk) if (b === 10) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  const usage = sampler.phase();
  sampler.stop();
  const exported = format === 'csv' ? lines - 1 : rows;
  return {
    format,
    rows: exported,
    bytes,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(exported / seconds),
    firstByteMs: Math.round(firstByteMs ?? 0),
    serverRssBeforeMb: Math.round(before),
    serverPeakRssMb: usage.maxRssMb,
    serverCpuPercent: usage.cpuPercent,
  };
}

async function main() {
  const db = await createBenchDatabase(flags['database-url']!);
  const { child, url } = await startServer(db.url);
  const results = [];
  try {
    log(`server pid ${child.pid} on ${url}; seeding ${rows} sessions into ${db.name}`);
    const seedStarted = performance.now();
    await seedSessions(db.url, rows);
    const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
    log(`seeded in ${seedSeconds} s`);
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    for (const format of formats) {
      log(`exporting ${format}…`);
      const result = await download(url, accessToken, format, child.pid!);
      log(JSON.stringify(result));
      if (format === 'csv' && result.rows !== rows) throw new Error(`CSV had ${result.rows} rows, expected ${rows}`);
      results.push(result);
    }
    const report = {
      benchmark: 'export',
      at: new Date().toISOString(),
      rows,
      seedSeconds,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      results,
    };
    console.log(JSON.stringify(report, null, 2));
    if (!flags['no-write']) {
      mkdirSync(path.join(root, 'bench/results'), { recursive: true });
      const file = path.join(root, `bench/results/export-${report.at.replace(/[:.]/g, '-')}.json`);
      writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
      log(`wrote ${path.relative(root, file)}`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await db.drop();
  }
}

await main();
