/**
 * `npm run bench:ocpp [-- --quick] [--chargers N] …`: the OCPP central system under load, against a
 * bare `ws` baseline measured in the same run. Writes bench/results/ocpp-<timestamp>.json and prints
 * a summary. See docs/benchmarks.md.
 */
import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chargerPasswords, countCommits, countRows, createBenchDatabase, identityOf, seedChargers } from './database.js';
import { benchLog, freePort, runBench, sleep, stopProcess, writeResult, startBenchServer } from './processes.js';
import { type PhaseUsage, ProcSampler } from './proc-sampler.js';
import type { PhaseReport, WorkerCommand } from './protocol.js';
import { percentiles } from './stats.js';

const here = fileURLToPath(new URL('.', import.meta.url));

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: process.env.BENCH_QUICK === '1' },
    chargers: { type: 'string', default: process.env.BENCH_CHARGERS },
    workers: { type: 'string', default: process.env.BENCH_WORKERS },
    'steady-seconds': { type: 'string', default: process.env.BENCH_STEADY_SECONDS },
    'charging-share': { type: 'string', default: process.env.BENCH_CHARGING_SHARE },
    'throughput-chargers': { type: 'string', default: process.env.BENCH_THROUGHPUT_CHARGERS },
    'throughput-seconds': { type: 'string', default: process.env.BENCH_THROUGHPUT_SECONDS },
    'storm-timeout-seconds': { type: 'string', default: process.env.BENCH_STORM_TIMEOUT_SECONDS },
    'connect-timeout-seconds': { type: 'string', default: process.env.BENCH_CONNECT_TIMEOUT_SECONDS },
    'storm-handshake-timeout-seconds': { type: 'string', default: process.env.BENCH_STORM_HANDSHAKE_TIMEOUT_SECONDS },
    'storm-tcp-connect-timeout-seconds': { type: 'string', default: process.env.BENCH_STORM_TCP_CONNECT_TIMEOUT_SECONDS },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    server: { type: 'string', default: process.env.BENCH_SERVER ?? 'tsx' },
    'no-baseline': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    /** Writes a V8 CPU profile of the server process into this directory. */
    'cpu-prof': { type: 'string' },
  },
});

const quick = flags.quick!;
const num = (raw: string | undefined, full: number, fast: number) => {
  const value = raw === undefined ? (quick ? fast : full) : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`bad number: ${raw}`);
  return value;
};
const params = {
  chargers: Math.floor(num(flags.chargers, 10_000, 500)),
  workers: Math.floor(num(flags.workers, 2, 1)),
  steadySeconds: num(flags['steady-seconds'], 60, 20),
  connectTimeoutSeconds: num(flags['connect-timeout-seconds'], 180, 60),
  heartbeatSeconds: 60,
  meterSeconds: 10,
  chargingShare: num(flags['charging-share'], 0.3, 0.3),
  throughputChargers: Math.floor(num(flags['throughput-chargers'], 1000, 200)),
  throughputSeconds: num(flags['throughput-seconds'], 30, 10),
  stormTimeoutSeconds: num(flags['storm-timeout-seconds'], 60, 60),
  /**
   * Storm attempts are retried like a charger would: a TCP connect not established within this
   * (a dropped SYN), or an upgrade not answered within the handshake timeout (a busy server: long,
   * since giving up there only adds work).
   */
  stormTcpConnectTimeoutSeconds: num(flags['storm-tcp-connect-timeout-seconds'], 3, 3),
  stormHandshakeTimeoutSeconds: num(flags['storm-handshake-timeout-seconds'], 30, 30),
  connectConcurrency: 100,
  callTimeoutMs: 60_000,
  /** The server's PostgreSQL pool (DATABASE_POOL_SIZE in the environment, else the server's default). */
  databasePoolSize: process.env.DATABASE_POOL_SIZE ?? 'default',
};
const ID_TAG = 'BENCH-TAG';
const log = benchLog;
/** Failed attempts the load generator retried during the storm, by reason, summed over the workers. */
function retriesOf(extras: Record<string, number>[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const extra of extras)
    for (const [key, n] of Object.entries(extra))
      if (key.startsWith('retried: ')) sums[key.slice(9)] = (sums[key.slice(9)] ?? 0) + n;
  return sums;
}

