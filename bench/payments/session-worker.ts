/**
 * The payment chargers of the payments bench: raw `ws` clients speaking OCPP 1.6J that start and
 * stop sessions for drivers whose tokens have a card on file, at a fixed rate, and record when each
 * StopTransaction was sent. One CALL outstanding per charger, as OCPP-J requires.
 */
import WebSocket from 'ws';
import type { PaymentCharger, SessionCommand, SessionReport, StopRecord } from './protocol.js';

interface Pending {
  resolve: (payload: any) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

let url = '';
let callTimeoutMs = 60_000;
let tokens: string[][] = [];
let nextId = 0;
let latencies: Record<string, number[]> = {};
let errors: Record<string, number> = {};

const count = (bag: Record<string, number>, key: string) => (bag[key] = (bag[key] ?? 0) + 1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Charger {
  private ws: WebSocket | null = null;
  private readonly pending = new Map<string, Pending>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly spec: PaymentCharger) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const auth = `Basic ${Buffer.from(`${this.spec.identity}:${this.spec.password}`).toString('base64')}`;
      const ws = new WebSocket(`${url}/${this.spec.identity}`, ['ocpp1.6'], {
        headers: { authorization: auth },
        perMessageDeflate: false,
        handshakeTimeout: callTimeoutMs,
      });
      this.ws = ws;
      ws.on('message', (data) => this.onMessage(String(data)));
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
      ws.on('close', () => {
        for (const [id, p] of this.pending) {
          clearTimeout(p.timer);
          this.pending.delete(id);
          p.reject(new Error('closed'));
        }
      });
    });
  }

  private onMessage(text: string): void {
    const frame = JSON.parse(text) as unknown[];
    const [type, id] = frame as [number, string];
    if (type === 2) {
      this.ws?.send(JSON.stringify([3, id, { status: 'Accepted' }]));
      return;
    }
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (type === 3) pending.resolve(frame[2]);
    else pending.reject(new Error(`CALLERROR ${String(frame[2])}`));
  }

  /** After this charger's previous call was answered; `onSend` sees the moment the frame leaves. */
  call(action: string, payload: Record<string, unknown>, onSend?: (at: number) => void): Promise<any> {
    const run = this.tail.then(
      () =>
        new Promise((resolve, reject) => {
          const ws = this.ws;
          if (!ws || ws.readyState !== WebSocket.OPEN) return reject(new Error('not connected'));
          const id = `${++nextId}`;
          const sent = performance.now();
          const timer = setTimeout(() => {
            this.pending.delete(id);
            reject(new Error(`${action} timed out`));
          }, callTimeoutMs);
          this.pending.set(id, {
            resolve: (answer) => {
              (latencies[action] ??= []).push(performance.now() - sent);
              resolve(answer);
            },
            reject,
            timer,
          });
          onSend?.(Date.now());
          ws.send(JSON.stringify([2, id, action, payload]));
        }),
    );
    this.tail = run.catch(() => undefined);
    return run;
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws?.terminate();
  }
}

let chargers: Charger[] = [];

/** One driver's session: Authorize, start (the hold), charge for `dwellMs`, stop (what gets captured). */
async function session(c: Charger, token: string, dwellMs: number, stops: StopRecord[], refused: Record<string, number>) {
  const auth = await c.call('Authorize', { idTag: token });
  if (auth?.idTagInfo?.status !== 'Accepted') {
    count(refused, `Authorize ${String(auth?.idTagInfo?.status)}`);
    return;
  }
  // Sessions of ~45 minutes (realistic energy and price), compressed: the charger reports the times.
  const startedAt = Date.now() - 45 * 60_000;
  const started = await c.call('StartTransaction', {
    connectorId: 1,
    idTag: token,
    meterStart: 0,
    timestamp: new Date(startedAt).toISOString(),
  });
  const transactionId = String(started.transactionId);
  if (started?.idTagInfo?.status !== 'Accepted') count(refused, `StartTransaction ${String(started?.idTagInfo?.status)}`);
  await c.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
  await sleep(dwellMs);
  // 5–25 kWh: LKR 500–3,700 at the bench tariff, inside the organization's hold.
  const meterStop = 5_000 + Math.floor(Math.random() * 20_000);
  let sentAt = 0;
  await c.call(
    'StopTransaction',
    { transactionId: Number(transactionId), idTag: token, meterStop, timestamp: new Date().toISOString(), reason: 'Local' },
    (at) => (sentAt = at),
  );
  stops.push({ identity: c.spec.identity, transactionId, sentAt });
  await c.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
}

