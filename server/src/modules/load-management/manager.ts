import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { MANAGED_STACK_LEVEL, managedProfileId } from '../../domain/charging-profiles.js';
import {
  type SessionAllocation,
  allocateSiteLoad,
  ampsToWatts,
  isMeaningfulChange,
  wattsToAmps,
} from '../../domain/load-allocation.js';
import type { GridHealth } from '../../domain/grid-health.js';
import { gridAdjusted } from '../../domain/grid-policy.js';
import { AppError } from '../../errors.js';
import type { EventBus } from '../../live/bus.js';
import type { PreparedProfile } from '../charging/charging-profile-requests.js';
import type { ChargerLink } from '../charging/types.js';
import { gridEventMessage, recordLoadEvent } from './events.js';
import { type ManagedSession, type ManagedSite, managedSessions, managedSites } from './site-state.js';

export interface LoadManagerDeps {
  db: Db;
  bus: EventBus;
  link: ChargerLink;
  log: FastifyBaseLogger;
  /** Changes at a site within this long are recomputed once. */
  debounceMs: number;
  /** The grid's health by feed (modules/grid); absent: every site is managed as if the grid were normal. */
  grid?: { healthOf(feedId: string): GridHealth | null };
}

/** Room above an EV's measured draw it may ramp into before the next recompute. */
const HEADROOM_W = 1_000;
/** An increase is sent only when it is worth a message; any decrease is sent at once. */
const THRESHOLD = { relative: 0.05, absoluteW: 500 };

/** How often the sites with load management on are read again (saves on other instances). */
const MANAGED_RELOAD_MS = 60_000;

/** What one recompute of a site did, for the log and the tests. */
export interface Recompute {
  siteId: string;
  sessions: number;
  sent: number;
  refused: number;
  /** Reading the site and allocating, before the first profile went out. */
  allocateSeconds: number;
  /** The grid's health the allocation answered, and the limit it shared (after any grid reduction). */
  gridHealth: GridHealth | null;
  limitW: number;
}

const answerOf = (response: unknown) => String((response as { status?: unknown } | null)?.status ?? 'Unknown');

/**
 * Site load management on this instance: a site's sessions starting, stopping or drawing a different
 * power (events of the chargers this instance holds) recompute its allocation after a short
 * debounce, and the limits that changed meaningfully go to the chargers as TxProfiles at stack
 * level 0. The allocation is derived from the database each time, so instances (and a restart)
 * agree; what was sent is kept in `load_allocations`.
 */
export class LoadManager {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<Recompute | null>>();
  private readonly unsubscribe: (() => void)[] = [];
  private closed = false;

  constructor(private readonly deps: LoadManagerDeps) {}

  private readonly listeners: ((r: Recompute) => void)[] = [];
  private readonly answerListeners: ((answer: string) => void)[] = [];

  /** Told of every recompute (metrics.ts). */
  onRecompute(listener: (r: Recompute) => void): void {
    this.listeners.push(listener);
  }

  /** Told of every profile sent, with the charger's answer or what went wrong (metrics.ts). */
  onAnswer(listener: (answer: string) => void): void {
    this.answerListeners.push(listener);
  }

  useLog(log: FastifyBaseLogger): void {
    this.deps.log = log;
  }

  /**
   * The sites with load management on and their settings, so that events of every other site cost
   * nothing and a recompute reads only the sessions. Kept up by this instance's saves and reloaded
   * every minute (another instance's saves).
   */
  private managed = new Map<string, ManagedSite>();

  private async reloadManaged(): Promise<void> {
    const sites = await managedSites(this.deps.db);
    this.managed = new Map(sites.map((site) => [site.siteId, site]));
  }

  start(): void {
    const { bus } = this.deps;
    const reload = () =>
      void this.reloadManaged().catch((err: unknown) => this.deps.log.error({ err }, 'load management: sites not reloaded'));
    reload();
    const timer = setInterval(reload, MANAGED_RELOAD_MS);
    timer.unref();
    this.unsubscribe.push(
      () => clearInterval(timer),
      bus.on('session.started', (e) => this.touch(e.siteId)),
      bus.on('session.stopped', (e) => {
        this.lastPower.delete(e.sessionId);
        this.touch(e.siteId);
      }),
      bus.on('session.updated', (e) => this.onUpdated(e.siteId, e.sessionId, e.powerW)),
      bus.on('charger.connection', (e) => {
        if (!e.online) return;
        // A charger back (or new) gets the site's default limit for new sessions again.
        this.defaulted.delete(e.chargerId);
        if (this.managed.has(e.siteId)) this.defaultsDue.add(e.siteId);
        this.touch(e.siteId);
      }),
    );
  }

