import { pruneAuthFailures, storeLastSeen } from '../modules/charging/station-queries.js';
import { closeStaleSessions } from '../modules/charging/sessions.js';
import { recordOffline, sweepSilentChargers } from '../modules/charging/stations.js';
import type { ChargingDeps } from '../modules/charging/types.js';
import type { OcppConfig } from './config.js';
import { type ChargerConnection, inOrder } from './connection.js';

/**
 * Offline detection and the stale-session rule, on one timer.
 * - A charger is Offline when its socket closes, or when no message came for twice the heartbeat
 *   interval (1.6 §4.6 / 2.0.1 G02: a charger sends something at least every interval); the time
 *   it went offline is its last message. The next message brings it back (server.ts).
 * - Last-message times are written in batches each tick, not per message.
 * - Rows left "online" by an instance that is gone are swept by the same rule from the database.
 * - An active session without any message for `staleSessionSeconds` is closed and flagged.
 */
export class Liveness {
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private running: Promise<void> = Promise.resolve();
  private lastPrune = 0;
  readonly tickMs: number;

  constructor(
    private readonly deps: ChargingDeps,
    private readonly config: OcppConfig,
    private readonly connections: () => Iterable<ChargerConnection>,
    private readonly onError: (error: unknown) => void,
  ) {
    this.tickMs = Math.min(5000, Math.max(100, (config.heartbeatSeconds * 1000) / 4));
  }

  start(): void {
    this.timer ??= setInterval(() => {
      // One tick at a time: a slow database never piles up sweeps.
      this.running = this.running.then(() => this.tick()).catch(this.onError);
    }, this.tickMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a tick in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Writes the last-message times that changed since the previous write. */
  async flushLastSeen(): Promise<void> {
    const entries = [];
    for (const conn of this.connections()) {
      if (conn.station && conn.lastMessageAt > conn.storedMessageAt) {
        entries.push({ chargerId: conn.station.chargerId, at: new Date(conn.lastMessageAt) });
        conn.storedMessageAt = conn.lastMessageAt;
      }
    }
    await storeLastSeen(this.deps.db, entries);
  }

  private async tick(): Promise<void> {
    this.ticks++;
    const now = Date.now();
    await this.flushLastSeen();
    const marks: Promise<void>[] = [];
    for (const conn of this.connections()) {
      if (conn.station && conn.online && now - conn.lastMessageAt > 2 * conn.heartbeatSeconds * 1000) {
        conn.online = false;
        const station = conn.station;
        const since = new Date(conn.lastMessageAt);
        // Queued together: the marks of many silent chargers are written in one statement.
        marks.push(inOrder(conn, () => recordOffline(this.deps, station, since)));
      }
    }
    await Promise.all(marks);
    if (this.ticks % 4 === 0) {
      await sweepSilentChargers(this.deps, Math.ceil((this.tickMs * 3) / 1000) + 1);
      await closeStaleSessions(this.deps, this.config.staleSessionSeconds);
    }
    if (now - this.lastPrune > 3_600_000) {
      this.lastPrune = now;
      await pruneAuthFailures(this.deps.db, new Date(now - Math.max(86_400, this.config.authFailureWindowSeconds) * 1000));
    }
  }
}
