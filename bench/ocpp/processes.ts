/** What every bench run shares: child processes (a free port, waiting until healthy, stopping), its log, its result file, its time limit. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error('server did not become healthy in time');
}

export async function stopProcess(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** One progress line, stamped with the time of day. */
export const benchLog = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** Writes bench/results/<name>-<start time>.json: the report and its printed summary. */
export function writeResult(name: string, started: Date, report: object, summary: string): void {
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  const file = path.join(root, `bench/results/${name}-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ ...report, summary: summary.split('\n') }, null, 2)}\n`);
  benchLog(`wrote ${path.relative(root, file)}`);
}

/** Runs a bench's main with a hard ceiling, so it stops by itself even if something hangs. */
export function runBench(main: () => Promise<void>, ceilingMinutes: number): void {
  const ceiling = setTimeout(() => {
    console.error('bench: hard time limit reached');
    process.exit(3);
  }, ceilingMinutes * 60_000);
  ceiling.unref();
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/**
 * Starts `chargeboard serve` as its own process for a bench: on `databaseUrl`, listening on
 * 127.0.0.1:`port`, quiet (warnings only), no demo data or simulator, with `env` on top (each
 * bench's own settings). `server: 'dist'` runs the built server, else the sources through tsx.
 */
export async function startBenchServer(options: {
  databaseUrl: string;
  port: number;
  server: string | undefined;
  env?: Record<string, string>;
  nodeArgs?: string[];
}) {
  const entry = options.server === 'dist' ? ['server/dist/cli.js'] : ['--import', 'tsx', 'server/src/cli.ts'];
  // BENCH_SERVER_NODE_ARGS: node flags for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...extra, ...entry, 'serve'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'never',
      DEMO_SIMULATOR: 'off',
      JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
      OCPP_AUTH_MAX_FAILURES: '100000',
      ...options.env,
    },
  });
  const url = `http://127.0.0.1:${options.port}`;
  await waitHealthy(url, child, 120_000);
  return { child, url, wsUrl: `ws://127.0.0.1:${options.port}/ocpp` };
}

/** The 1, 5 and 15 minute load averages, two decimals. */
export const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** What a result file says of the machine it ran on, with the load at the start and now. */
export const machineFacts = (loadAverageAtStart: number[]) => ({
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  loadAverageAtStart,
  loadAverageAtEnd: loadAverage(),
});
