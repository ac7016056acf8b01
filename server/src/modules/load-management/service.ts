import { Decimal } from 'decimal.js';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { siteLoadManagement } from '../../db/schema/index.js';
import { plainDecimal } from '../../domain/decimal.js';
import { gridAdjusted } from '../../domain/grid-policy.js';
import { type Scope, canReachCharger } from '../../domain/scope.js';
import { AppError } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { getSite } from '../sites/service.js';
import type { GridMonitor } from '../grid/monitor.js';
import { recordLoadEvent, settingsMessage } from './events.js';
import type { LoadManagementInput } from './schemas.js';
import { REFUSAL_MINUTES, managedSessions } from './site-state.js';

type Settings = Required<LoadManagementInput>;

const DEFAULTS: Settings = {
  enabled: false,
  limitKw: null,
  strategy: 'equal-share',
  minimumKw: '4.2',
  phases: 3,
  voltageV: 230,
  rateUnit: 'A',
  priorityGroups: [],
  gridFeedId: null,
  gridAlertReductionPercent: 0,
  gridEmergencyReductionPercent: 0,
  gridEmergencyPriorityOnly: false,
};

/** What an older client leaves out keeps its default (no grid policy). */
const complete = (input: LoadManagementInput): Settings => ({ ...DEFAULTS, ...input }) as Settings;

const invalid = (field: string, message: string) => new AppError('LOAD_MANAGEMENT_INVALID', message, { field });
const kw = (watts: number | null) => (watts === null ? null : new Decimal(watts).div(1000).toDecimalPlaces(3).toFixed());

async function settingsOf(db: Db, siteId: string): Promise<Settings> {
  const [row] = await db.select().from(siteLoadManagement).where(eq(siteLoadManagement.siteId, siteId));
  if (!row) return DEFAULTS;
  return {
    enabled: row.enabled,
    limitKw: plainDecimal(row.limitKw),
    strategy: row.strategy,
    minimumKw: plainDecimal(row.minimumKw),
    phases: row.phases === 1 ? 1 : 3,
    voltageV: row.voltageV,
    rateUnit: row.rateUnit,
    priorityGroups: row.priorityGroups,
    gridFeedId: row.gridFeedId,
    gridAlertReductionPercent: row.gridAlertReductionPercent,
    gridEmergencyReductionPercent: row.gridEmergencyReductionPercent,
    gridEmergencyPriorityOnly: row.gridEmergencyPriorityOnly,
  };
}

/**
 * What a site's limit can hold: an operating limit may not exceed the grid connection, and the limit
 * in force must fit at least one session at its minimum power.
 */
function check(input: Settings, gridLimitKw: string | null): void {
  const limit = input.limitKw ?? gridLimitKw;
  if (input.limitKw !== null && new Decimal(input.limitKw).lte(0))
    throw invalid('limitKw', 'The operating limit must be above 0 kW');
  if (input.limitKw !== null && gridLimitKw !== null && new Decimal(input.limitKw).gt(gridLimitKw))
    throw invalid(
      'limitKw',
      `The operating limit (${input.limitKw} kW) is above the site’s grid connection limit (${plainDecimal(gridLimitKw)} kW)`,
    );
  const minimum = new Decimal(input.minimumKw);
  if (minimum.lt(1) || minimum.gt(50))
    throw invalid('minimumKw', 'The minimum power per session must be between 1 and 50 kW (6 A on one phase is 1.4 kW)');
  if (input.enabled && limit === null)
    throw invalid('limitKw', 'This site has no grid connection limit: give an operating limit to manage its load');
  if (limit !== null && minimum.gt(limit))
    throw invalid(
      'minimumKw',
      `The minimum power per session (${input.minimumKw} kW) is above the site limit (${plainDecimal(limit)} kW)`,
    );
  if (new Set(input.priorityGroups).size !== input.priorityGroups.length)
    throw invalid('priorityGroups', 'Each ID-token group may be listed once');
  if (input.gridEmergencyPriorityOnly && input.priorityGroups.length === 0)
    throw invalid(
      'gridEmergencyPriorityOnly',
      'Keeping only priority sessions in a grid emergency needs at least one priority ID-token group',
    );
  if (
    input.gridFeedId === null &&
    (input.gridAlertReductionPercent > 0 || input.gridEmergencyReductionPercent > 0 || input.gridEmergencyPriorityOnly)
  )
    throw invalid('gridFeedId', 'A grid policy needs the grid feed the site reacts to');
}

/** The feed must be the site's organization's or one of its parents' (the grid a sub-organization's sites connect to). */
async function checkFeed(db: Db, organizationId: string, feedId: string | null): Promise<void> {
  if (feedId === null) return;
  const [feed] = await queryRows(
    db,
    sql`WITH RECURSIVE up(id, parent_id) AS (
          SELECT id, parent_id FROM organizations WHERE id = ${organizationId}
          UNION ALL SELECT o.id, o.parent_id FROM organizations o JOIN up ON o.id = up.parent_id
        )
        SELECT 1 FROM grid_feeds f JOIN up ON up.id = f.organization_id WHERE f.id = ${feedId}`,
  );
  if (!feed) throw invalid('gridFeedId', 'That grid feed is not one of this site’s organization');
}

