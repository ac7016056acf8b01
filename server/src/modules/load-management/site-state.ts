import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import type { AllocationStrategy } from '../../domain/load-allocation.js';

/** A site's load-management settings as the allocator reads them (watts), with the limit in force. */
export interface ManagedSite {
  siteId: string;
  organizationId: string;
  enabled: boolean;
  /** The operating limit, else the grid connection limit; null when the site has neither. */
  limitW: number | null;
  strategy: AllocationStrategy;
  minimumW: number;
  phases: 1 | 3;
  voltageV: number;
  rateUnit: 'A' | 'W';
  priorityGroups: string[];
  /** The grid feed whose health the site reacts to, and how (see grid-policy.ts). */
  gridFeedId: string | null;
  gridAlertReductionPercent: number;
  gridEmergencyReductionPercent: number;
  gridEmergencyPriorityOnly: boolean;
}

/** A running session at a managed site, with what the allocator and the profile need. */
export interface ManagedSession {
  sessionId: string;
  chargerId: string;
  identity: string;
  transactionId: string;
  /** The connector (1.6) or EVSE (2.0.1) the TxProfile goes to. */
  connector: number;
  connectorMaxW: number;
  measuredW: number | null;
  startedAt: number;
  tokenGroup: string | null;
  /** The last limit sent, and the charger's answer; null before the first. */
  sentLimitW: number | null;
  sentPaused: boolean | null;
  /** The charger refused load management: counted at its full power. */
  refused: boolean;
}

/** A refusal is believed this long; then the charger is offered a profile again (it may have been a passing state). */
export const REFUSAL_MINUTES = 15;

/** A charger registered without its connectors: the common AC rating. */
const UNKNOWN_CONNECTOR_W = 22_000;

const watts = (kw: string | null) => (kw === null ? null : Math.floor(Number(kw) * 1000));

interface SiteRow extends Record<string, unknown> {
  site_id: string;
  organization_id: string;
  enabled: boolean | null;
  limit_kw: string | null;
  grid_limit_kw: string | null;
  strategy: AllocationStrategy | null;
  minimum_kw: string | null;
  phases: number | null;
  voltage_v: number | null;
  rate_unit: 'A' | 'W' | null;
  priority_groups: string[] | null;
  grid_feed_id: string | null;
  grid_alert_reduction_percent: number | null;
  grid_emergency_reduction_percent: number | null;
  grid_emergency_priority_only: boolean | null;
}

const siteOf = (row: SiteRow): ManagedSite => ({
  siteId: row.site_id,
  organizationId: row.organization_id,
  enabled: row.enabled ?? false,
  limitW: watts(row.limit_kw ?? row.grid_limit_kw),
  strategy: row.strategy ?? 'equal-share',
  minimumW: watts(row.minimum_kw) ?? 4200,
  phases: row.phases === 1 ? 1 : 3,
  voltageV: row.voltage_v ?? 230,
  rateUnit: row.rate_unit ?? 'A',
  priorityGroups: row.priority_groups ?? [],
  gridFeedId: row.grid_feed_id,
  gridAlertReductionPercent: row.grid_alert_reduction_percent ?? 0,
  gridEmergencyReductionPercent: row.grid_emergency_reduction_percent ?? 0,
  gridEmergencyPriorityOnly: row.grid_emergency_priority_only ?? false,
});

/** One site's settings (defaults when it has none), or every site with load management on. */
export async function managedSites(db: Executor, siteId?: string): Promise<ManagedSite[]> {
  const rows = await queryRows<SiteRow>(
    db,
    sql`SELECT s.id AS site_id, s.organization_id, s.grid_limit_kw, m.enabled, m.limit_kw, m.strategy, m.minimum_kw,
               m.phases, m.voltage_v, m.rate_unit, m.priority_groups, m.grid_feed_id, m.grid_alert_reduction_percent,
               m.grid_emergency_reduction_percent, m.grid_emergency_priority_only
        FROM sites s LEFT JOIN site_load_management m ON m.site_id = s.id
        WHERE ${siteId === undefined ? sql`m.enabled` : sql`s.id = ${siteId}`}`,
  );
  return rows.map(siteOf);
}

/**
 * The site's running sessions, one query: the connector's rating (else the charger's largest; a
 * charger without connectors on record counts as 22 kW), the last
 * measured power, the ID token's group, what was last sent and whether the charger refused.
 */
export async function managedSessions(db: Executor, siteId: string): Promise<ManagedSession[]> {
  const rows = await queryRows<{
    session_id: string;
    charger_id: string;
    identity: string;
    transaction_id: string;
    connector: number | null;
    max_kw: string | null;
    power_w: string | null;
    started_at: Date | string;
    token_group: string | null;
    limit_w: number | null;
    paused: boolean | null;
    refused: boolean;
  }>(
    db,
    sql`SELECT cs.id AS session_id, c.id AS charger_id, c.ocpp_identity AS identity, cs.transaction_id,
               coalesce(cs.evse_id, cs.connector_id) AS connector,
               coalesce((SELECT max(k.max_power_kw) FROM connectors k
                         WHERE k.charger_id = c.id AND coalesce(cs.evse_id, cs.connector_id) IN (k.evse_id, k.connector_id)),
                        (SELECT max(k.max_power_kw) FROM connectors k WHERE k.charger_id = c.id)) AS max_kw,
               cs.power_w, cs.started_at,
               (SELECT t.token_group FROM id_tokens t
                 WHERE t.organization_id = cs.organization_id AND upper(t.token) = upper(cs.id_tag) LIMIT 1) AS token_group,
               a.limit_w, a.paused, r.charger_id IS NOT NULL AS refused
        FROM charging_sessions cs
        JOIN chargers c ON c.id = cs.charger_id
        LEFT JOIN load_allocations a ON a.session_id = cs.id
        LEFT JOIN load_refusals r ON r.charger_id = c.id AND r.at > now() - make_interval(mins => ${REFUSAL_MINUTES})
        WHERE cs.site_id = ${siteId} AND cs.status = 'active'
        ORDER BY cs.started_at, cs.id`,
  );
  return rows
    .filter((r) => r.connector !== null && r.connector > 0)
    .map((r) => ({
      sessionId: r.session_id,
      chargerId: r.charger_id,
      identity: r.identity,
      transactionId: r.transaction_id,
      connector: r.connector!,
      connectorMaxW: watts(r.max_kw) ?? UNKNOWN_CONNECTOR_W,
      measuredW: r.power_w === null ? null : Math.max(0, Math.round(Number(r.power_w))),
      startedAt: new Date(r.started_at).getTime(),
      tokenGroup: r.token_group,
      sentLimitW: r.limit_w,
      sentPaused: r.paused,
      refused: r.refused,
    }));
}
