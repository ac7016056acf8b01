/**
 * `npm run bench:payments [-- --quick] [--sessions N] …`: settled sessions captured through the
 * CyberSource contract server (with added latency per request) while a fleet of other chargers keeps
 * its steady OCPP traffic; the same steady traffic without payments first is the baseline. Writes
 * bench/results/payments-<timestamp>.json and prints a summary. See docs/benchmarks.md.
 */
import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  CYBERSOURCE_CREDENTIALS,
  type CyberSourceContract,
  startCyberSourceServer,
} from '../../server/test/support/gateways/cybersource-server.js';
import { chargerPasswords, createBenchDatabase, identityOf, seedChargers } from '../ocpp/database.js';
import {
  benchLog,
  freePort,
  runBench,
  stopProcess,
  writeResult,
  startBenchServer,
  loadAverage,
  machineFacts,
} from '../ocpp/processes.js';
import { type PhaseUsage, ProcSampler } from '../ocpp/proc-sampler.js';
import type { PhaseReport, WorkerCommand } from '../ocpp/protocol.js';
import { percentiles } from '../ocpp/stats.js';
import { askWorker, exitWorker, forkWorker } from '../ocpp/workers.js';
import { PREAUTH_MINOR, paymentIdentityOf, seedPaymentNetwork, watchPaymentStatus } from './database.js';
import type { PaymentCharger, SessionCommand, SessionReport, StopRecord } from './protocol.js';

const here = fileURLToPath(new URL('.', import.meta.url));

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: process.env.BENCH_QUICK === '1' },
    sessions: { type: 'string', default: process.env.BENCH_SESSIONS },
    rate: { type: 'string', default: process.env.BENCH_STOP_RATE },
    'steady-chargers': { type: 'string', default: process.env.BENCH_STEADY_CHARGERS },
    'payment-chargers': { type: 'string', default: process.env.BENCH_PAYMENT_CHARGERS },
    organizations: { type: 'string', default: process.env.BENCH_ORGANIZATIONS },
    'baseline-seconds': { type: 'string', default: process.env.BENCH_BASELINE_SECONDS },
    'dwell-seconds': { type: 'string', default: process.env.BENCH_DWELL_SECONDS },
    'drain-seconds': { type: 'string', default: process.env.BENCH_DRAIN_SECONDS },
    'gateway-delay-ms': { type: 'string', default: process.env.BENCH_GATEWAY_DELAY_MS },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    server: { type: 'string', default: process.env.BENCH_SERVER ?? 'tsx' },
    'no-write': { type: 'boolean', default: false },
  },
});

const quick = flags.quick!;
const num = (raw: string | undefined, full: number, fast: number) => {
  const value = raw === undefined ? (quick ? fast : full) : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`bad number: ${raw}`);
  return value;
};
const rate = num(flags.rate, 100, 50);
const dwellSeconds = num(flags['dwell-seconds'], 3, 3);
const organizations = Math.floor(num(flags.organizations, 10, 2));
const params = {
  sessions: Math.floor(num(flags.sessions, 10_000, 1_000)),
  /** Sessions started (and, dwellSeconds later, stopped) per second. */
  stopsPerSecond: rate,
  dwellSeconds,
  organizations,
  steadyChargers: Math.floor(num(flags['steady-chargers'], 1_500, 500)),
  /** Enough for every session in flight (rate × (dwell + start and stop round trips)), a multiple of the organizations. */
  paymentChargers: Math.floor(
    num(
      flags['payment-chargers'],
      Math.ceil((rate * (dwellSeconds + 2)) / organizations) * organizations,
      Math.ceil((rate * (dwellSeconds + 2)) / organizations) * organizations,
    ),
  ),
  chargingShare: 0.3,
  heartbeatSeconds: 60,
  meterSeconds: 10,
  baselineSeconds: num(flags['baseline-seconds'], 60, 20),
  /** The payments phase's steady traffic is measured in windows of this length until every session is final. */
  windowSeconds: 10,
  /** Waiting for the last captures after the last stop, at most. */
  drainSeconds: num(flags['drain-seconds'], 900, 300),
  gatewayDelayMs: num(flags['gateway-delay-ms'], 50, 50),
  callTimeoutMs: 60_000,
  /** The server's settings that bound the collection (environment, else the server's defaults). */
  server: {
    jobConcurrency: process.env.JOB_CONCURRENCY ?? 'default (2)',
    databasePoolSize: process.env.DATABASE_POOL_SIZE ?? 'default (10)',
    gatewayTimeoutMs: process.env.PAYMENT_GATEWAY_TIMEOUT_MS ?? 'default (10000)',
  },
};
const ID_TAG = 'BENCH-TAG';
const FINAL = ['captured', 'voided', 'payment_failed'];
const log = benchLog;