/** Storm completions per second since its start, summed over the workers ("done@<s>" extras). */
function completedPerSecond(extras: Record<string, number>[]): number[] {
  const seconds: number[] = [];
  for (const extra of extras)
    for (const [key, n] of Object.entries(extra))
      if (key.startsWith('done@')) {
        const s = Number(key.slice(5));
        for (let i = seconds.length; i <= s; i++) seconds[i] = 0;
        seconds[s]! += n;
      }
  return seconds;
}

/** Load-generator workers, each holding a slice of the chargers. */
class Workers {
  private readonly children: ChildProcess[] = [];

  constructor(count: number, url: string, passwords: string[]) {
    for (let w = 0; w < count; w++) {
      const child = fork(path.join(here, 'load-worker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
      const mine = passwords.map((_, i) => i).filter((i) => i % count === w);
      child.send({
        type: 'init',
        url,
        identities: mine.map(identityOf),
        passwords: mine.map((i) => passwords[i]!),
        idTag: ID_TAG,
        callTimeoutMs: params.callTimeoutMs,
      });
      this.children.push(child);
    }
  }

  /** Sends one command to every worker and waits for all reports (bounded by timeoutMs). */
  run(command: WorkerCommand, timeoutMs: number): Promise<PhaseReport[]> {
    return Promise.all(
      this.children.map(
        (child) =>
          new Promise<PhaseReport>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`${command.type} timed out`)), timeoutMs);
            child.once('message', (message: PhaseReport | { type: 'error'; message: string }) => {
              clearTimeout(timer);
              if (message.type === 'report') resolve(message);
              else reject(new Error(message.message));
            });
            child.send(command);
          }),
      ),
    );
  }

  async exit(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.connected) child.send({ type: 'exit' });
        await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }),
    );
  }
}

const merge = (reports: PhaseReport[]) => ({
  ok: reports.reduce((n, r) => n + r.ok, 0),
  failed: reports.reduce((n, r) => n + r.failed, 0),
  calls: reports.reduce((n, r) => n + r.calls, 0),
  callErrors: reports.reduce((n, r) => n + r.callErrors, 0),
  elapsedMs: Math.max(...reports.map((r) => r.elapsedMs)),
  latency: percentiles(reports.flatMap((r) => r.latencies)),
  extra: reports.map((r) => r.extra),
});

interface Target {
  url: string;
  pid: number;
}

/**
 * The same load on a target: connect all, steady state, reconnect storm, maximum throughput. With
 * `restart`, the storm meets a freshly started server process (cold caches), as after a deploy or crash.
 */