async function handle(command: SessionCommand): Promise<SessionReport | null> {
  const started = performance.now();
  const report = (phase: string, ok: number, failed: number, extra: Partial<SessionReport> = {}): SessionReport => {
    const r: SessionReport = {
      type: 'report',
      phase,
      ok,
      failed,
      elapsedMs: performance.now() - started,
      latencies,
      stops: [],
      refused: {},
      startLagMs: [],
      errors,
      ...extra,
    };
    latencies = {};
    errors = {};
    return r;
  };
  switch (command.type) {
    case 'init':
      url = command.url;
      callTimeoutMs = command.callTimeoutMs;
      tokens = command.tokens;
      chargers = command.chargers.map((c) => new Charger(c));
      return null;
    case 'connect': {
      let next = 0;
      let ok = 0;
      let failed = 0;
      await Promise.all(
        Array.from({ length: command.concurrency }, async () => {
          while (next < chargers.length) {
            const c = chargers[next++]!;
            try {
              await c.open();
              const boot = await c.call('BootNotification', { chargePointVendor: 'Bench', chargePointModel: 'Payments' });
              if (boot?.status !== 'Accepted') throw new Error(`boot ${String(boot?.status)}`);
              await c.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
              ok++;
            } catch (error) {
              count(errors, (error as Error).message.slice(0, 60));
              failed++;
            }
          }
        }),
      );
      return report('connect', ok, failed);
    }
    case 'sessions': {
      // Idle chargers per organization; session k goes to organization k mod n with that organization's next token.
      const organizations = tokens.length;
      const idle: Charger[][] = Array.from({ length: organizations }, () => []);
      for (const c of chargers) if (c.connected) idle[c.spec.organization]!.push(c);
      const waiting: (() => void)[][] = Array.from({ length: organizations }, () => []);
      const release = (c: Charger) => {
        const next = waiting[c.spec.organization]!.shift();
        idle[c.spec.organization]!.push(c);
        next?.();
      };
      const take = async (organization: number): Promise<Charger> => {
        while (idle[organization]!.length === 0) await new Promise<void>((r) => waiting[organization]!.push(r));
        return idle[organization]!.shift()!;
      };
      const stops: StopRecord[] = [];
      const refused: Record<string, number> = {};
      const startLagMs: number[] = [];
      const used = new Array<number>(organizations).fill(0);
      let ok = 0;
      let failed = 0;
      const running: Promise<void>[] = [];
      for (let k = 0; k < command.count; k++) {
        const planned = started + (k * 1000) / command.ratePerSecond;
        const wait = planned - performance.now();
        if (wait > 0) await sleep(wait);
        const organization = k % organizations;
        const token = tokens[organization]![used[organization]!++];
        if (!token) throw new Error(`not enough tokens for organization ${organization}`);
        const c = await take(organization);
        startLagMs.push(Math.max(0, performance.now() - planned));
        running.push(
          session(c, token, command.dwellMs, stops, refused).then(
            () => {
              ok++;
              release(c);
            },
            (error: unknown) => {
              failed++;
              count(errors, (error as Error).message.slice(0, 60));
              release(c);
            },
          ),
        );
      }
      await Promise.all(running);
      return report('sessions', ok, failed, { stops, refused, startLagMs });
    }
    case 'exit':
      for (const c of chargers) c.close();
      setTimeout(() => process.exit(0), 100);
      return null;
  }
}

process.on('message', (command: SessionCommand) => {
  void handle(command).then(
    (r) => r && process.send?.(r),
    (error: unknown) => process.send?.({ type: 'error', message: String(error) }),
  );
});