/** A site's settings, the limit in force, and what each session there was last allotted. */
export async function loadManagementState(db: Db, scope: Scope, siteId: string, grid?: GridMonitor) {
  const { site } = await getSite(db, scope, siteId);
  const settings = await settingsOf(db, siteId);
  // A location owner sees the sessions of the chargers assigned to them, not their neighbours'.
  const reach = (chargerId: string) => canReachCharger(scope, { id: chargerId, organizationId: site.organizationId, siteId });
  const sessions = (await managedSessions(db, siteId)).filter((s) => reach(s.chargerId));
  const details = await queryRows<{ session_id: string; charger_name: string; answer: string | null; sent_at: Date | null }>(
    db,
    sql`SELECT cs.id AS session_id, c.name AS charger_name, a.answer, a.sent_at
        FROM charging_sessions cs JOIN chargers c ON c.id = cs.charger_id
        LEFT JOIN load_allocations a ON a.session_id = cs.id
        WHERE cs.site_id = ${siteId} AND cs.status = 'active'`,
  );
  const byId = new Map(details.map((d) => [d.session_id, d]));
  const refusals = await queryRows<{ charger_id: string; name: string; answer: string; at: Date }>(
    db,
    sql`SELECT r.charger_id, c.name, r.answer, r.at FROM load_refusals r JOIN chargers c ON c.id = r.charger_id
        WHERE r.site_id = ${siteId} AND r.at > now() - make_interval(mins => ${REFUSAL_MINUTES}) ORDER BY c.name`,
  );
  const effective = settings.limitKw ?? plainDecimal(site.gridLimitKw);
  const [feed] = settings.gridFeedId
    ? await queryRows<{ name: string }>(db, sql`SELECT name FROM grid_feeds WHERE id = ${settings.gridFeedId}`)
    : [];
  return {
    siteId: site.id,
    siteName: site.name,
    timeZone: site.timeZone,
    gridLimitKw: plainDecimal(site.gridLimitKw),
    settings,
    effectiveLimitKw: effective,
    measuredKw: kw(sessions.reduce((sum, s) => sum + (s.measuredW ?? 0), 0))!,
    sessions: sessions.map((s) => {
      const d = byId.get(s.sessionId);
      return {
        sessionId: s.sessionId,
        chargerId: s.chargerId,
        chargerName: d?.charger_name ?? s.identity,
        connector: s.connector,
        tokenGroup: s.tokenGroup,
        startedAt: new Date(s.startedAt).toISOString(),
        connectorMaxKw: kw(s.connectorMaxW)!,
        measuredKw: kw(s.measuredW),
        limitKw: kw(s.sentLimitW),
        paused: s.sentPaused ?? false,
        answer: d?.answer ?? null,
        sentAt: d?.sent_at ? new Date(d.sent_at).toISOString() : null,
        refused: s.refused,
      };
    }),
    refusals: refusals
      .filter((r) => reach(r.charger_id))
      .map((r) => ({
        chargerId: r.charger_id,
        chargerName: r.name,
        answer: r.answer,
        at: new Date(r.at).toISOString(),
      })),
    grid: gridStateOf(settings, feed?.name ?? null, effective, grid),
  };
}

function gridStateOf(settings: Settings, feedName: string | null, effectiveKw: string | null, monitor?: GridMonitor) {
  if (settings.gridFeedId === null || feedName === null) return null;
  const status = monitor?.status(settings.gridFeedId) ?? null;
  const health = status?.health ?? 'normal';
  const adjusted = effectiveKw === null ? null : gridAdjusted(Math.floor(Number(effectiveKw) * 1000), health, settings);
  return {
    feedId: settings.gridFeedId,
    feedName,
    health,
    link: status?.link ?? 'off',
    reductionPercent: adjusted?.reductionPercent ?? 0,
    priorityOnly: adjusted?.priorityOnly ?? false,
    sharedLimitKw: adjusted ? kw(adjusted.limitW) : null,
  };
}

/** Saves a site's load management (audited); the caller recomputes the site. */
export async function saveLoadManagement(db: Db, audit: AuditContext, scope: Scope, siteId: string, body: LoadManagementInput) {
  const { site } = await getSite(db, scope, siteId);
  const input = complete(body);
  check(input, site.gridLimitKw);
  await checkFeed(db, site.organizationId, input.gridFeedId);
  const before = await settingsOf(db, siteId);
  await db.transaction(async (tx) => {
    const values = { ...input, updatedAt: new Date(), updatedBy: audit.actorId };
    await tx
      .insert(siteLoadManagement)
      .values({ siteId, ...values })
      .onConflictDoUpdate({ target: siteLoadManagement.siteId, set: values });
    const message = settingsMessage(before, input, plainDecimal(site.gridLimitKw));
    if (message)
      await recordLoadEvent(tx, { siteId, kind: 'settings', message: `${message} (${audit.actorEmail ?? 'the system'})` });
    await recordAudit(tx, audit, {
      entityType: 'site',
      entityId: siteId,
      action: 'load-management.update',
      organizationId: site.organizationId,
      before: { ...before },
      after: { ...input },
    });
  });
  return { wasEnabled: before.enabled };
}
