/**
 * Load generator: raw `ws` clients speaking OCPP 1.6J (no schema validation, no library), driven
 * by commands from the orchestrator over IPC. Every charger keeps one CALL outstanding at a time,
 * as OCPP-J requires; every loop ends by count or by deadline.
 */
import { type NetConnectOpts, connect as netConnect } from 'node:net';
import WebSocket from 'ws';
import type { PhaseReport, WorkerCommand, WorkerInit } from './protocol.js';

const MAX_SAMPLES = 200_000;

interface Pending {
  resolve: (payload: any) => void;
  reject: (error: Error) => void;
  sent: number;
  timer: NodeJS.Timeout;
}

let init: WorkerInit;
let nextId = 0;
let latencies: number[] = [];
let seen = 0;
let calls = 0;
let callErrors = 0;

function sample(ms: number): void {
  seen++;
  if (latencies.length < MAX_SAMPLES) latencies.push(ms);
  else {
    // Reservoir sampling keeps an unbiased sample of a long run.
    const j = Math.floor(Math.random() * seen);
    if (j < MAX_SAMPLES) latencies[j] = ms;
  }
}

/** The answer to a central-system command: Accepted, in the shape its action needs. */
function acceptance(action: unknown, payload: unknown): Record<string, unknown> {
  if (action !== 'SetVariables') return { status: 'Accepted' };
  const data = ((payload as { setVariableData?: { component: object; variable: object }[] }).setVariableData ?? []).map((d) => ({
    attributeStatus: 'Accepted',
    component: d.component,
    variable: d.variable,
  }));
  return { setVariableResult: data };
}

/** The worker's clock origin: every charger's periodic messages keep their phase against it. */
const EPOCH = performance.now();