  close(): void {
    this.closed = true;
    this.unsubscribe.forEach((u) => u());
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /**
   * A grid feed's health changed: every managed site that reacts to it is recomputed now. The
   * instance that recorded the change (one of all) writes it to each site's events.
   */
  gridChanged(change: { feedId: string; feedName: string; health: GridHealth; recorded: boolean }): void {
    for (const site of this.managed.values()) {
      if (site.gridFeedId !== change.feedId) continue;
      const answered = async () => {
        await this.recompute(site.siteId, false);
        if (!change.recorded || site.limitW === null) return;
        const grid = gridAdjusted(site.limitW, change.health, site);
        await recordLoadEvent(this.deps.db, {
          siteId: site.siteId,
          kind: 'grid',
          message: gridEventMessage(change.feedName, grid, site.limitW),
          detail: { feedId: change.feedId, health: change.health, limitW: grid.limitW },
        });
      };
      answered().catch((err: unknown) =>
        this.deps.log.error({ err, siteId: site.siteId }, 'site load management failed to answer the grid'),
      );
    }
  }

  /** Recomputes the site soon (debounced): several events in a burst make one recompute. */
  touch(siteId: string): void {
    if (this.closed || !this.managed.has(siteId) || this.timers.has(siteId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(siteId);
      void this.recompute(siteId, false).catch((err: unknown) =>
        this.deps.log.error({ err, siteId }, 'site load management failed to recompute'),
      );
    }, this.deps.debounceMs);
    timer.unref();
    this.timers.set(siteId, timer);
  }

  private readonly lastPower = new Map<string, number>();

  /** The default limit (TxDefaultProfile) each charger was last sent, in the site's unit. */
  private readonly defaulted = new Map<string, number>();
  /** Sites where a charger connected since the last recompute: their defaults are sent then. */
  private readonly defaultsDue = new Set<string>();

  /** A new power reading recomputes only when it moved by more than the headroom (an EV drawing less frees power). */
  private onUpdated(siteId: string, sessionId: string, powerW: number | null): void {
    if (powerW === null || !this.managed.has(siteId)) return;
    const last = this.lastPower.get(sessionId);
    if (last !== undefined && Math.abs(last - powerW) < HEADROOM_W / 2) return;
    this.lastPower.set(sessionId, powerW);
    this.touch(siteId);
  }

  /**
   * One recompute of a site at a time; a call while one runs waits for it and runs again. Called from
   * outside (a save), it reads the site's settings afresh; after an event, the kept ones serve.
   */
  async recompute(siteId: string, fresh = true): Promise<Recompute | null> {
    const previous = this.running.get(siteId);
    const next = (previous ?? Promise.resolve(null)).catch(() => null).then(() => this.run(siteId, fresh));
    this.running.set(siteId, next);
    try {
      return await next;
    } finally {
      if (this.running.get(siteId) === next) this.running.delete(siteId);
    }
  }

  private async run(siteId: string, fresh: boolean): Promise<Recompute | null> {
    const started = performance.now();
    const kept = fresh ? undefined : this.managed.get(siteId);
    const site = kept ?? (await managedSites(this.deps.db, siteId))[0];
    if (site?.enabled) this.managed.set(siteId, site);
    else this.managed.delete(siteId);
    if (!site?.enabled || site.limitW === null) return null;
    let sessions = await managedSessions(this.deps.db, siteId);
    for (const s of sessions)
      if (!this.lastPower.has(s.sessionId) && s.measuredW !== null) this.lastPower.set(s.sessionId, s.measuredW);
    let outcome = await this.allocateAndSend(site, sessions, started);
    // A charger that refused is now counted at its full power: the others are recomputed once without it.
    if (outcome.newlyRefused > 0) {
      sessions = await managedSessions(this.deps.db, siteId);
      const again = await this.allocateAndSend(site, sessions, performance.now());
      outcome = { ...outcome, sent: outcome.sent + again.sent, newlyRefused: again.newlyRefused };
    }
    await this.forgetEnded(siteId);
    // After the sessions' limits: a default for sessions yet to start, where a charger (re)connected or the settings changed.
    if (fresh || this.defaultsDue.delete(siteId)) await this.sendDefaults(site, fresh);
    const refused = sessions.filter((s) => s.refused).length;
    const result = {
      siteId,
      sessions: sessions.length,
      sent: outcome.sent,
      refused,
      allocateSeconds: outcome.allocateSeconds,
      gridHealth: outcome.grid.health,
      limitW: outcome.grid.limitW,
    };
    this.deps.log.debug(result, 'site load recomputed');
    for (const listener of this.listeners) listener(result);
    return result;
  }

  /** `started`: when this pass began reading the site (the allocation time runs from there to the first send). */
  private async allocateAndSend(site: ManagedSite, sessions: ManagedSession[], started: number) {
    const supply = { phases: site.phases, voltageV: site.voltageV };
    const refused = sessions.filter((s) => s.refused);
    const managed = sessions.filter((s) => !s.refused);
    // Chargers that take no profile draw what they want: their full power comes off the limit first.
    const unmanagedW = refused.reduce((sum, s) => sum + s.connectorMaxW, 0);
    const groups = site.priorityGroups;
    const grid = gridAdjusted(site.limitW!, site.gridFeedId ? (this.deps.grid?.healthOf(site.gridFeedId) ?? null) : null, site);
    const demands = managed.map((s) => ({
      sessionId: s.sessionId,
      connectorMaxW: s.connectorMaxW,
      measuredW: s.measuredW,
      // What holds it now: its last limit, else the site's default for new sessions (the minimum).
      allowedW: s.sentPaused ? 0 : (s.sentLimitW ?? site.minimumW),
      priority: s.tokenGroup && groups.includes(s.tokenGroup) ? groups.length - groups.indexOf(s.tokenGroup) : 0,
      startedAt: s.startedAt,
    }));
    // In a grid emergency that keeps only priority sessions, the others are paused and share nothing.
    const charging = grid.priorityOnly ? demands.filter((d) => d.priority > 0) : demands;
    const allocations: SessionAllocation[] = [
      ...allocateSiteLoad({
        siteLimitW: Math.max(0, grid.limitW - unmanagedW),
        strategy: site.strategy,
        minimumW: site.minimumW,
        headroomW: HEADROOM_W,
        supply,
        sessions: charging,
      }),
      ...demands
        .filter((d) => !charging.includes(d))
        .map((d) => ({ sessionId: d.sessionId, paused: true as const, limitW: 0 as const, limitA: 0 as const })),
    ];
    const byId = new Map(managed.map((s) => [s.sessionId, s]));
    let sent = 0;
    let newlyRefused = 0;
    const previousOf = (s: ManagedSession): SessionAllocation | null => {
      if (s.sentLimitW === null) return null;
      if (s.sentPaused) return { sessionId: s.sessionId, paused: true, limitW: 0, limitA: 0 };
      return { sessionId: s.sessionId, paused: false, limitW: s.sentLimitW, limitA: wattsToAmps(s.sentLimitW, supply) };
    };
    // A session not limited yet draws up to its connector's maximum.
    const delta = (a: SessionAllocation) => {
      const s = byId.get(a.sessionId)!;
      return a.limitW - (s.sentLimitW ?? s.connectorMaxW);
    };
    const changes = allocations.filter((a) => isMeaningfulChange(previousOf(byId.get(a.sessionId)!), a, THRESHOLD));
    const allocateSeconds = (performance.now() - started) / 1000;
    const apply = async (allocation: SessionAllocation) => {
      const session = byId.get(allocation.sessionId)!;
      const answer = await this.send(site, session, allocation);
      sent += 1;
      for (const listener of this.answerListeners) listener(answer);
      if (answer === 'Rejected' || answer === 'NotSupported') {
        newlyRefused += 1;
        await this.deps.db.execute(
          sql`INSERT INTO load_refusals (charger_id, site_id, answer) VALUES (${session.chargerId}, ${site.siteId}, ${answer})
              ON CONFLICT (charger_id) DO UPDATE SET answer = excluded.answer, at = now()`,
        );
        await recordLoadEvent(this.deps.db, {
          siteId: site.siteId,
          kind: 'refused',
          chargerId: session.chargerId,
          message: `${session.identity} answered ${answer} to its limit: counted at its full ${session.connectorMaxW / 1000} kW`,
        });
        return;
      }
      const limitW = allocation.paused ? 0 : site.rateUnit === 'A' ? ampsToWatts(allocation.limitA, supply) : allocation.limitW;
      await this.deps.db.execute(
        sql`INSERT INTO load_allocations (session_id, site_id, charger_id, limit_w, paused, answer)
            VALUES (${session.sessionId}, ${site.siteId}, ${session.chargerId}, ${limitW}, ${allocation.paused}, ${answer})
            ON CONFLICT (session_id) DO UPDATE SET limit_w = excluded.limit_w, paused = excluded.paused,
              answer = excluded.answer, sent_at = now()`,
      );
      if (answer === 'Accepted')
        await this.deps.db.execute(sql`DELETE FROM load_refusals WHERE charger_id = ${session.chargerId}`);
    };
    // Decreases first, all of them answered, then the increases: the site stays under its limit
    // while the new limits are on their way.
    await Promise.all(changes.filter((a) => delta(a) < 0).map(apply));
    await Promise.all(changes.filter((a) => delta(a) >= 0).map(apply));
    return { sent, newlyRefused, allocateSeconds, grid };
  }

  /**
   * Each online charger of the site gets a TxDefaultProfile at the minimum power on connector 0, so
   * a session that starts draws no more than that until its own TxProfile arrives (a second or so
   * later). Sent once per charger and connection (again after a save or a reconnect); a charger
   * that refuses it is still managed by its TxProfiles.
   */
  private async sendDefaults(site: ManagedSite, fresh: boolean): Promise<void> {
    const supply = { phases: site.phases, voltageV: site.voltageV };
    const limit = site.rateUnit === 'A' ? wattsToAmps(site.minimumW, supply) : site.minimumW;
    const chargers = await this.onlineChargers(site.siteId);
    const due = chargers.filter((c) => fresh || this.defaulted.get(c.charger_id) !== limit);
    await Promise.all(
      due.map(async (c) => {
        const profile: PreparedProfile = {
          purpose: 'tx-default',
          connector: 0,
          profileId: managedProfileId(0),
          stackLevel: MANAGED_STACK_LEVEL,
          rateUnit: site.rateUnit,
          limit,
        };
        try {
          const answer = answerOf((await this.deps.link.send(c.identity, 'set-charging-profile', { ...profile })).response);
          this.defaulted.set(c.charger_id, limit);
          for (const listener of this.answerListeners) listener(answer);
        } catch (error) {
          this.deps.log.warn({ err: error, charger: c.identity }, 'a load-management default limit was not delivered');
        }
      }),
    );
  }

  private onlineChargers(siteId: string) {
    return queryRows<{ charger_id: string; identity: string }>(
      this.deps.db,
      sql`SELECT c.id AS charger_id, c.ocpp_identity AS identity FROM chargers c
          JOIN charger_connections cc ON cc.charger_id = c.id AND cc.online WHERE c.site_id = ${siteId}`,
    );
  }

  /** Sends one TxProfile; the answer, or what went wrong (CHARGER_OFFLINE, CHARGER_TIMEOUT, …). */
  private async send(site: ManagedSite, session: ManagedSession, allocation: SessionAllocation): Promise<string> {
    const profile: PreparedProfile = {
      purpose: 'tx',
      connector: session.connector,
      profileId: managedProfileId(session.connector),
      stackLevel: MANAGED_STACK_LEVEL,
      rateUnit: site.rateUnit,
      limit: site.rateUnit === 'A' ? allocation.limitA : allocation.limitW,
      transactionId: session.transactionId,
    };
    try {
      const answer = await this.deps.link.send(session.identity, 'set-charging-profile', { ...profile });
      return answerOf(answer.response);
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'ERROR';
      this.deps.log.warn(
        { err: error, charger: session.identity, siteId: site.siteId },
        'a load-management profile was not delivered',
      );
      return code;
    }
  }

  /**
   * Management turned off: the running sessions' load-management profiles are cleared (by their id,
   * so a technician's own limits stay) and the allocations forgotten.
   */
  async release(siteId: string): Promise<number> {
    const online = await this.onlineChargers(siteId);
    await Promise.all(
      online.map((c) => {
        this.defaulted.delete(c.charger_id);
        return this.deps.link
          .send(c.identity, 'clear-charging-profile', { profileId: managedProfileId(0), connectorId: 0 })
          .catch((err: unknown) => this.deps.log.warn({ err, charger: c.identity }, 'a load-management default was not cleared'));
      }),
    );
    const held = await queryRows<{ session_id: string; identity: string; connector: number }>(
      this.deps.db,
      sql`SELECT a.session_id, c.ocpp_identity AS identity, coalesce(cs.evse_id, cs.connector_id) AS connector
          FROM load_allocations a JOIN charging_sessions cs ON cs.id = a.session_id JOIN chargers c ON c.id = a.charger_id
          WHERE a.site_id = ${siteId} AND cs.status = 'active'`,
    );
    await Promise.all(
      held.map((h) =>
        this.deps.link
          .send(h.identity, 'clear-charging-profile', { profileId: managedProfileId(h.connector), connectorId: h.connector })
          .catch((err: unknown) => this.deps.log.warn({ err, charger: h.identity }, 'a load-management profile was not cleared')),
      ),
    );
    this.managed.delete(siteId);
    await this.deps.db.execute(sql`DELETE FROM load_allocations WHERE site_id = ${siteId}`);
    await this.deps.db.execute(sql`DELETE FROM load_refusals WHERE site_id = ${siteId}`);
    return held.length;
  }

  /** Allocations of sessions that ended go (the TxProfile ended with its transaction). */
  private async forgetEnded(siteId: string): Promise<void> {
    const ended = await queryRows<{ session_id: string }>(
      this.deps.db,
      sql`DELETE FROM load_allocations a USING charging_sessions cs
          WHERE a.site_id = ${siteId} AND cs.id = a.session_id AND cs.status <> 'active' RETURNING a.session_id`,
    );
    for (const row of ended) this.lastPower.delete(row.session_id);
  }
}
