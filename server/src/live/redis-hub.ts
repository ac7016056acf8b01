import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';

type Handler = (message: string) => void;

/** The URL without its password, for messages and logs. */
export function redactedRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * One instance's two Redis connections: `commands` for keys and PUBLISH, `subscriber` for the
 * channels (a subscribed connection can do nothing else). Every key and channel carries
 * REDIS_PREFIX. After a loss ioredis reconnects; the hub subscribes again itself and counts as
 * ready only once Redis has confirmed it (ioredis says "ready" before its own re-subscription is
 * answered, and a message published in between — a command's reply — would be lost). It logs the
 * outage once and tells its users when Redis is back, so they can restore what they keep there,
 * and when the subscriber drops, so they can fail what waits for a message.
 */
export class RedisHub {
  readonly instanceId = randomUUID();
  private readonly handlers = new Map<string, Handler>();
  private readonly reconnected = new Set<() => void>();
  private readonly deaf = new Set<() => void>();
  private readonly down = new Set<string>();
  /** The subscriber is connected and Redis confirmed every channel's subscription. */
  private listening = true;
  private log: FastifyBaseLogger = pino({ level: 'silent' });
  private closing = false;

  private constructor(
    readonly commands: Redis,
    readonly subscriber: Redis,
    readonly prefix: string,
  ) {
    this.watch('commands', commands);
    this.watch('subscriber', subscriber);
    subscriber.on('message', (channel: string, message: string) => this.handlers.get(channel)?.(message));
  }

  /** Connects both; Redis unreachable at start-up stops start-up with a message saying so. */
  static async connect(url: string, prefix: string): Promise<RedisHub> {
    const failures: string[] = [];
    const open = (role: string) => {
      const client = new Redis(url, {
        lazyConnect: true,
        connectTimeout: 5000,
        // A command during an outage fails after a few reconnect attempts instead of waiting for ever.
        maxRetriesPerRequest: 3,
        connectionName: `${prefix}${role}`,
        // The hub subscribes again itself, so that it knows when the subscriptions are back.
        autoResubscribe: false,
      });
      client.on('error', (error: Error) => failures.push(error.message));
      return client;
    };
    const commands = open('commands');
    const subscriber = open('subscriber');
    try {
      await Promise.all([commands.connect(), subscriber.connect()]);
    } catch (error) {
      commands.disconnect();
      subscriber.disconnect();
      const reason = failures[0] ?? (error as Error).message;
      throw new Error(`Redis at ${redactedRedisUrl(url)} (REDIS_URL) is not reachable: ${reason}`);
    }
    commands.removeAllListeners('error');
    subscriber.removeAllListeners('error');
    return new RedisHub(commands, subscriber, prefix);
  }

  useLog(log: FastifyBaseLogger): void {
    this.log = log.child({ component: 'redis' });
  }

  key(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** Commands can be sent now and messages published to this instance arrive (not during an outage). */
  get ready(): boolean {
    return this.commandsReady && this.listening;
  }

  /** Commands can be sent now. */
  get commandsReady(): boolean {
    return this.commands.status === 'ready';
  }

  /** Receives the messages of one channel (prefixed here). */
  async listen(channel: string, handler: Handler): Promise<void> {
    this.handlers.set(this.key(channel), handler);
    await this.subscriber.subscribe(this.key(channel));
  }

  /** Runs after every reconnection of the command connection; returns the function that stops it. */
  onReconnect(listener: () => void): () => void {
    this.reconnected.add(listener);
    return () => this.reconnected.delete(listener);
  }

  /** Runs whenever the subscriber connection drops: messages published meanwhile never arrive. */
  onDeaf(listener: () => void): () => void {
    this.deaf.add(listener);
    return () => this.deaf.delete(listener);
  }

  private watch(role: string, client: Redis): void {
    const lost = (error?: Error) => {
      if (this.closing || this.down.has(role)) return;
      if (role === 'subscriber') {
        this.listening = false;
        for (const listener of this.deaf) listener();
      }
      this.down.add(role);
      this.log.error(
        { ...(error ? { err: error } : {}), connection: role },
        'Redis unreachable: serving this instance only (its own live events and chargers) until it reconnects',
      );
    };
    client.on('error', lost);
    client.on('close', () => lost());
    client.on('ready', () => {
      if (!this.down.has(role)) return;
      if (role === 'subscriber') return void this.resubscribe();
      this.down.delete(role);
      this.log.info({ connection: role }, 'Redis reachable again');
      for (const listener of this.reconnected) listener();
    });
  }

  private async resubscribe(): Promise<void> {
    try {
      if (this.handlers.size > 0) await this.subscriber.subscribe(...this.handlers.keys());
    } catch {
      return; // Dropped again: the next 'ready' tries again.
    }
    if (this.subscriber.status !== 'ready' || !this.down.delete('subscriber')) return;
    this.listening = true;
    this.log.info({ connection: 'subscriber' }, 'Redis reachable again');
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([this.subscriber.quit(), this.commands.quit()]);
    this.subscriber.disconnect();
    this.commands.disconnect();
  }
}