async function drive(
  target: Target,
  options: {
    steady: boolean;
    countPersisted: (() => Promise<number>) | null;
    countCommits?: () => Promise<number>;
    passwords: string[];
    restart?: () => Promise<Target>;
  },
) {
  let sampler = new ProcSampler(target.pid);
  // Commits per phase and per charger (what each connection costs the database), when counted.
  let commitsAt = options.countCommits ? await options.countCommits() : 0;
  const commitsSince = async () => {
    if (!options.countCommits) return {};
    const now = await options.countCommits();
    const commits = now - commitsAt;
    commitsAt = now;
    return { commits, commitsPerCharger: Math.round((commits / params.chargers) * 10) / 10 };
  };
  const workers = new Workers(params.workers, target.url, options.passwords);
  const usage: Record<string, PhaseUsage> = {};
  const results: Record<string, unknown> = {};
  try {
    const perWorker = Math.ceil(params.chargers / params.workers);
    log(`connecting ${params.chargers} chargers (${params.chargingShare * 100} % start a transaction)`);
    const connect = merge(
      await workers.run(
        {
          type: 'connect',
          concurrency: params.connectConcurrency,
          chargingShare: params.chargingShare,
          deadlineMs: params.connectTimeoutSeconds * 1000,
        },
        params.connectTimeoutSeconds * 1000 + 120_000,
      ),
    );
    usage.connect = sampler.phase();
    results.connect = {
      attempted: params.chargers,
      connected: connect.ok,
      failed: connect.failed,
      seconds: Math.round(connect.elapsedMs / 100) / 10,
      perSecond: Math.round(connect.ok / (connect.elapsedMs / 1000)),
      latencyMs: connect.latency,
      transactionsStarted: connect.extra.reduce((n, e) => n + (e.transactionsStarted ?? 0), 0),
      ...(await commitsSince()),
    };
    log(`connected ${connect.ok}/${params.chargers} in ${(connect.elapsedMs / 1000).toFixed(1)} s`);

    if (options.steady) {
      log(`steady state for ${params.steadySeconds} s`);
      const steady = merge(
        await workers.run(
          {
            type: 'steady',
            durationMs: params.steadySeconds * 1000,
            heartbeatMs: params.heartbeatSeconds * 1000,
            meterMs: params.meterSeconds * 1000,
          },
          params.steadySeconds * 1000 + 120_000,
        ),
      );
      usage.steady = sampler.phase();
      results.steady = {
        chargersHeld: steady.ok,
        calls: steady.calls,
        callErrors: steady.callErrors,
        messagesPerSecond: Math.round(steady.calls / params.steadySeconds),
        latencyMs: steady.latency,
      };
      log(`steady: ${steady.calls} calls, p99 ${steady.latency.p99} ms`);
    }

    let restartSeconds: number | null = null;
    if (options.restart) {
      log('restarting the server: the storm meets a fresh process');
      const restartedAt = performance.now();
      usage.beforeRestart = sampler.phase();
      sampler.stop();
      const fresh = await options.restart();
      sampler = new ProcSampler(fresh.pid);
      restartSeconds = Math.round((performance.now() - restartedAt) / 100) / 10;
      log(`server restarted (pid ${fresh.pid}) in ${restartSeconds} s`);
    }
    log('reconnect storm: every charger reconnects at once');
    await commitsSince();
    const storm = merge(
      await workers.run(
        {
          type: 'storm',
          timeoutMs: params.stormTimeoutSeconds * 1000,
          handshakeTimeoutMs: params.stormHandshakeTimeoutSeconds * 1000,
          connectTimeoutMs: params.stormTcpConnectTimeoutSeconds * 1000,
        },
        300_000,
      ),
    );
    usage.storm = sampler.phase();
    const lastDoneMs = Math.max(...storm.extra.map((e) => e.lastDoneMs ?? 0));
    const stormRetries = retriesOf(storm.extra);
    results.storm = {
      coldServer: options.restart !== undefined,
      restartSeconds,
      chargers: params.chargers,
      bootedAndAuthorized: storm.ok,
      bootedAndAuthorizedWithin30s: storm.extra.reduce((n, e) => n + (e.doneBy30s ?? 0), 0),
      failed: storm.failed,
      secondsUntilAll: storm.failed === 0 ? Math.round(lastDoneMs / 100) / 10 : null,
      secondsUntilLast: Math.round(lastDoneMs / 100) / 10,
      callErrors: storm.callErrors,
      latencyMs: storm.latency,
      retries: stormRetries,
      completedPerSecond: completedPerSecond(storm.extra),
      ...(await commitsSince()),
    };
    log(`storm retries: ${JSON.stringify(stormRetries)}`);
    log(`storm: ${storm.ok}/${params.chargers} booted+authorized, last after ${(lastDoneMs / 1000).toFixed(1)} s`);

    log(
      `maximum throughput: MeterValues back to back from ${params.throughputChargers} chargers for ${params.throughputSeconds} s`,
    );
    const before = options.countPersisted ? await options.countPersisted() : 0;
    sampler.phase();
    const throughputChargers = Math.ceil(params.throughputChargers / params.workers);
    const tp = merge(
      await workers.run(
        { type: 'throughput', chargers: Math.min(throughputChargers, perWorker), durationMs: params.throughputSeconds * 1000 },
        params.throughputSeconds * 1000 + 300_000,
      ),
    );
    usage.throughput = sampler.phase();
    const answered = tp.extra.reduce((n, e) => n + (e.answered ?? 0), 0);
    const seconds = tp.elapsedMs / 1000;
    const persistedRows = options.countPersisted ? (await options.countPersisted()) - before : null;
    results.throughput = {
      chargers: tp.extra.reduce((n, e) => n + (e.chargers ?? 0), 0),
      seconds: Math.round(seconds * 10) / 10,
      meterValuesAnswered: answered,
      messagesPerSecond: Math.round(answered / seconds),
      meterSampleRowsPerSecond: persistedRows === null ? null : Math.round(persistedRows / seconds),
      callErrors: tp.callErrors,
      latencyMs: tp.latency,
    };
    log(`throughput: ${Math.round(answered / seconds)} MeterValues/s, p99 ${tp.latency.p99} ms`);
  } finally {
    await workers.exit();
    sampler.stop();
  }
  return { results, usage };
}

