import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.js';
import { type GridHealth, type HealthState, nextHealth } from '../../domain/grid-health.js';
import { type GridReading, readGridMessage } from '../../domain/grid-reading.js';
import { type SecretKeys, decryptSecret } from '../../domain/secrets.js';
import type { EventBus } from '../../live/bus.js';
import { startFeed } from './adapters.js';
import { type FeedRow, loadFeeds, storeBadReading, storeHealthChange, storeReading } from './feed-store.js';
import type { FeedAdapter, FeedConnection } from './feed-types.js';
import { readingJson } from './reading-json.js';

export interface GridMonitorDeps {
  db: Db;
  bus: EventBus;
  secrets: SecretKeys | null;
  log: FastifyBaseLogger;
}

/** A feed's link as the grid page shows it: `stale` when no reading came for its stale time. */
export type FeedLink = FeedConnection | 'stale';

export interface FeedStatus {
  health: GridHealth;
  healthSince: Date;
  healthReason: string | null;
  link: FeedLink;
  linkError: string | null;
  lastReadingAt: Date | null;
  latest: GridReading | null;
}

interface Running {
  feed: FeedRow;
  adapter: FeedAdapter;
  state: HealthState;
  link: FeedLink;
  linkError: string | null;
  startedAt: number;
  lastReadingAt: number | null;
  latest: GridReading | null;
  /** Messages of a feed are handled one after another, in the order they came. */
  chain: Promise<void>;
}

/** How often the feeds are read again (another instance's saves) and the stale check runs. */
const RELOAD_MS = 60_000;
const STALE_CHECK_MS = 1_000;

/** A change of a feed's health; `recorded`: this instance stored it (one instance of all does). */
export type HealthListener = (change: { feedId: string; feedName: string; health: GridHealth; recorded: boolean }) => void;

/**
 * Runs every enabled grid feed on this instance. Every instance runs them all (each one's load
 * management needs the grid's health at once); a reading is stored once, by whichever instance
 * stores it first, and that instance alone publishes it and any change of health on the bus, so the
 * live stream and the alerts see each once. Listeners on this instance (load management) are told
 * of every change, whoever stored it.
 */
export class GridMonitor {
  private readonly running = new Map<string, Running>();
  private readonly listeners: HealthListener[] = [];
  private timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(private readonly deps: GridMonitorDeps) {}

  useLog(log: FastifyBaseLogger): void {
    this.deps.log = log;
  }