const benchServer = (databaseUrl: string, port: number, secretsKey: Buffer) =>
  startBenchServer({
    databaseUrl,
    port,
    server: flags.server,
    env: {
      INVOICE_SCHEDULE: 'off',
      SECRETS_KEY: secretsKey.toString('hex'),
      OCPP_HEARTBEAT_SECONDS: String(params.heartbeatSeconds),
    },
  });

/** Sends a command to a worker and waits for its report. */
function ask<R>(child: ChildProcess, command: WorkerCommand | SessionCommand, timeoutMs: number): Promise<R> {
  return askWorker<R>(child, command, timeoutMs);
}

const worker = (file: string) => forkWorker(path.join(here, file));

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Payment sessions (on the payment chargers) by payment status, and captures recorded so far. */
async function progress(url: string) {
  const rows = await query<{ status: string | null; n: string }>(
    url,
    `SELECT s.payment_status AS status, count(*) AS n FROM charging_sessions s
     JOIN chargers c ON c.id = s.charger_id WHERE c.ocpp_identity LIKE 'PAY-%' GROUP BY 1`,
  );
  const byStatus = Object.fromEntries(rows.map((r) => [r.status ?? 'none', Number(r.n)]));
  const final = FINAL.reduce((n, s) => n + (byStatus[s] ?? 0), 0);
  return { byStatus, final, sessions: rows.reduce((n, r) => n + Number(r.n), 0) };
}