const benchServer = (databaseUrl: string, port: number) =>
  startBenchServer({
    databaseUrl,
    port,
    server: flags.server,
    nodeArgs: flags['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(flags['cpu-prof'])}`] : [],
    env: { OCPP_HEARTBEAT_SECONDS: String(params.heartbeatSeconds) },
  });

async function baselineServer() {
  const child = fork(path.join(here, 'baseline-server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, PORT: '0' },
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('baseline did not start')), 30_000);
    child.once('message', (m: { port: number }) => {
      clearTimeout(timer);
      resolve(m.port);
    });
  });
  return { child, wsUrl: `ws://127.0.0.1:${port}/ocpp` };
}

async function main(): Promise<void> {
  const started = new Date();
  log(`OCPP benchmark${quick ? ' (quick)' : ''}: ${JSON.stringify(params)}`);
  const db = await createBenchDatabase(flags['database-url']!);
  type Outcome = Awaited<ReturnType<typeof drive>> | null;
  let ours: Outcome = null as Outcome;
  let baseline: Outcome = null as Outcome;
  try {
    const port = await freePort();
    let server = await benchServer(db.url, port);
    const passwords = chargerPasswords(params.chargers);
    try {
      await seedChargers(db.url, passwords, ID_TAG);
      log(`server pid ${server.child.pid} on ${server.url}; ${params.chargers} chargers seeded in ${db.name}, one password each`);
      ours = await drive(
        { url: server.wsUrl, pid: server.child.pid! },
        {
          steady: true,
          countPersisted: async () => (await countRows(db.url)).meterSamples,
          countCommits: () => countCommits(db.url),
          passwords,
          // The same port, so the load generator reconnects to the new process as chargers would.
          restart: async () => {
            await stopProcess(server.child);
            server = await benchServer(db.url, port);
            return { url: server.wsUrl, pid: server.child.pid! };
          },
        },
      );
    } finally {
      await stopProcess(server.child);
    }
    if (!flags['no-baseline']) {
      log('baseline: bare ws server, same load generator');
      const bare = await baselineServer();
      try {
        baseline = await drive({ url: bare.wsUrl, pid: bare.child.pid! }, { steady: false, countPersisted: null, passwords });
      } finally {
        await stopProcess(bare.child);
      }
    }
  } finally {
    await db.drop();
  }

  const tp = (r: Outcome) => (r?.results.throughput as { messagesPerSecond: number } | undefined)?.messagesPerSecond ?? 0;
  const steady = ours?.results.steady as { latencyMs: { p99: number }; chargersHeld: number } | undefined;
  const storm = ours?.results.storm as { secondsUntilAll: number | null } | undefined;
  const maxRss = Math.max(...Object.values(ours?.usage ?? {}).map((u) => u.maxRssMb));
  const report = {
    benchmark: 'ocpp',
    startedAt: started.toISOString(),
    quick,
    params,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    },
    server: ours,
    baseline,
    ratio: { throughputVsBaseline: tp(baseline) ? Math.round((tp(ours) / tp(baseline)) * 1000) / 1000 : null },
    targets: {
      steadyChargers: { target: 10_000, measured: steady?.chargersHeld ?? 0, met: (steady?.chargersHeld ?? 0) >= 10_000 },
      steadyP99Ms: { target: 200, measured: steady?.latencyMs.p99 ?? null, met: (steady?.latencyMs.p99 ?? Infinity) < 200 },
      stormSeconds: { target: 30, measured: storm?.secondsUntilAll ?? null, met: (storm?.secondsUntilAll ?? Infinity) <= 30 },
      persistedPerSecond: { target: 3000, measured: tp(ours), met: tp(ours) >= 3000 },
      rssMb: { target: 1536, measured: maxRss, met: maxRss < 1536 },
    },
  };
  const summary = [
    `OCPP benchmark ${quick ? '(quick) ' : ''}— ${params.chargers} chargers, ${report.machine.cpus} CPUs`,
    ...Object.entries(report.targets).map(
      ([name, t]) => `  ${name.padEnd(20)} ${String(t.measured).padStart(8)}  target ${t.target}  ${t.met ? 'met' : 'MISSED'}`,
    ),
    `  throughput ${tp(ours)} msg/s vs baseline ${tp(baseline)} msg/s → ratio ${report.ratio.throughputVsBaseline}`,
    `  server usage per phase: ${JSON.stringify(ours?.usage)}`,
  ].join('\n');
  console.log(`\n${summary}`);
  console.log(JSON.stringify({ server: ours?.results, baseline: baseline?.results }, null, 2));
  if (!flags['no-write']) {
    writeResult('ocpp', started, report, summary);
  }
}

runBench(main, quick ? 5 : 20);
