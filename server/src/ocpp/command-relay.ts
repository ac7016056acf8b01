import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { AppError, type ErrorCode } from '../errors.js';
import type { RedisHub } from '../live/redis-hub.js';
import type { ChargerLink, CommandAnswer, OcppProtocol } from '../modules/charging/types.js';

/** Told by the gateway when this instance starts or stops holding a charger's WebSocket. */
export interface ConnectionPresence {
  held(identity: string): void;
  released(identity: string): void;
}

type Message =
  | { kind: 'command'; requestId: string; replyTo: string; identity: string; command: string; input: Record<string, unknown> }
  | { kind: 'reply'; requestId: string; answer?: CommandAnswer; error?: { code: ErrorCode; message: string; details?: unknown } }
  | { kind: 'boot'; identity: string };

interface Waiting {
  resolve(answer: CommandAnswer): void;
  reject(error: AppError): void;
  timer: NodeJS.Timeout;
}

/** Deletes the holder entry only if it still names this instance (the charger may have moved on). */
const RELEASE = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0`;

interface ReleasingRedis {
  chargeboardRelease(hash: string, identity: string, instanceId: string): Promise<number>;
}

const offline = () => new AppError('CHARGER_OFFLINE', 'The charger is not connected');

/**
 * Remote commands when several instances run (REDIS_URL). The hash `chargers` says which instance
 * holds each charger's WebSocket; a command for a charger held elsewhere is published on that
 * instance's channel, sent there, and its answer (or error) published back. Nobody holding the
 * charger, or its holder gone (no subscriber on its channel), is CHARGER_OFFLINE; no answer
 * within the command timeout (plus a margin for the relay) is CHARGER_TIMEOUT.
 */
export class CommandRelay implements ChargerLink, ConnectionPresence {
  private readonly holding = new Set<string>();
  private readonly waiting = new Map<string, Waiting>();
  private local: ChargerLink | null = null;
  private log: FastifyBaseLogger = pino({ level: 'silent' });

  constructor(
    private readonly hub: RedisHub,
    private readonly timeoutMs: number,
  ) {
    hub.commands.defineCommand('chargeboardRelease', { numberOfKeys: 1, lua: RELEASE });
  }

  private get hash(): string {
    return this.hub.key('chargers');
  }

  private channel(instanceId: string): string {
    return `instance:${instanceId}`;
  }

  /** Starts answering other instances for the chargers `local` holds. */
  async start(local: ChargerLink, log: FastifyBaseLogger): Promise<void> {
    this.local = local;
    this.log = log.child({ component: 'command-relay' });
    await this.hub.listen(this.channel(this.hub.instanceId), (message) => this.receive(message));
    this.hub.onReconnect(() => void this.restore().catch((error: unknown) => this.warn(error)));
    // A reply published while this instance cannot receive is lost: say so now, not at the timeout.
    this.hub.onDeaf(() => {
      for (const requestId of [...this.waiting.keys()])
        this.settle(requestId, {
          error: {
            code: 'UNAVAILABLE',
            message: 'Redis became unreachable while waiting for the charger: it may have received the command',
          },
        });
    });
  }

  held(identity: string): void {
    this.holding.add(identity);
    this.hub.commands.hset(this.hash, identity, this.hub.instanceId).catch((error: unknown) => this.warn(error));
  }

  released(identity: string): void {
    this.holding.delete(identity);
    this.release(identity, this.hub.instanceId).catch((error: unknown) => this.warn(error));
  }

  protocolOf(identity: string): OcppProtocol | null {
    return this.local?.protocolOf(identity) ?? null;
  }

  async send(identity: string, command: string, input: Record<string, unknown>): Promise<CommandAnswer> {
    if (!this.local) throw offline();
    if (this.local.protocolOf(identity)) return this.local.send(identity, command, input);
    const unreachable = () => new AppError('UNAVAILABLE', 'The charger is not connected here, and Redis is unreachable');
    if (!this.hub.ready) throw unreachable();
    const holder = await this.hub.commands.hget(this.hash, identity).catch(() => Promise.reject(unreachable()));
    if (!holder || holder === this.hub.instanceId) throw offline();
    const requestId = randomUUID();
    const answer = new Promise<CommandAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        reject(new AppError('CHARGER_TIMEOUT', `The charger did not answer ${command} in time`, { timeoutMs: this.timeoutMs }));
      }, this.timeoutMs + 5000);
      this.waiting.set(requestId, { resolve, reject, timer });
    });
    const message: Message = { kind: 'command', requestId, replyTo: this.hub.instanceId, identity, command, input };
    const receivers = await this.hub.commands
      .publish(this.hub.key(this.channel(holder)), JSON.stringify(message))
      .catch(() => null);
    if (receivers === null)
      this.settle(requestId, { error: { code: 'UNAVAILABLE', message: 'Redis became unreachable while relaying the command' } });
    // Nobody listens on the holder's channel: it stopped or crashed (its entry is replaced when the charger reconnects).
    else if (receivers === 0)
      this.settle(requestId, { error: { code: 'CHARGER_OFFLINE', message: 'The charger is not connected' } });
    return answer;
  }

  requestBoot(identity: string): void {
    if (this.local?.protocolOf(identity)) return this.local.requestBoot(identity);
    void this.hub.commands
      .hget(this.hash, identity)
      .then((holder) => {
        if (!holder || holder === this.hub.instanceId) return;
        const message: Message = { kind: 'boot', identity };
        return this.hub.commands.publish(this.hub.key(this.channel(holder)), JSON.stringify(message));
      })
      .catch((error: unknown) => this.warn(error));
  }

  /** Gives up the entries of the chargers still held here (shutdown) and fails the commands still waiting. */
  async close(): Promise<void> {
    for (const requestId of [...this.waiting.keys()])
      this.settle(requestId, { error: { code: 'UNAVAILABLE', message: 'This instance is shutting down' } });
    if (!this.hub.commandsReady) return;
    await Promise.allSettled([...this.holding].map((identity) => this.release(identity, this.hub.instanceId)));
    this.holding.clear();
  }

  private release(identity: string, instanceId: string): Promise<number> {
    return (this.hub.commands as unknown as ReleasingRedis).chargeboardRelease(this.hash, identity, instanceId);
  }

  /** After an outage: entries may be gone (Redis restarted) or stale (chargers that left meanwhile). */
  private async restore(): Promise<void> {
    const entries = await this.hub.commands.hgetall(this.hash);
    const stale = Object.entries(entries).filter(
      ([identity, holder]) => holder === this.hub.instanceId && !this.holding.has(identity),
    );
    await Promise.all(stale.map(([identity]) => this.release(identity, this.hub.instanceId)));
    if (this.holding.size > 0)
      await this.hub.commands.hset(
        this.hash,
        Object.fromEntries([...this.holding].map((identity) => [identity, this.hub.instanceId])),
      );
  }

  private receive(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return;
    }
    if (message.kind === 'reply') this.settle(message.requestId, message);
    else if (message.kind === 'boot') {
      this.local?.requestBoot(message.identity);
    } else if (message.kind === 'command') void this.answer(message);
  }

  /** Runs a command another instance relayed, and publishes the outcome back to it. */
  private async answer(request: Extract<Message, { kind: 'command' }>): Promise<void> {
    let reply: Extract<Message, { kind: 'reply' }>;
    try {
      if (!this.local?.protocolOf(request.identity)) throw offline();
      reply = {
        kind: 'reply',
        requestId: request.requestId,
        answer: await this.local.send(request.identity, request.command, request.input),
      };
    } catch (error) {
      if (!(error instanceof AppError)) this.log.error({ err: error, identity: request.identity }, 'relayed command failed');
      const failure =
        error instanceof AppError
          ? { code: error.code, message: error.message, details: error.details }
          : { code: 'INTERNAL' as const, message: 'The command could not be sent' };
      reply = { kind: 'reply', requestId: request.requestId, error: failure };
    }
    await this.hub.commands
      .publish(this.hub.key(this.channel(request.replyTo)), JSON.stringify(reply))
      .catch((error: unknown) => this.warn(error));
  }

  private settle(requestId: string, reply: Pick<Extract<Message, { kind: 'reply' }>, 'answer' | 'error'>): void {
    const waiting = this.waiting.get(requestId);
    if (!waiting) return;
    this.waiting.delete(requestId);
    clearTimeout(waiting.timer);
    if (reply.answer) waiting.resolve(reply.answer);
    else waiting.reject(new AppError(reply.error?.code ?? 'INTERNAL', reply.error?.message ?? 'No answer', reply.error?.details));
  }

  private warn(error: unknown): void {
    this.log.warn({ err: error }, 'Redis command relay: a Redis command failed');
  }
}
