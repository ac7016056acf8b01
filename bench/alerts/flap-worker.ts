/**
 * The alerts bench's chargers that go away: raw `ws` clients speaking OCPP 1.6J, each with its own
 * password, that boot, report their connector and heartbeat; on command they close their socket
 * (a network drop the central system sees at once) and come back later, as planned by the orchestrator.
 */
import WebSocket from 'ws';
import type { EpisodeRecord, FlapCharger, FlapCommand, FlapReport } from './protocol.js';

let init: Extract<FlapCommand, { type: 'init' }>;
let nextId = 0;

class Charger {
  private ws: WebSocket | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly pending = new Map<
    string,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();

  constructor(readonly charger: FlapCharger) {}

  /** Connects, boots and reports its connector Available; resolves when the boot is answered. */
  async up(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const auth = `Basic ${Buffer.from(`${this.charger.identity}:${this.charger.password}`).toString('base64')}`;
      const ws = new WebSocket(`${init.url}/${this.charger.identity}`, ['ocpp1.6'], {
        headers: { authorization: auth },
        perMessageDeflate: false,
        handshakeTimeout: init.callTimeoutMs,
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
    await this.call('BootNotification', { chargePointVendor: 'Bench', chargePointModel: 'Flapper' });
    await this.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    this.heartbeat = setInterval(() => void this.call('Heartbeat', {}).catch(() => undefined), init.heartbeatMs);
  }

  /** Closes the socket; resolves when it is closed (the central system has seen the close frame). */
  down(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const ws = this.ws;
    this.ws = null;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 5000);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.close(1000);
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

  private call(action: string, payload: Record<string, unknown>): Promise<unknown> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected'));
    const id = `f${++nextId}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${action} timed out`));
      }, init.callTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      ws.send(JSON.stringify([2, id, action, payload]));
    });
  }
}

const chargers = new Map<string, Charger>();
const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

async function connectAll(concurrency: number): Promise<FlapReport> {
  const list = [...chargers.values()];
  let ok = 0;
  const errors: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < list.length) {
        const charger = list[next++]!;
        try {
          await charger.up();
          ok++;
        } catch (error) {
          if (errors.length < 20) errors.push(`${charger.charger.identity}: ${(error as Error).message}`);
        }
      }
    }),
  );
  return { type: 'report', ok, failed: list.length - ok, episodes: [], errors };
}

async function run(episodes: Extract<FlapCommand, { type: 'run' }>['episodes']): Promise<FlapReport> {
  const start = Date.now();
  const records: EpisodeRecord[] = [];
  const errors: string[] = [];
  // Each charger's episodes one after another, every charger at once.
  const byCharger = new Map<string, typeof episodes>();
  for (const e of episodes) byCharger.set(e.identity, [...(byCharger.get(e.identity) ?? []), e]);
  await Promise.all(
    [...byCharger.entries()].map(async ([identity, own]) => {
      const charger = chargers.get(identity)!;
      for (const episode of own.sort((a, b) => a.offAtMs - b.offAtMs)) {
        await sleepUntil(start + episode.offAtMs);
        const offAt = Date.now();
        await charger.down();
        await sleepUntil(start + episode.onAtMs);
        const onAt = Date.now();
        try {
          await charger.up();
          records.push({ identity, offAt, onAt });
        } catch (error) {
          records.push({ identity, offAt, onAt: null, error: (error as Error).message });
          if (errors.length < 20) errors.push(`${identity}: ${(error as Error).message}`);
        }
      }
    }),
  );
  return {
    type: 'report',
    ok: records.filter((r) => r.onAt !== null).length,
    failed: records.filter((r) => r.onAt === null).length,
    episodes: records,
    errors,
  };
}

process.on('message', (command: FlapCommand) => {
  const reply = (report: FlapReport) => process.send!(report);
  const fail = (error: unknown) => process.send!({ type: 'error', message: (error as Error).message });
  switch (command.type) {
    case 'init':
      init = command;
      for (const c of command.chargers) chargers.set(c.identity, new Charger(c));
      break;
    case 'connect':
      connectAll(command.concurrency).then(reply, fail);
      break;
    case 'run':
      run(command.episodes).then(reply, fail);
      break;
    case 'exit':
      process.exit(0);
  }
});
