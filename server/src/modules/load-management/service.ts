import { Decimal } from 'decimal.js';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { siteLoadManagement } from '../../db/schema/index.js';
import { plainDecimal } from '../../domain/decimal.js';
import { type Scope, canReachCharger } from '../../domain/scope.js';
import { AppError } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { getSite } from '../sites/service.js';
import type { LoadManagementInput } from './schemas.js';
import { REFUSAL_MINUTES, managedSessions } from './site-state.js';

const DEFAULTS: LoadManagementInput = {
  enabled: false,
  limitKw: null,
  strategy: 'equal-share',
  minimumKw: '4.2',
  phases: 3,
  voltageV: 230,
  rateUnit: 'A',
  priorityGroups: [],
};

const invalid = (field: string, message: string) => new AppError('LOAD_MANAGEMENT_INVALID', message, { field });
const kw = (watts: number | null) => (watts === null ? null : new Decimal(watts).div(1000).toDecimalPlaces(3).toFixed());

async function settingsOf(db: Db, siteId: string): Promise<LoadManagementInput> {
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
  };
}

/**
 * What a site's limit can hold: an operating limit may not exceed the grid connection, and the limit
 * in force must fit at least one session at its minimum power.
 */
function check(input: LoadManagementInput, gridLimitKw: string | null): void {
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
}

/** A site's settings, the limit in force, and what each session there was last allotted. */
export async function loadManagementState(db: Db, scope: Scope, siteId: string) {
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
  };
}

/** Saves a site's load management (audited); the caller recomputes the site. */
export async function saveLoadManagement(db: Db, audit: AuditContext, scope: Scope, siteId: string, input: LoadManagementInput) {
  const { site } = await getSite(db, scope, siteId);
  check(input, site.gridLimitKw);
  const before = await settingsOf(db, siteId);
  await db.transaction(async (tx) => {
    const values = { ...input, updatedAt: new Date(), updatedBy: audit.actorId };
    await tx
      .insert(siteLoadManagement)
      .values({ siteId, ...values })
      .onConflictDoUpdate({ target: siteLoadManagement.siteId, set: values });
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
