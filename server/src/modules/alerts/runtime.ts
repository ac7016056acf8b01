import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.js';
import { enqueueJob } from '../../jobs/queries.js';
import type {
  ChargerConnectionEvent,
  ChargerStatusEvent,
  GridHealthEvent,
  PaymentFailedEvent,
  SessionEvent,
} from '../../live/bus.js';
import type { NoticesDeps } from '../notices-deps.js';
import { pruneChargerEvents } from './charger-event-retention.js';
import { runPeriodicRules } from './checks.js';
import { clearCondition, escalateDue, raiseCondition } from './engine.js';
import { ABNORMAL_STOP_REASONS } from './rules.js';
import { effectiveRule } from './settings.js';

export const offlineKey = (chargerId: string) => `charger_offline:${chargerId}`;
export const faultKey = (chargerId: string, evseId: number, connectorId: number) =>
  `connector_faulted:${chargerId}:${evseId}:${connectorId}`;

const chargerName = async (deps: NoticesDeps, chargerId: string) =>
  (await queryRows<{ name: string }>(deps.db, sql`SELECT name FROM chargers WHERE id = ${chargerId}`))[0]?.name ?? 'A charger';

/**
 * `alerts-tick` runs the periodic rules and escalations (and, each full hour, prunes old charger
 * events); `alert-check` decides one charger's offline alert when its minutes are up.
 */
export function registerAlertJobs(deps: NoticesDeps, clearable: ClearableAlerts): void {
  deps.queue.register('alerts-tick', async ({ slot }) => {
    const started = Date.now();
    // Underperforming reads whole local days: once an hour (the slot at each full hour) is enough.
    const hourly = new Date(slot).getUTCMinutes() === 0;
    const figures = await runPeriodicRules(deps, { daily: hourly });
    const escalated = await escalateDue(deps);
    await clearable.reload(deps);
    const prunedEvents = hourly ? await pruneChargerEvents(deps.db, deps.config.alerts.chargerEventRetentionDays) : 0;
    deps.log.debug({ figures, escalated, prunedEvents, ms: Date.now() - started }, 'periodic alert rules evaluated');
  });
  deps.queue.register('alert-check', async ({ chargerId, since }) => {
    const [link] = await queryRows<{
      online: boolean;
      offline_since: Date | null;
      organization_id: string;
      site_id: string;
      name: string;
    }>(
      deps.db,
      sql`SELECT cc.online, cc.offline_since, c.organization_id, c.site_id, c.name
          FROM charger_connections cc JOIN chargers c ON c.id = cc.charger_id WHERE cc.charger_id = ${chargerId}`,
    );
    // Back online since, or offline again from a later moment (that episode has its own check).
    if (!link || link.online) return;
    if (link.offline_since && new Date(link.offline_since).getTime() > new Date(since).getTime() + 1000) return;
    clearable.add(offlineKey(chargerId));
    await raiseCondition(deps, {
      ruleType: 'charger_offline',
      organizationId: link.organization_id,
      siteId: link.site_id,
      chargerId,
      key: offlineKey(chargerId),
      title: `${link.name} is offline`,
      detail: { charger: link.name, offlineSince: new Date(link.offline_since ?? since).toISOString() },
      mode: 'ensure',
    });
  });
}

/**
 * The unresolved alerts that charger events clear (offline, heartbeat, faults), known to this
 * instance: most status and connection events clear nothing, and need no query to learn it. It is
 * reloaded every minute and kept up by this instance's raises; what it misses (an alert raised by
 * another instance meanwhile) the periodic rules resolve within a minute.
 */
export class ClearableAlerts {
  private keys = new Set<string>();
  async reload(deps: NoticesDeps): Promise<void> {
    const rows = await queryRows<{ condition_key: string }>(
      deps.db,
      sql`SELECT condition_key FROM alerts
          WHERE status <> 'resolved' AND rule_type IN ('charger_offline', 'heartbeat_missing', 'connector_faulted')`,
    );
    this.keys = new Set(rows.map((r) => r.condition_key));
  }
  add(key: string): void {
    this.keys.add(key);
  }
  /** Those of `keys` that may be open, forgotten here (they are about to be cleared). */
  take(keys: string[]): string[] {
    const open = keys.filter((k) => this.keys.has(k));
    for (const k of open) this.keys.delete(k);
    return open;
  }
}

async function clearKnown(deps: NoticesDeps, clearable: ClearableAlerts, keys: string[], note: string): Promise<void> {
  const open = clearable.take(keys);
  if (open.length) await clearCondition(deps, open, note);
}

async function onConnection(deps: NoticesDeps, clearable: ClearableAlerts, event: ChargerConnectionEvent): Promise<void> {
  if (event.online) {
    const keys = [offlineKey(event.chargerId), `heartbeat_missing:${event.chargerId}`];
    await clearKnown(deps, clearable, keys, 'the charger is back online');
    return;
  }
  const rule = await effectiveRule(deps.db, event.organizationId, 'charger_offline');
  if (!rule.enabled) return;
  const minutes = rule.thresholds.minutes ?? 5;
  const id = await enqueueJob(deps.db, {
    kind: 'alert-check',
    payload: { chargerId: event.chargerId, since: event.at },
    dedupeKey: `alert-check:${event.chargerId}:${event.at}`,
    organizationId: event.organizationId,
    runAt: new Date(new Date(event.at).getTime() + minutes * 60_000),
  });
  if (id !== null && minutes === 0) deps.queue.wake();
}