/** What became of every stopped session: capture time, attempts at our side and at the gateway, duplicates. */
async function outcome(url: string, stops: StopRecord[], gateway: CyberSourceContract) {
  const rows = await query<{
    identity: string;
    transaction_id: string;
    id: string;
    status: string | null;
    gross: string | null;
    captured_at: string | null;
    captured_events: string;
    authorizations: string;
    captures: string;
    sales: string;
    other: string;
  }>(
    url,
    `SELECT c.ocpp_identity AS identity, s.transaction_id, s.id, s.payment_status AS status, st.gross_minor::text AS gross,
       (SELECT (extract(epoch FROM min(b.at)) * 1000)::text FROM bench_payment_status b
         WHERE b.session_id = s.id AND b.status = 'captured') AS captured_at,
       (SELECT count(*) FROM bench_payment_status b WHERE b.session_id = s.id AND b.status = 'captured') AS captured_events,
       count(p.id) FILTER (WHERE p.type = 'authorization' AND p.status = 'approved') AS authorizations,
       count(p.id) FILTER (WHERE p.type = 'capture' AND p.status = 'approved') AS captures,
       count(p.id) FILTER (WHERE p.type = 'sale' AND p.status = 'approved') AS sales,
       count(p.id) FILTER (WHERE p.type NOT IN ('authorization', 'capture', 'sale')) AS other
     FROM charging_sessions s
     JOIN chargers c ON c.id = s.charger_id
     LEFT JOIN session_settlements st ON st.session_id = s.id
     LEFT JOIN payments p ON p.session_id = s.id
     WHERE c.ocpp_identity LIKE 'PAY-%'
     GROUP BY c.ocpp_identity, s.transaction_id, s.id, s.payment_status, st.gross_minor`,
  );
  const byKey = new Map(rows.map((r) => [`${r.identity}:${r.transaction_id}`, r]));
  const atGateway = new Map<string, { payments: number; capturedMinor: bigint }>();
  for (const p of gateway.payments) {
    const seen = atGateway.get(p.code) ?? { payments: 0, capturedMinor: 0n };
    atGateway.set(p.code, { payments: seen.payments + 1, capturedMinor: seen.capturedMinor + p.capturedMinor });
  }
  const stopToCaptured: number[] = [];
  const capturedAt: number[] = [];
  const duplicates = { ourRows: 0, gatewayPayments: 0, gatewayOvercaptured: 0, capturedTwice: 0, sessions: new Set<string>() };
  let notCaptured = 0;
  let undercaptured = 0;
  for (const stop of stops) {
    const row = byKey.get(`${stop.identity}:${stop.transactionId}`);
    if (!row || row.captured_at === null) {
      notCaptured++;
      continue;
    }
    const at = Number(row.captured_at);
    capturedAt.push(at);
    stopToCaptured.push(at - stop.sentAt);
    const gross = BigInt(row.gross ?? '0');
    const g = atGateway.get(row.id) ?? { payments: 0, capturedMinor: 0n };
    const dup = (kind: keyof Omit<typeof duplicates, 'sessions'>, yes: boolean) => {
      if (!yes) return;
      duplicates[kind]++;
      duplicates.sessions.add(row.id);
    };
    // Money moved more than once on our side: two holds, or more than one approved charge (a capture
    // of the hold, or a sale when no hold was placed — e.g. the start waited out the rate limit).
    dup('ourRows', Number(row.authorizations) > 1 || Number(row.captures) + Number(row.sales) !== 1 || Number(row.other) > 0);
    dup('gatewayPayments', g.payments !== 1);
    dup('gatewayOvercaptured', g.capturedMinor > gross);
    dup('capturedTwice', Number(row.captured_events) > 1);
    if (g.capturedMinor < gross) undercaptured++;
  }
  const firstStop = Math.min(...stops.map((s) => s.sentAt));
  const lastStop = Math.max(...stops.map((s) => s.sentAt));
  const lastCapture = capturedAt.length ? Math.max(...capturedAt) : firstStop;
  const perSecond: number[] = [];
  for (const at of capturedAt) {
    const s = Math.floor((at - firstStop) / 1000);
    for (let i = perSecond.length; i <= s; i++) perSecond[i] = 0;
    perSecond[s]!++;
  }
  const statuses: Record<string, number> = {};
  for (const r of rows) statuses[r.status ?? 'none'] = (statuses[r.status ?? 'none'] ?? 0) + 1;
  return {
    stopped: stops.length,
    captured: capturedAt.length,
    notCaptured,
    undercaptured,
    paymentStatus: statuses,
    capturesPerSecond: Math.round((capturedAt.length / Math.max(1, (lastCapture - firstStop) / 1000)) * 10) / 10,
    stopsSeconds: Math.round((lastStop - firstStop) / 100) / 10,
    secondsFromFirstStopToLastCapture: Math.round((lastCapture - firstStop) / 100) / 10,
    secondsFromLastStopToLastCapture: Math.round((lastCapture - lastStop) / 100) / 10,
    stopToCapturedMs: percentiles(stopToCaptured),
    duplicates: {
      sessions: duplicates.sessions.size,
      ourRows: duplicates.ourRows,
      gatewayPayments: duplicates.gatewayPayments,
      gatewayOvercaptured: duplicates.gatewayOvercaptured,
      capturedTwice: duplicates.capturedTwice,
    },
    capturedPerSecond: perSecond,
  };
}

