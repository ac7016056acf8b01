import type { EventRelay, LiveEvent, SharedListener } from './bus.js';
import type { RedisHub } from './redis-hub.js';

/**
 * Numbers the event and publishes it in one atomic step, so every instance receives the events
 * in id order. A missing counter (a new Redis, or one that lost its data) starts at the current
 * time in milliseconds: ids keep growing across a Redis restart, and viewers never see old ids.
 */
const PUBLISH = `
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[2]) end
local id = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[1])
return id`;

interface PublishingRedis {
  chargeboardPublishEvent(counter: string, channel: string, event: string, start: string): Promise<number>;
}

/**
 * Live events of every instance over Redis pub/sub (REDIS_URL). Each instance publishes its own
 * events here and delivers what comes back, its own included, so all instances stream the same
 * events under the same ids. While Redis is unreachable, this instance's events are delivered
 * to its own viewers unnumbered and are not shared.
 */
export class RedisEventRelay implements EventRelay {
  private readonly listeners = new Set<SharedListener>();

  private constructor(
    private readonly hub: RedisHub,
    readonly startId: number,
  ) {}

  static async start(hub: RedisHub): Promise<RedisEventRelay> {
    hub.commands.defineCommand('chargeboardPublishEvent', { numberOfKeys: 2, lua: PUBLISH });
    const counter = hub.key('events:id');
    let relay: RedisEventRelay | null = null;
    const early: string[] = [];
    // Subscribed before reading the counter: every event after `startId` is received.
    await hub.listen('events', (message) => (relay ? relay.receive(message) : early.push(message)));
    await hub.commands.set(counter, String(Date.now()), 'NX');
    relay = new RedisEventRelay(hub, Number(await hub.commands.get(counter)));
    for (const message of early) relay.receive(message);
    return relay;
  }

  publish(event: LiveEvent): void {
    if (!this.hub.ready) return this.deliver(event, null);
    (this.hub.commands as unknown as PublishingRedis)
      .chargeboardPublishEvent(this.hub.key('events:id'), this.hub.key('events'), JSON.stringify(event), String(Date.now()))
      .catch(() => this.deliver(event, null));
  }

  subscribe(listener: SharedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private receive(message: string): void {
    const space = message.indexOf(' ');
    const id = Number(message.slice(0, space));
    if (!Number.isSafeInteger(id) || id <= this.startId) return;
    let event: LiveEvent;
    try {
      event = JSON.parse(message.slice(space + 1)) as LiveEvent;
    } catch {
      return;
    }
    this.deliver(event, id);
  }

  private deliver(event: LiveEvent, id: number | null): void {
    for (const listener of this.listeners) {
      try {
        listener(event, id);
      } catch {
        // Subscribers own their errors.
      }
    }
  }
}