async function onStatus(deps: NoticesDeps, clearable: ClearableAlerts, event: ChargerStatusEvent): Promise<void> {
  const key = faultKey(event.chargerId, event.evseId, event.connectorId);
  if (event.status !== 'Faulted') {
    await clearKnown(deps, clearable, [key], `the connector is ${event.status}`);
    return;
  }
  clearable.add(key);
  const name = await chargerName(deps, event.chargerId);
  const where = event.connectorId === 0 ? name : `${name} connector ${event.connectorId}`;
  await raiseCondition(deps, {
    ruleType: 'connector_faulted',
    organizationId: event.organizationId,
    siteId: event.siteId,
    chargerId: event.chargerId,
    connectorId: event.connectorId,
    key,
    title: `${where} is faulted${event.errorCode && event.errorCode !== 'NoError' ? `: ${event.errorCode}` : ''}`,
    detail: {
      charger: name,
      errorCode: event.errorCode,
      info: event.info,
      vendorId: event.vendorId,
      vendorErrorCode: event.vendorErrorCode,
      at: event.at,
    },
    mode: 'ensure',
  });
}

async function onStopped(deps: NoticesDeps, event: SessionEvent): Promise<void> {
  const abnormal = (event.stopReason && ABNORMAL_STOP_REASONS.includes(event.stopReason)) || event.closedBy === 'boot';
  if (!abnormal) return;
  const name = await chargerName(deps, event.chargerId);
  const reason = event.stopReason ?? 'the charger rebooted during the session';
  await raiseCondition(deps, {
    ruleType: 'session_abnormal_stop',
    organizationId: event.organizationId,
    siteId: event.siteId,
    chargerId: event.chargerId,
    connectorId: event.connectorId,
    key: `session_abnormal_stop:${event.chargerId}`,
    title: `A session at ${name} ended abnormally (${reason})`,
    detail: { charger: name, reason, session: event.transactionId, energyWh: event.energyWh },
    subjectType: 'session',
    subjectId: event.sessionId,
    mode: 'repeat',
  });
}

async function onPaymentFailed(deps: NoticesDeps, event: PaymentFailedEvent): Promise<void> {
  if (!event.final) return;
  await raiseCondition(deps, {
    ruleType: 'payment_failed',
    organizationId: event.organizationId,
    siteId: event.siteId,
    chargerId: event.chargerId,
    key: `payment_failed:${event.sessionId}`,
    title: 'A session’s payment could not be collected',
    detail: { reason: event.reason, attempts: event.attempt, currency: event.currency },
    subjectType: 'session',
    subjectId: event.sessionId,
    mode: 'ensure',
  });
}

/**
 * A grid feed in alert or emergency raises its organization's grid-stress alert (one per feed; a
 * worsening is another occurrence); back to normal resolves it.
 */
async function onGridHealth(deps: NoticesDeps, event: GridHealthEvent): Promise<void> {
  const key = `grid_stress:${event.feedId}`;
  if (event.health === 'normal') {
    await clearCondition(deps, key, `the grid is back to normal (${event.reason})`);
    return;
  }
  await raiseCondition(deps, {
    ruleType: 'grid_stress',
    organizationId: event.organizationId,
    key,
    title: `Grid ${event.health} on ${event.feedName}: ${event.reason}`,
    detail: { feed: event.feedName, health: event.health, reason: event.reason, at: event.at },
    subjectType: 'grid-feed',
    subjectId: event.feedId,
    mode: event.previous === 'normal' ? 'ensure' : 'repeat',
  });
}

/** Event-driven rules: subscribes to the bus; returns the unsubscribe. A rule's failure is logged, never thrown at the publisher. */
export function watchAlertEvents(deps: NoticesDeps, clearable: ClearableAlerts): () => void {
  const run = (what: string, work: Promise<void>) =>
    work.catch((error: unknown) => deps.log.error({ err: error, rule: what }, 'an alert rule failed'));
  const reload = () => void run('reload', clearable.reload(deps));
  reload();
  const timer = setInterval(reload, 60_000);
  timer.unref();
  const unsubscribe = [
    () => clearInterval(timer),
    deps.bus.on('charger.connection', (e) => void run('charger.connection', onConnection(deps, clearable, e))),
    deps.bus.on('charger.status', (e) => void run('charger.status', onStatus(deps, clearable, e))),
    deps.bus.on('session.stopped', (e) => void run('session.stopped', onStopped(deps, e))),
    deps.bus.on('payment.failed', (e) => void run('payment.failed', onPaymentFailed(deps, e))),
    deps.bus.on('grid.health', (e) => void run('grid.health', onGridHealth(deps, e))),
  ];
  return () => unsubscribe.forEach((u) => u());
}