async function jobSummary(url: string) {
  const rows = await query<{ kind: string; status: string; n: string }>(
    url,
    `SELECT kind, status, count(*) AS n FROM jobs GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return Object.fromEntries(rows.map((r) => [`${r.kind} ${r.status}`, Number(r.n)]));
}

const roundLatencies = (bag: Record<string, number[]>) =>
  Object.fromEntries(Object.entries(bag).map(([action, samples]) => [action, percentiles(samples)]));

async function main(): Promise<void> {
  const started = new Date();
  const loadAverageAtStart = loadAverage();
  log(`payments benchmark${quick ? ' (quick)' : ''}: ${JSON.stringify(params)}`);
  const db = await createBenchDatabase(flags['database-url']!);
  const gateway = await startCyberSourceServer(CYBERSOURCE_CREDENTIALS, { delayMs: params.gatewayDelayMs });
  const secretsKey = randomBytes(32);
  const usage: Record<string, PhaseUsage> = {};
  const results: Record<string, unknown> = {};
  try {
    const server = await benchServer(db.url, await freePort(), secretsKey);
    const steadyPasswords = chargerPasswords(params.steadyChargers);
    const paymentPasswords = chargerPasswords(params.paymentChargers);
    const paymentChargers: PaymentCharger[] = paymentPasswords.map((password, i) => ({
      identity: paymentIdentityOf(i),
      password,
      organization: i % params.organizations,
    }));
    const steady = worker('../ocpp/load-worker.ts');
    const payer = worker('session-worker.ts');
    let sampler: ProcSampler | null = null;
    try {
      await seedChargers(db.url, steadyPasswords, ID_TAG);
      const tokens = await seedPaymentNetwork(db.url, {
        organizations: params.organizations,
        chargers: paymentChargers,
        sessions: params.sessions,
        gatewayUrl: gateway.url,
        credentials: CYBERSOURCE_CREDENTIALS,
        secretsKey,
      });
      await watchPaymentStatus(db.url);
      log(
        `server pid ${server.child.pid}; seeded ${params.steadyChargers} steady chargers, ${params.organizations} priced organizations ` +
          `with ${params.paymentChargers} payment chargers and ${params.sessions} drivers with a card on file; gateway ${gateway.url} (+${params.gatewayDelayMs} ms)`,
      );
      steady.send({
        type: 'init',
        url: server.wsUrl,
        identities: steadyPasswords.map((_, i) => identityOf(i)),
        passwords: steadyPasswords,
        idTag: ID_TAG,
        callTimeoutMs: params.callTimeoutMs,
      } satisfies WorkerCommand);
      payer.send({
        type: 'init',
        url: server.wsUrl,
        chargers: paymentChargers,
        tokens,
        callTimeoutMs: params.callTimeoutMs,
      } satisfies SessionCommand);

      const [connected, payConnected] = await Promise.all([
        ask<PhaseReport>(
          steady,
          { type: 'connect', concurrency: 100, chargingShare: params.chargingShare, deadlineMs: 180_000 },
          300_000,
        ),
        ask<SessionReport>(payer, { type: 'connect', concurrency: 50 }, 300_000),
      ]);
      results.connect = {
        steadyConnected: connected.ok,
        steadyFailed: connected.failed,
        steadyTransactions: connected.extra.transactionsStarted ?? 0,
        paymentConnected: payConnected.ok,
        paymentFailed: payConnected.failed,
        errors: payConnected.errors,
      };
      log(
        `connected ${connected.ok}/${params.steadyChargers} steady and ${payConnected.ok}/${params.paymentChargers} payment chargers`,
      );

      sampler = new ProcSampler(server.child.pid!);
      const steadyWindow = (seconds: number) =>
        ask<PhaseReport>(
          steady,
          {
            type: 'steady',
            durationMs: seconds * 1000,
            heartbeatMs: params.heartbeatSeconds * 1000,
            meterMs: params.meterSeconds * 1000,
          },
          seconds * 1000 + 120_000,
        );

      log(`baseline: steady state without payments for ${params.baselineSeconds} s`);
      const base = await steadyWindow(params.baselineSeconds);
      usage.baseline = sampler.phase();
      results.baseline = {
        chargersHeld: base.ok,
        calls: base.calls,
        callErrors: base.callErrors,
        messagesPerSecond: Math.round(base.calls / params.baselineSeconds),
        latencyMs: percentiles(base.latencies),
      };
      log(`baseline: ${base.calls} calls, p99 ${percentiles(base.latencies).p99} ms`);

      log(`payments: ${params.sessions} sessions at ${params.stopsPerSecond} stops/s, steady state alongside`);
      const phaseStart = performance.now();
      let sessionsReport: SessionReport | null = null;
      const sessionsDone = ask<SessionReport>(
        payer,
        { type: 'sessions', count: params.sessions, ratePerSecond: params.stopsPerSecond, dwellMs: params.dwellSeconds * 1000 },
        (params.sessions / params.stopsPerSecond) * 1000 + 600_000,
      ).then((r) => (sessionsReport = r));
      const windows: { at: number; calls: number; p50: number; p99: number; captured: number; pending: number }[] = [];
      const steadyLatencies: number[] = [];
      let steadyCalls = 0;
      let steadyErrors = 0;
      let drainDeadline = Infinity;
      let lastFinal = -1;
      let stalledSince = performance.now();
      for (;;) {
        const w = await steadyWindow(params.windowSeconds);
        const now = await progress(db.url);
        steadyLatencies.push(...w.latencies);
        steadyCalls += w.calls;
        steadyErrors += w.callErrors;
        const p = percentiles(w.latencies);
        const stopped = (sessionsReport as SessionReport | null)?.stops.length ?? null;
        windows.push({
          at: Math.round((performance.now() - phaseStart) / 1000),
          calls: w.calls,
          p50: p.p50,
          p99: p.p99,
          captured: now.byStatus.captured ?? 0,
          pending: now.sessions - now.final,
        });
        log(
          `  +${windows.at(-1)!.at} s: steady p99 ${p.p99} ms; sessions ${JSON.stringify(now.byStatus)}${stopped === null ? '' : ` (all ${stopped} stopped)`}`,
        );
        if (now.final !== lastFinal) {
          lastFinal = now.final;
          stalledSince = performance.now();
        }
        if (stopped !== null) {
          if (drainDeadline === Infinity) {
            // The drain starts now: a stall counts from here, not from a backlog built while sessions ran.
            drainDeadline = performance.now() + params.drainSeconds * 1000;
            stalledSince = performance.now();
          }
          if (now.final >= stopped) break;
          if (performance.now() > drainDeadline) {
            log('drain deadline reached: not every session is final');
            break;
          }
          if (performance.now() - stalledSince > 120_000) {
            log('no session became final for 120 s: stopping');
            break;
          }
        }
      }
      await sessionsDone;
      usage.payments = sampler.phase();
      const sessions = sessionsReport as unknown as SessionReport;
      results.payments = {
        sessionsRun: sessions.ok,
        sessionsFailed: sessions.failed,
        sessionErrors: sessions.errors,
        refusedStarts: sessions.refused,
        startLagMs: percentiles(sessions.startLagMs),
        paymentChargerLatencyMs: roundLatencies(sessions.latencies),
        ...(await outcome(db.url, sessions.stops, gateway)),
        steady: {
          calls: steadyCalls,
          callErrors: steadyErrors,
          messagesPerSecond: Math.round(steadyCalls / ((performance.now() - phaseStart) / 1000)),
          latencyMs: percentiles(steadyLatencies),
          windows,
        },
        jobs: await jobSummary(db.url),
      };
    } finally {
      sampler?.stop();
      await Promise.all([exitWorker(steady), exitWorker(payer)]);
      await stopProcess(server.child);
    }
  } finally {
    await gateway.close();
    await db.drop();
  }

  const pay = results.payments as Awaited<ReturnType<typeof outcome>> & { steady: { latencyMs: { p99: number } } };
  const baseline = results.baseline as { latencyMs: { p99: number } };
  const report = {
    benchmark: 'payments',
    startedAt: started.toISOString(),
    quick,
    params,
    preauthMinor: Number(PREAUTH_MINOR),
    machine: machineFacts(loadAverageAtStart),
    results,
    usage,
    targets: {
      allCaptured: { target: params.sessions, measured: pay.captured, met: pay.captured === params.sessions },
      duplicates: { target: 0, measured: pay.duplicates.sessions, met: pay.duplicates.sessions === 0 },
      steadyP99MsDuringPayments: { target: 200, measured: pay.steady.latencyMs.p99, met: pay.steady.latencyMs.p99 < 200 },
    },
  };
  const summary = [
    `Payments benchmark ${quick ? '(quick) ' : ''}— ${params.sessions} sessions at ${params.stopsPerSecond} stops/s, gateway +${params.gatewayDelayMs} ms, ${report.machine.cpus} CPUs`,
    `  captured ${pay.captured}/${pay.stopped} stopped; ${pay.capturesPerSecond} captures/s; stop → captured p50 ${pay.stopToCapturedMs.p50} ms, p95 ${pay.stopToCapturedMs.p95} ms, p99 ${pay.stopToCapturedMs.p99} ms`,
    `  duplicates ${JSON.stringify(pay.duplicates)}`,
    `  steady p99: baseline ${baseline.latencyMs.p99} ms, during payments ${pay.steady.latencyMs.p99} ms`,
    ...Object.entries(report.targets).map(
      ([name, t]) => `  ${name.padEnd(26)} ${String(t.measured).padStart(8)}  target ${t.target}  ${t.met ? 'met' : 'MISSED'}`,
    ),
    `  server usage per phase: ${JSON.stringify(usage)}`,
  ].join('\n');
  console.log(`\n${summary}`);
  if (!flags['no-write']) {
    writeResult('payments', started, report, summary);
  }
}

runBench(main, quick ? 15 : 45);
