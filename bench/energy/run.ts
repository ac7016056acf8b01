/**
 * `npm run bench:energy [-- --quick]`: 1,000 sites × 10 chargers (each with its own password) under
 * load management, sessions starting and stopping all the time (a churn of cars drawing 7–50 kW).
 * Measures how long allocating a site takes (read + allocate, from the server's own histogram), the
 * profiles sent per minute, whether any site's limits add up to more than its limit, and the OCPP
 * latency against a baseline with load management off measured first in the same run. Writes
 * bench/results/energy-<timestamp>.json. See docs/benchmarks.md.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chargerPasswords, createBenchDatabase, identityOf, seedChargers } from '../ocpp/database.js';
import {
  benchLog,
  freePort,
  runBench,
  startBenchServer,
  stopProcess,
  writeResult,
  loadAverage,
  machineFacts,
} from '../ocpp/processes.js';
import { type PhaseUsage, ProcSampler } from '../ocpp/proc-sampler.js';
import type { PhaseReport, WorkerCommand } from '../ocpp/protocol.js';
import { percentiles } from '../ocpp/stats.js';
import { allocatorAlone } from './allocator.js';
import { askWorker, exitWorker, forkWorker } from '../ocpp/workers.js';
import { type Metrics, allocationFigures, readMetrics } from './metrics.js';
import { overLimitSites, seedSites } from './seed.js';

const here = fileURLToPath(new URL('.', import.meta.url));

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: process.env.BENCH_QUICK === '1' },
    sites: { type: 'string', default: process.env.BENCH_SITES },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    server: { type: 'string', default: process.env.BENCH_SERVER ?? 'tsx' },
    'no-write': { type: 'boolean', default: false },
  },
});

const quick = flags.quick!;
const sites = Math.floor(Number(flags.sites ?? (quick ? 100 : 1_000)));
if (!Number.isFinite(sites) || sites <= 0) throw new Error(`bad number of sites: ${flags.sites}`);
const params = {
  sites,
  chargersPerSite: 10,
  chargers: sites * 10,
  /** Each site's grid connection: 10 × 50 kW connectors would draw up to 500 kW. */
  siteLimitKw: 100,
  chargingShare: 0.6,
  heartbeatSeconds: 60,
  meterSeconds: 10,
  /**
   * A session lasts this long on average; then another car plugs in at once. Ten minutes is several
   * times the churn of a real network (sessions last 30–60 min): 6,000 sessions give 10 stops/s.
   */
  churnSeconds: Number(process.env.BENCH_CHURN_SECONDS ?? 600),
  baselineSeconds: quick ? 30 : 90,
  managedSeconds: quick ? 60 : 180,
  windowSeconds: 10,
  callTimeoutMs: 60_000,
};
const ID_TAG = 'BENCH-TAG';
const ADMIN = { email: 'bench-admin@bench.test', password: `Bench-${randomBytes(12).toString('hex')}` };
const log = benchLog;

/** Steady windows with churn until `seconds` are up; latencies and calls pooled. */
async function steadyFor(worker: ChildProcess, seconds: number) {
  const latencies: number[] = [];
  let calls = 0;
  let errors = 0;
  let restarted = 0;
  for (let left = seconds; left > 0; left -= params.windowSeconds) {
    const command: WorkerCommand = {
      type: 'steady',
      durationMs: Math.min(left, params.windowSeconds) * 1000,
      heartbeatMs: params.heartbeatSeconds * 1000,
      meterMs: params.meterSeconds * 1000,
      churnMs: params.churnSeconds * 1000,
    };
    const w = await askWorker<PhaseReport>(worker, command, params.windowSeconds * 1000 + 120_000);
    latencies.push(...w.latencies);
    calls += w.calls;
    errors += w.callErrors;
    restarted += w.extra.sessionsRestarted ?? 0;
  }
  return { latencyMs: percentiles(latencies), calls, callErrors: errors, sessionsRestarted: restarted };
}

/** Turns load management on for every site through the API, as an operator's script would. */
async function enableAll(baseUrl: string, siteIds: string[]) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const body = JSON.stringify({
    enabled: true,
    limitKw: null,
    strategy: 'equal-share',
    minimumKw: '4.2',
    phases: 3,
    voltageV: 230,
    rateUnit: 'A',
    priorityGroups: [],
  });
  const ms: number[] = [];
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < siteIds.length) {
        const id = siteIds[next++]!;
        const begin = performance.now();
        const answer = await fetch(`${baseUrl}/api/v1/sites/${id}/load-management`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body,
        });
        if (!answer.ok) failed++;
        await answer.arrayBuffer();
        ms.push(performance.now() - begin);
      }
    }),
  );
  return { sites: siteIds.length, failed, putMs: percentiles(ms) };
}