class Charger {
  ws: WebSocket | null = null;
  /** Where in each interval this charger sends (0–1): fixed for its life. */
  readonly phase = Math.random();
  transactionId: number | null = null;
  /** What its meter values report (W): 11 kW unless a churning session drew another car. */
  powerW = 11_000;
  private readonly pending = new Map<string, Pending>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly identity: string,
    private readonly password: string,
  ) {}

  /**
   * `connectTimeoutMs` bounds the TCP connect alone: a SYN dropped by a full accept queue is
   * otherwise retransmitted by the kernel after 1, 3, 7, 15, 31 s — a charger would start over
   * within seconds instead. `handshakeTimeoutMs` bounds the whole upgrade (the server's answer).
   */
  open(handshakeTimeoutMs = init.callTimeoutMs, connectTimeoutMs = handshakeTimeoutMs): Promise<void> {
    return new Promise((resolve, reject) => {
      const auth = `Basic ${Buffer.from(`${this.identity}:${this.password}`).toString('base64')}`;
      const ws = new WebSocket(`${init.url}/${this.identity}`, ['ocpp1.6'], {
        headers: { authorization: auth },
        perMessageDeflate: false,
        handshakeTimeout: handshakeTimeoutMs,
        // ws calls it with options only (its own default is net.connect(options)).
        createConnection: ((options: NetConnectOpts) => {
          const socket = netConnect(options);
          const timer = setTimeout(() => socket.destroy(new Error('TCP connect timed out')), connectTimeoutMs);
          socket.once('connect', () => clearTimeout(timer));
          socket.once('close', () => clearTimeout(timer));
          return socket;
        }) as typeof netConnect,
      });
      this.ws = ws;
      ws.on('message', (data) => this.onMessage(String(data)));
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', (error) => reject(error));
      ws.on('close', () => this.failAll(new Error('closed')));
    });
  }

  private onMessage(text: string): void {
    let frame: unknown[];
    try {
      frame = JSON.parse(text) as unknown[];
    } catch {
      return;
    }
    const [type, id] = frame as [number, string];
    if (type === 2) {
      // A command from the central system: accept it (SetVariables answers per variable, as 2.0.1 requires).
      this.ws?.send(JSON.stringify([3, id, acceptance(frame[2], frame[3])]));
      return;
    }
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (type === 3) {
      sample(performance.now() - pending.sent);
      pending.resolve(frame[2]);
    } else pending.reject(new Error(`CALLERROR ${String(frame[2])}`));
  }

  private failAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(error);
    }
  }

  /** Sends after this charger's previous call has been answered (one outstanding call). */
  call(action: string, payload: Record<string, unknown>): Promise<any> {
    const run = this.tail.then(() => this.callNow(action, payload));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private callNow(action: string, payload: Record<string, unknown>): Promise<any> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected'));
    const id = String(++nextId);
    calls++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${action} timed out`));
      }, init.callTimeoutMs);
      this.pending.set(id, { resolve, reject, sent: performance.now(), timer });
      ws.send(JSON.stringify([2, id, action, payload]));
    }).catch((error: unknown) => {
      callErrors++;
      throw error;
    });
  }

  async boot(): Promise<void> {
    const answer = await this.call('BootNotification', { chargePointVendor: 'Bench', chargePointModel: 'RawWs' });
    if (answer?.status !== 'Accepted') throw new Error(`boot ${String(answer?.status)}`);
    await this.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
  }

  async startTransaction(): Promise<void> {
    const auth = await this.call('Authorize', { idTag: init.idTag });
    if (auth?.idTagInfo?.status !== 'Accepted') throw new Error(`authorize ${String(auth?.idTagInfo?.status)}`);
    const started = await this.call('StartTransaction', {
      connectorId: 1,
      idTag: init.idTag,
      meterStart: 1000,
      timestamp: new Date().toISOString(),
    });
    this.transactionId = Number(started.transactionId);
    await this.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
  }

  /** The session ends and another car plugs in at once, drawing 7–50 kW. */
  async nextSession(registerWh: number): Promise<void> {
    if (this.transactionId === null) return;
    await this.call('StopTransaction', {
      transactionId: this.transactionId,
      meterStop: registerWh,
      timestamp: new Date().toISOString(),
      reason: 'EVDisconnected',
    });
    this.transactionId = null;
    await this.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    this.powerW = 7_000 + Math.floor(Math.random() * 43_000);
    await this.startTransaction();
  }

  meterValues(registerWh: number): Promise<unknown> {
    return this.call('MeterValues', {
      connectorId: 1,
      transactionId: this.transactionId ?? undefined,
      meterValue: [
        {
          timestamp: new Date().toISOString(),
          sampledValue: [
            { value: String(registerWh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
            { value: String(this.powerW), measurand: 'Power.Active.Import', unit: 'W' },
          ],
        },
      ],
    });
  }

  drop(): void {
    this.ws?.terminate();
    this.ws = null;
  }
}

let chargers: Charger[] = [];

/** Runs `work` over `items` with at most `concurrency` at a time; resolves to [ok, failed]. */
async function pool<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<unknown>,
  deadline = Infinity,
): Promise<[number, number]> {
  let next = 0;
  let ok = 0;
  let failed = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length && performance.now() < deadline) {
      const item = items[next++]!;
      try {
        await work(item);
        ok++;
      } catch {
        failed++;
      }
    }
  });
  await Promise.all(lanes);
  return [ok, failed];
}

function report(phase: string, started: number, ok: number, failed: number, extra: Record<string, number> = {}): PhaseReport {
  const r: PhaseReport = {
    type: 'report',
    phase,
    ok,
    failed,
    calls,
    callErrors,
    latencies,
    elapsedMs: performance.now() - started,
    extra,
  };
  latencies = [];
  seen = 0;
  calls = 0;
  callErrors = 0;
  return r;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function handle(command: WorkerCommand): Promise<PhaseReport | null> {
  const started = performance.now();
  switch (command.type) {
    case 'init':
      init = command;
      chargers = command.identities.map((id, i) => new Charger(id, command.passwords[i]!));
      return null;
    case 'connect': {
      // Every charger boots; a share of them (spread evenly) then starts a transaction at once.
      const deadline = started + command.deadlineMs;
      const every = command.chargingShare > 0 ? 1 / command.chargingShare : Infinity;
      let txOk = 0;
      let txFailed = 0;
      const [ok, failed] = await pool(
        chargers.map((c, i) => ({ c, charging: Math.floor(i / every) !== Math.floor((i + 1) / every) })),
        command.concurrency,
        async ({ c, charging }) => {
          await c.open();
          await c.boot();
          if (!charging) return;
          await c.startTransaction().then(
            () => txOk++,
            () => txFailed++,
          );
        },
        deadline,
      );
      return report('connect', started, ok, failed, { transactionsStarted: txOk, transactionsFailed: txFailed });
    }
    case 'steady': {
      // Every charger heartbeats; charging ones send MeterValues. Each charger keeps its own place in
      // the interval (spread evenly over it) from one window to the next, as a real charger's clock
      // does: restarting at a random point each window would leave some silent for several
      // intervals, and the server would rightly mark them offline.
      const deadline = performance.now() + command.durationMs;
      const timers: NodeJS.Timeout[] = [];
      let restarted = 0;
      let restartFailed = 0;
      for (const c of chargers) {
        const every = (ms: number, send: () => Promise<unknown>) => {
          const elapsed = performance.now() - EPOCH;
          const wait = (((c.phase * ms - elapsed) % ms) + ms) % ms;
          const first = setTimeout(() => {
            void send().catch(() => undefined);
            timers.push(setInterval(() => void send().catch(() => undefined), ms));
          }, wait);
          timers.push(first);
        };
        every(command.heartbeatMs, () => c.call('Heartbeat', {}));
        if (c.transactionId !== null) {
          let register = 1000;
          every(command.meterMs, () => c.meterValues((register += 30)));
          // Churn: a session lasts churnMs on average, so this window ends one with that chance.
          if (command.churnMs && Math.random() < command.durationMs / command.churnMs)
            timers.push(
              setTimeout(
                () =>
                  void c.nextSession((register += 30)).then(
                    () => restarted++,
                    () => restartFailed++,
                  ),
                Math.random() * command.durationMs,
              ),
            );
        }
      }
      await sleep(Math.max(0, deadline - performance.now()));
      for (const t of timers) clearTimeout(t);
      const open = chargers.filter((c) => c.ws?.readyState === WebSocket.OPEN).length;
      return report('steady', started, open, chargers.length - open, {
        sessionsRestarted: restarted,
        restartsFailed: restartFailed,
      });
    }
    case 'storm': {
      // Every charger (dropped by the server's restart) comes back at once: connect, BootNotification, Authorize.
      for (const c of chargers) c.drop();
      const deadline = performance.now() + command.timeoutMs;
      let lastDone = 0;
      let doneBy30s = 0;
      const retries: Record<string, number> = {};
      // Completions per second since the start: shows a second wave (retries) at a glance.
      const perSecond: Record<string, number> = {};
      const [ok, failed] = await pool(chargers, chargers.length, async (c) => {
        // Like a real charger: retry until it works, within seconds (jittered, doubling from 0.5 s, at most 4 s).
        for (let attempt = 0; performance.now() < deadline; attempt++) {
          try {
            await c.open(command.handshakeTimeoutMs, command.connectTimeoutMs);
            await c.boot();
            const auth = await c.call('Authorize', { idTag: init.idTag });
            if (auth?.idTagInfo?.status !== 'Accepted') throw new Error('not authorized');
            c.transactionId = null; // the boot closed its session
            const doneMs = performance.now() - started;
            lastDone = Math.max(lastDone, doneMs);
            if (doneMs <= 30_000) doneBy30s++;
            const second = `done@${Math.floor(doneMs / 1000)}`;
            perSecond[second] = (perSecond[second] ?? 0) + 1;
            return;
          } catch (error) {
            const reason = `retried: ${(error as Error).message.replace(/\d+ms/g, '').slice(0, 40)}`;
            retries[reason] = (retries[reason] ?? 0) + 1;
            c.drop();
            await sleep(Math.min(4000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2));
          }
        }
        throw new Error('gave up');
      });
      return report('storm', started, ok, failed, { lastDoneMs: lastDone, doneBy30s, ...retries, ...perSecond });
    }
    case 'throughput': {
      // Chargers the storm left disconnected come back first (bounded), then each starts a transaction.
      const prepareBy = performance.now() + 120_000;
      await pool(
        chargers.slice(0, command.chargers),
        100,
        async (c) => {
          if (c.ws?.readyState !== WebSocket.OPEN) {
            c.drop();
            await c.open();
            await c.boot();
          }
          if (c.transactionId === null) await c.startTransaction();
        },
        prepareBy,
      );
      const subset = chargers
        .slice(0, command.chargers)
        .filter((c) => c.ws?.readyState === WebSocket.OPEN && c.transactionId !== null);
      latencies = [];
      seen = 0;
      calls = 0;
      callErrors = 0;
      const begin = performance.now();
      const deadline = begin + command.durationMs;
      let answered = 0;
      await Promise.all(
        subset.map(async (c) => {
          let register = 1000;
          while (performance.now() < deadline) {
            try {
              await c.meterValues((register += 10));
              answered++;
            } catch {
              if (c.ws?.readyState !== WebSocket.OPEN) return;
            }
          }
        }),
      );
      return report('throughput', begin, answered, 0, { chargers: subset.length, answered });
    }
    case 'exit':
      for (const c of chargers) c.drop();
      setTimeout(() => process.exit(0), 100);
      return null;
  }
}

process.on('message', (command: WorkerCommand) => {
  void handle(command).then(
    (r) => r && process.send?.(r),
    (error: unknown) => process.send?.({ type: 'error', message: String(error) }),
  );
});
