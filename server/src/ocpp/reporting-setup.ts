import type { FastifyBaseLogger } from 'fastify';
import type { OcppProtocol } from '../modules/charging/types.js';
import type { OcppCall } from './commands.js';
import type { ChargerConnection } from './connection.js';

/**
 * After an Accepted boot, each charger is asked to report meter values every `intervalSeconds`
 * (1.6 MeterValueSampleInterval, 2.0.1 SampledDataCtrlr.TxUpdatedInterval), so live charts and
 * estimated costs work on any vendor's default. The request is never on the boot's path: it is
 * queued, sent at least `delayMs` after the boot was answered, at most `perSecond` a second and
 * only while the server is not busy answering chargers — a reconnecting fleet boots first and is
 * configured afterwards. A refusal, an error or a timeout is only logged: charging goes on.
 */
export interface ReportingSetupOptions {
  intervalSeconds: number;
  timeoutMs: number;
  delayMs?: number;
  perSecond?: number;
  /** Calls from chargers waiting for an answer beyond which the queue waits. */
  busyCalls?: number;
}

export function reportingCall(protocol: OcppProtocol, intervalSeconds: number): OcppCall {
  const value = String(intervalSeconds);
  return protocol === 'ocpp1.6'
    ? { action: 'ChangeConfiguration', payload: { key: 'MeterValueSampleInterval', value } }
    : {
        action: 'SetVariables',
        payload: {
          setVariableData: [
            { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval' }, attributeValue: value },
          ],
        },
      };
}

/** The status the charger answered: 1.6 `status`, 2.0.1 the one setVariableResult's `attributeStatus`. */
export function reportingStatus(response: unknown): string {
  const r = (response ?? {}) as { status?: unknown; setVariableResult?: { attributeStatus?: unknown }[] };
  return String(r.status ?? r.setVariableResult?.[0]?.attributeStatus ?? 'unknown');
}

const TICK_MS = 50;

export class ReportingSetup {
  private readonly queue: { conn: ChargerConnection; due: number }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly delayMs: number;
  private readonly perTick: number;
  private readonly busyCalls: number;
  private stopped = false;

  constructor(
    private readonly options: ReportingSetupOptions,
    /** Still the live, accepted connection of its charger (not replaced, not closed). */
    private readonly current: (conn: ChargerConnection) => boolean,
    private readonly calls: { inFlight: number },
    private readonly log: () => FastifyBaseLogger,
  ) {
    this.delayMs = options.delayMs ?? 2000;
    this.perTick = Math.max(1, Math.round(((options.perSecond ?? 200) * TICK_MS) / 1000));
    this.busyCalls = options.busyCalls ?? 100;
  }

  /** Called once the boot is answered Accepted; does nothing when the setting leaves the charger's own interval. */
  afterAcceptedBoot(conn: ChargerConnection): void {
    if (this.options.intervalSeconds === 0 || this.stopped) return;
    this.queue.push({ conn, due: Date.now() + this.delayMs });
    this.timer ??= setTimeout(() => this.tick(), TICK_MS);
  }

  private tick(): void {
    this.timer = null;
    const now = Date.now();
    let sent = 0;
    while (this.queue.length > 0 && this.queue[0]!.due <= now && sent < this.perTick && this.calls.inFlight < this.busyCalls) {
      const { conn } = this.queue.shift()!;
      if (!this.current(conn)) continue;
      sent++;
      void this.configure(conn);
    }
    if (this.queue.length > 0 && !this.stopped) this.timer = setTimeout(() => this.tick(), TICK_MS);
  }

  private async configure(conn: ChargerConnection): Promise<void> {
    const { action, payload } = reportingCall(conn.protocol, this.options.intervalSeconds);
    try {
      const response = await conn.client.call(action, payload, { callTimeoutMs: this.options.timeoutMs });
      const status = reportingStatus(response);
      if (status !== 'Accepted' && status !== 'RebootRequired')
        this.log().info({ identity: conn.identity, action, status }, 'Charger kept its own meter-value interval');
    } catch (error) {
      this.log().info(
        { identity: conn.identity, action, error: error instanceof Error ? error.message : String(error) },
        'Charger did not take the meter-value interval',
      );
    }
  }

  /** Stops sending (shutdown); requests already sent fail with their sockets and are only logged. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }
}