async function main(): Promise<void> {
  const started = new Date();
  const loadAverageAtStart = loadAverage();
  log(`energy benchmark${quick ? ' (quick)' : ''}: ${JSON.stringify(params)}`);
  const db = await createBenchDatabase(flags['database-url']!);
  const usage: Record<string, PhaseUsage> = {};
  const results: Record<string, unknown> = {};
  let before: Metrics | null = null;
  let after: Metrics | null = null;
  try {
    const server = await startBenchServer({
      databaseUrl: db.url,
      port: await freePort(),
      server: flags.server,
      env: {
        INVOICE_SCHEDULE: 'off',
        SECRETS_KEY: randomBytes(32).toString('hex'),
        OCPP_HEARTBEAT_SECONDS: String(params.heartbeatSeconds),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
      },
    });
    const worker = forkWorker(path.join(here, '../ocpp/load-worker.ts'));
    let sampler: ProcSampler | null = null;
    try {
      const passwords = chargerPasswords(params.chargers);
      await seedChargers(db.url, passwords, ID_TAG);
      const siteIds = await seedSites(db.url, params.sites, params.chargersPerSite, params.siteLimitKw);
      log(`server pid ${server.child.pid}; seeded ${params.sites} sites × ${params.chargersPerSite} chargers`);
      worker.send({
        type: 'init',
        url: server.wsUrl,
        identities: passwords.map((_, i) => identityOf(i)),
        passwords,
        idTag: ID_TAG,
        callTimeoutMs: params.callTimeoutMs,
      } satisfies WorkerCommand);
      const connect: WorkerCommand = {
        type: 'connect',
        concurrency: 100,
        chargingShare: params.chargingShare,
        deadlineMs: 300_000,
      };
      const connected = await askWorker<PhaseReport>(worker, connect, 420_000);
      results.connect = { connected: connected.ok, failed: connected.failed, ...connected.extra };
      log(`connected ${connected.ok}/${params.chargers}; ${connected.extra.transactionsStarted} charging`);
      sampler = new ProcSampler(server.child.pid!);

      log(`baseline: load management off, sessions churning, ${params.baselineSeconds} s`);
      results.baseline = await steadyFor(worker, params.baselineSeconds);
      usage.baseline = sampler.phase();

      before = await readMetrics(server.url);
      log(`turning load management on at ${params.sites} sites through the API`);
      results.enable = await enableAll(server.url, siteIds);
      log(`managed: ${params.managedSeconds} s`);
      const managedStart = Date.now();
      results.managed = await steadyFor(worker, params.managedSeconds);
      usage.managed = sampler.phase();
      after = await readMetrics(server.url);
      const minutes = (Date.now() - managedStart) / 60_000;
      results.allocation = allocationFigures(before, after, minutes);
      results.overLimitSites = await overLimitSites(db.url);
    } finally {
      sampler?.stop();
      await exitWorker(worker);
      await stopProcess(server.child);
    }
  } finally {
    await db.drop();
  }

  results.allocatorAlone = allocatorAlone(params.chargersPerSite, params.siteLimitKw * 1000);
  type Steady = Awaited<ReturnType<typeof steadyFor>>;
  const baseline = results.baseline as Steady;
  const managed = results.managed as Steady;
  const allocation = results.allocation as ReturnType<typeof allocationFigures>;
  const overLimit = results.overLimitSites as number;
  const report = {
    benchmark: 'energy',
    startedAt: started.toISOString(),
    quick,
    params,
    machine: machineFacts(loadAverageAtStart),
    results,
    usage,
    targets: {
      allocationP99Ms: { target: 5, measured: allocation.p99AtMostMs, met: allocation.p99AtMostMs <= 5 },
      sitesOverTheirLimit: { target: 0, measured: overLimit, met: overLimit === 0 },
      steadyP99Ms: { target: 200, measured: managed.latencyMs.p99, met: managed.latencyMs.p99 < 200 },
    },
  };
  const summary = [
    `Energy benchmark ${quick ? '(quick) ' : ''}— ${params.sites} sites × ${params.chargersPerSite} chargers, ${params.siteLimitKw} kW each, sessions every ~${params.churnSeconds} s, ${report.machine.cpus} CPUs`,
    `  allocation per site: ${allocation.recomputes} recomputes, ${allocation.within5msPercent} % within 5 ms, p99 ≤ ${allocation.p99AtMostMs} ms, mean ${allocation.meanMs} ms`,
    `  the allocator alone (pure function, ${params.chargersPerSite} sessions): p50 ${(results.allocatorAlone as { us: { p50: number } }).us.p50} µs, p99 ${(results.allocatorAlone as { us: { p99: number } }).us.p99} µs`,
    `  profiles sent: ${allocation.profiles} (${allocation.profilesPerMinute}/min), answers ${JSON.stringify(allocation.answers)}`,
    `  sessions restarted: baseline ${baseline.sessionsRestarted}, managed ${managed.sessionsRestarted}`,
    `  steady OCPP p99: baseline ${baseline.latencyMs.p99} ms, managed ${managed.latencyMs.p99} ms (p50 ${baseline.latencyMs.p50} → ${managed.latencyMs.p50} ms)`,
    ...Object.entries(report.targets).map(
      ([name, t]) => `  ${name.padEnd(22)} ${String(t.measured).padStart(8)}  target ${t.target}  ${t.met ? 'met' : 'MISSED'}`,
    ),
    `  server usage per phase: ${JSON.stringify(usage)}`,
  ].join('\n');
  console.log(`\n${summary}`);
  if (!flags['no-write']) writeResult('energy', started, report, summary);
}

runBench(main, quick ? 20 : 45);