  /** Told of each change of a feed's health seen on this instance. */
  onHealth(listener: HealthListener): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    await this.reload();
    const reload = setInterval(
      () => void this.reload().catch((err: unknown) => this.deps.log.error({ err }, 'grid feeds not reloaded')),
      RELOAD_MS,
    );
    const stale = setInterval(() => this.checkStale(), STALE_CHECK_MS);
    reload.unref();
    stale.unref();
    this.timers = [reload, stale];
  }

  async close(): Promise<void> {
    this.closed = true;
    this.timers.forEach(clearInterval);
    await Promise.all([...this.running.values()].map((r) => this.stopFeed(r)));
    this.running.clear();
  }

  /** The health load management acts on: the last known (a stale feed keeps its last health); null for an unknown feed. */
  healthOf(feedId: string): GridHealth | null {
    return this.running.get(feedId)?.state.health ?? null;
  }

  status(feedId: string): FeedStatus | null {
    const r = this.running.get(feedId);
    if (!r) return null;
    return {
      health: r.state.health,
      healthSince: r.state.since,
      healthReason: r.state.reason,
      link: r.link,
      linkError: r.linkError,
      lastReadingAt: r.lastReadingAt === null ? null : new Date(r.lastReadingAt),
      latest: r.latest,
    };
  }

  /** Starts, restarts or stops feeds to match the database: all of them, or the one just saved. */
  async reload(feedId?: string): Promise<void> {
    if (this.closed) return;
    const rows = await loadFeeds(this.deps.db, feedId);
    const wanted = new Map(rows.filter((f) => f.enabled).map((f) => [f.id, f]));
    const considered = feedId === undefined ? [...this.running.keys()] : [feedId];
    for (const id of considered) {
      const r = this.running.get(id);
      const next = wanted.get(id);
      if (r && (!next || next.updatedAt.getTime() !== r.feed.updatedAt.getTime())) {
        this.running.delete(id);
        await this.stopFeed(r);
      }
    }
    for (const feed of wanted.values()) if (!this.running.has(feed.id)) this.startFeed(feed);
  }

  private startFeed(feed: FeedRow): void {
    let secret: string | null = null;
    const running: Running = {
      feed,
      adapter: { stop: async () => undefined },
      state: { health: feed.health, since: feed.healthSince, reason: feed.healthReason ?? '', calmSince: null },
      link: 'connecting',
      linkError: null,
      startedAt: Date.now(),
      lastReadingAt: feed.lastReadingAt?.getTime() ?? null,
      latest: null,
      chain: Promise.resolve(),
    };
    this.running.set(feed.id, running);
    try {
      secret = feed.secretCiphertext && this.deps.secrets ? decryptSecret(this.deps.secrets, feed.secretCiphertext) : null;
    } catch (error) {
      this.setLink(running, 'disconnected', 'its secret cannot be decrypted with the configured key');
      this.deps.log.error({ err: error, feed: feed.id }, 'a grid feed’s secret cannot be decrypted');
      return;
    }
    running.adapter = startFeed(
      { kind: feed.kind, settings: feed.settings, secret },
      {
        message: (body, receivedAt) => {
          running.chain = running.chain
            .then(() => this.handle(running, body, receivedAt))
            .catch((err: unknown) => this.deps.log.error({ err, feed: feed.id }, 'a grid reading was not handled'));
        },
        connection: (state, error) => {
          // A connected feed that sends nothing stays stale until a reading comes.
          if (state === 'connected' && running.link === 'stale') return;
          this.setLink(running, state, error ?? null);
        },
      },
    );
  }

  private async stopFeed(r: Running): Promise<void> {
    await r.adapter
      .stop()
      .catch((err: unknown) => this.deps.log.warn({ err, feed: r.feed.id }, 'a grid feed did not stop cleanly'));
    await r.chain;
  }

  private setLink(r: Running, link: FeedLink, error: string | null): void {
    if (r.link === link && r.linkError === error) return;
    r.link = link;
    r.linkError = error;
    if (link !== 'connected') this.deps.log.info({ feed: r.feed.id, link, error }, 'grid feed link changed');
    this.deps.bus.publish('grid.feed', {
      feedId: r.feed.id,
      organizationId: r.feed.organizationId,
      link,
      error,
      at: new Date().toISOString(),
    });
  }

  private checkStale(): void {
    const now = Date.now();
    for (const r of this.running.values()) {
      const since = Math.max(r.lastReadingAt ?? 0, r.startedAt);
      if (r.link !== 'stale' && now - since > r.feed.staleAfterSeconds * 1000)
        this.setLink(r, 'stale', `no reading for ${r.feed.staleAfterSeconds} s`);
    }
  }

  private async handle(r: Running, body: unknown, receivedAt: Date): Promise<void> {
    if (this.closed || this.running.get(r.feed.id) !== r) return;
    const { db, bus } = this.deps;
    const outcome = readGridMessage(body, r.feed.mapping, receivedAt);
    if (!outcome.ok) {
      this.deps.log.warn({ feed: r.feed.id, reason: outcome.reason }, 'a bad grid reading');
      await storeBadReading(db, r.feed.id, outcome.reason, body);
      return;
    }
    const reading = outcome.reading;
    const stored = await storeReading(db, r.feed.id, reading);
    const newest = r.lastReadingAt === null || reading.at.getTime() > r.lastReadingAt;
    // Fresh words from the feed: it is live again (an old reading replayed is not).
    if (reading.at.getTime() > Date.now() - r.feed.staleAfterSeconds * 1000) {
      r.lastReadingAt = Math.max(r.lastReadingAt ?? 0, reading.at.getTime());
      this.setLink(r, 'connected', null);
    }
    if (stored)
      bus.publish('grid.reading', { feedId: r.feed.id, organizationId: r.feed.organizationId, reading: readingJson(reading) });
    // Only the newest reading moves the health; one that arrives late is history.
    if (!newest && r.latest !== null) return;
    r.latest = reading;
    const previous = r.state.health;
    const step = nextHealth(r.state, reading, r.feed.thresholds);
    r.state = step.state;
    if (!step.changed) return;
    const change = { at: reading.at, health: step.state.health, previous, reason: step.state.reason };
    const recorded = await storeHealthChange(db, r.feed.id, change);
    this.deps.log.info({ feed: r.feed.id, ...change, recorded }, 'grid health changed');
    for (const listener of this.listeners)
      listener({ feedId: r.feed.id, feedName: r.feed.name, health: change.health, recorded });
    if (recorded)
      bus.publish('grid.health', {
        feedId: r.feed.id,
        organizationId: r.feed.organizationId,
        feedName: r.feed.name,
        health: change.health,
        previous,
        reason: change.reason,
        at: change.at.toISOString(),
      });
  }
}
