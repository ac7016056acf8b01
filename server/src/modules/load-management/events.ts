import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import type { GridAdjustment } from '../../domain/grid-policy.js';

/** What a site's energy page lists: settings changed, a charger refusing limits, the grid lowering or restoring the limit. */
export type LoadEventKind = 'settings' | 'refused' | 'grid';

/** Events kept per site (the newest). */
export const LOAD_EVENTS_KEPT = 500;

export async function recordLoadEvent(
  db: Executor,
  event: { siteId: string; kind: LoadEventKind; message: string; chargerId?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await db.execute(
    sql`INSERT INTO load_events (site_id, kind, message, charger_id, detail)
        VALUES (${event.siteId}, ${event.kind}, ${event.message}, ${event.chargerId ?? null}, ${JSON.stringify(event.detail ?? {})}::jsonb)`,
  );
}

const kwText = (watts: number) => `${(watts / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} kW`;

/** The words of a grid change at a site: what the limit became. */
export function gridEventMessage(feedName: string, grid: GridAdjustment, fullLimitW: number): string {
  if (grid.health === 'normal' || grid.health === null || (grid.reductionPercent === 0 && !grid.priorityOnly))
    return `Grid ${grid.health ?? 'unknown'} on ${feedName}: the full limit of ${kwText(fullLimitW)} is shared`;
  const only = grid.priorityOnly ? ', only priority groups charge' : '';
  return `Grid ${grid.health} on ${feedName}: limit lowered ${grid.reductionPercent} % to ${kwText(grid.limitW)}${only}`;
}

interface Setting {
  enabled: boolean;
  limitKw: string | null;
  strategy: string;
  minimumKw: string;
  gridFeedId: string | null;
  gridAlertReductionPercent: number;
  gridEmergencyReductionPercent: number;
  gridEmergencyPriorityOnly: boolean;
}

/** A settings change in words ("operating limit 60 kW → 30 kW; strategy equal-share → priority"); null when nothing a reader cares about changed. */
export function settingsMessage(before: Setting, after: Setting, gridLimitKw: string | null): string | null {
  const limit = (s: Setting) =>
    s.limitKw === null ? `the grid connection (${gridLimitKw ?? 'none'} kW)` : `${Number(s.limitKw)} kW`;
  const parts: string[] = [];
  if (before.enabled !== after.enabled) parts.push(after.enabled ? 'turned on' : 'turned off');
  if (before.limitKw !== after.limitKw) parts.push(`limit ${limit(before)} → ${limit(after)}`);
  if (before.strategy !== after.strategy) parts.push(`strategy ${before.strategy} → ${after.strategy}`);
  if (before.minimumKw !== after.minimumKw) parts.push(`minimum ${Number(before.minimumKw)} kW → ${Number(after.minimumKw)} kW`);
  if (
    before.gridFeedId !== after.gridFeedId ||
    before.gridAlertReductionPercent !== after.gridAlertReductionPercent ||
    before.gridEmergencyReductionPercent !== after.gridEmergencyReductionPercent ||
    before.gridEmergencyPriorityOnly !== after.gridEmergencyPriorityOnly
  )
    parts.push(
      after.gridFeedId === null
        ? 'grid policy removed'
        : `grid policy: −${after.gridAlertReductionPercent} % in an alert, −${after.gridEmergencyReductionPercent} % in an emergency${after.gridEmergencyPriorityOnly ? ', priority groups only' : ''}`,
    );
  return parts.length ? `Load management ${parts.join('; ')}` : null;
}

/** The newest events first; charger events only for chargers in `reach`. */
export async function loadEvents(db: Executor, siteId: string, from: Date, to: Date, reach: (chargerId: string) => boolean) {
  const rows = await queryRows<{ at: Date; kind: LoadEventKind; message: string; charger_id: string | null }>(
    db,
    sql`SELECT at, kind, message, charger_id FROM load_events
        WHERE site_id = ${siteId} AND at >= ${from.toISOString()} AND at < ${to.toISOString()}
        ORDER BY at DESC, id DESC LIMIT 200`,
  );
  return rows
    .filter((r) => r.charger_id === null || reach(r.charger_id))
    .map((r) => ({ at: new Date(r.at).toISOString(), kind: r.kind, message: r.message }));
}

/** Events past the newest kept per site. */
export async function pruneLoadEvents(db: Executor): Promise<number> {
  const gone = await queryRows(
    db,
    sql`DELETE FROM load_events e USING (
          SELECT id, row_number() OVER (PARTITION BY site_id ORDER BY at DESC, id DESC) AS n FROM load_events
        ) ranked WHERE ranked.id = e.id AND ranked.n > ${LOAD_EVENTS_KEPT} RETURNING 1`,
  );
  return gone.length;
}
