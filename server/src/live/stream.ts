import type { ServerResponse } from 'node:http';
import type { Scope } from '../domain/scope.js';
import type { EventBus, LiveEvent } from './bus.js';
import { RingBuffer } from './ring-buffer.js';
import { canReceive, mayReceiveMoney, withoutEstimatedCost } from './scope-filter.js';

export interface LiveStreamOptions {
  /** How many past events a reconnecting viewer can catch up on. */
  bufferSize?: number;
  /** A comment this often keeps proxies from closing an idle stream; the viewer's scope is re-checked then too. */
  pingMs: number;
  /** A viewer that stops reading is dropped once this much is waiting for it; it reconnects with Last-Event-ID. */
  maxQueuedBytes?: number;
}

export interface Viewer {
  scope: Scope;
  /** The viewer's scope loaded afresh; null when the user was disabled or lost monitoring:read. */
  reload(): Promise<Scope | null>;
}

interface Connection {
  viewer: Viewer;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

const RETRY_MS = 3000;
const frame = (id: number | null, event: LiveEvent) =>
  `id: ${id ?? ''}\nevent: ${event.type}\ndata: ${JSON.stringify(event.payload)}\n\n`;

/** The frames of one event: as is, and as viewers without finance:read see it (no money). */
function frames(id: number | null, event: LiveEvent): (scope: Scope) => string {
  const full = frame(id, event);
  if (!('estimatedCost' in event.payload)) return () => full;
  let withoutMoney: string | undefined;
  return (scope) => (mayReceiveMoney(scope) ? full : (withoutMoney ??= frame(id, withoutEstimatedCost(event))));
}

/**
 * Server-Sent Events fed by the bus. Every event gets the next id of this process and a place in a
 * ring buffer, whether or not anyone watches, so a viewer reconnecting with Last-Event-ID gets what
 * it missed (only what its scope reaches) before the live events, with nothing twice.
 * With a relay (several instances), the events of all instances come from it with their shared
 * ids, so a viewer can resume on any instance. A jump in those ids (events lost while Redis was
 * unreachable) sends `reset`; an event the relay could not number is sent with an empty id,
 * which the viewer applies without moving its Last-Event-ID.
 */
export class LiveStream {
  private readonly buffer: RingBuffer<LiveEvent>;
  private readonly connections = new Set<Connection>();
  private readonly unsubscribe: () => void;

  constructor(
    bus: EventBus,
    private readonly options: LiveStreamOptions,
  ) {
    this.buffer = new RingBuffer(options.bufferSize ?? 10_000);
    const relay = bus.relay;
    if (relay) {
      this.buffer.restartAt(relay.startId);
      this.unsubscribe = relay.subscribe((event, id) => this.deliverShared(event, id));
    } else this.unsubscribe = bus.subscribe((event) => this.deliver(event));
  }

  get viewerCount(): number {
    return this.connections.size;
  }

  /**
   * Streams to `res` from now on. Replay and registration happen in one synchronous step, so an
   * event published meanwhile is either replayed or delivered live, never both, never lost.
   */
  attach(res: ServerResponse, viewer: Viewer, lastEventId: number | null): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${RETRY_MS}\n\n`);
    if (lastEventId !== null) {
      const missed = this.buffer.since(lastEventId);
      if (missed === null) res.write(`id: ${this.buffer.newestId}\nevent: reset\ndata: {}\n\n`);
      else for (const { id, item } of missed) if (canReceive(viewer.scope, item)) res.write(frames(id, item)(viewer.scope));
    }
    const connection: Connection = { viewer, res, timer: setInterval(() => void this.ping(connection), this.options.pingMs) };
    this.connections.add(connection);
    res.on('close', () => this.drop(connection));
  }

  /** Ends every stream (server shutdown) and stops listening to the bus. */
  close(): void {
    this.unsubscribe();
    for (const connection of this.connections) {
      this.drop(connection);
      connection.res.end();
    }
  }

  private deliver(event: LiveEvent): void {
    const id = this.buffer.push(event);
    this.broadcast(event, frames(id, event));
  }

  private deliverShared(event: LiveEvent, id: number | null): void {
    if (id === null) return this.broadcast(event, frames(null, event));
    if (id !== this.buffer.newestId + 1) {
      // Events were lost (or Redis started its sequence again): viewers reload what they show.
      this.buffer.restartAt(id - 1);
      for (const connection of this.connections) this.send(connection, `id: ${id - 1}\nevent: reset\ndata: {}\n\n`);
    }
    this.buffer.push(event);
    this.broadcast(event, frames(id, event));
  }

  private broadcast(event: LiveEvent, text: (scope: Scope) => string): void {
    for (const connection of this.connections) {
      const { scope } = connection.viewer;
      if (canReceive(scope, event)) this.send(connection, text(scope));
    }
  }

  private async ping(connection: Connection): Promise<void> {
    this.send(connection, ': ping\n\n');
    try {
      const scope = await connection.viewer.reload();
      if (scope) connection.viewer.scope = scope;
      else this.end(connection);
    } catch {
      // A database hiccup keeps the scope it had; the next ping tries again.
    }
  }

  private send(connection: Connection, text: string): void {
    if (!this.connections.has(connection)) return;
    if (connection.res.writableLength > (this.options.maxQueuedBytes ?? 1024 * 1024)) {
      this.drop(connection);
      connection.res.destroy();
      return;
    }
    connection.res.write(text);
  }

  private end(connection: Connection): void {
    this.drop(connection);
    connection.res.end();
  }

  private drop(connection: Connection): void {
    clearInterval(connection.timer);
    this.connections.delete(connection);
  }
}
