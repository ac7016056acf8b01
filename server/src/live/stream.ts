import type { ServerResponse } from 'node:http';
import type { Scope } from '../domain/scope.js';
import type { EventBus, LiveEvent } from './bus.js';
import { RingBuffer } from './ring-buffer.js';
import { canReceive } from './scope-filter.js';

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
const frame = (id: number, event: LiveEvent) => `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.payload)}\n\n`;

/**
 * Server-Sent Events fed by the bus. Every event gets the next id of this process and a place in a
 * ring buffer, whether or not anyone watches, so a viewer reconnecting with Last-Event-ID gets what
 * it missed (only what its scope reaches) before the live events, with nothing twice.
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
    this.unsubscribe = bus.subscribe((event) => this.deliver(event));
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
      else for (const { id, item } of missed) if (canReceive(viewer.scope, item)) res.write(frame(id, item));
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
    for (const connection of this.connections)
      if (canReceive(connection.viewer.scope, event)) this.send(connection, frame(id, event));
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
