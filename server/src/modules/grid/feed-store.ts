import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { DEFAULT_GRID_THRESHOLDS, type GridHealth, type GridThresholds } from '../../domain/grid-health.js';
import type { FieldMapping, GridReading } from '../../domain/grid-reading.js';

/** A feed as the monitor runs it. */
export interface FeedRow {
  id: string;
  organizationId: string;
  name: string;
  kind: 'simulated' | 'mqtt' | 'http';
  enabled: boolean;
  settings: Record<string, unknown>;
  mapping: FieldMapping;
  secretCiphertext: string | null;
  thresholds: GridThresholds;
  staleAfterSeconds: number;
  health: GridHealth;
  healthSince: Date;
  healthReason: string | null;
  lastReadingAt: Date | null;
  updatedAt: Date;
}

export interface FeedSqlRow extends Record<string, unknown> {
  id: string;
  organization_id: string;
  name: string;
  kind: FeedRow['kind'];
  enabled: boolean;
  settings: Record<string, unknown>;
  mapping: FieldMapping;
  secret_ciphertext: string | null;
  thresholds: Partial<GridThresholds>;
  stale_after_seconds: number;
  health: GridHealth;
  health_since: Date | string;
  health_reason: string | null;
  last_reading_at: Date | string | null;
  updated_at: Date | string;
}

export const feedOf = (r: FeedSqlRow): FeedRow => ({
  id: r.id,
  organizationId: r.organization_id,
  name: r.name,
  kind: r.kind,
  enabled: r.enabled,
  settings: r.settings ?? {},
  mapping: r.mapping ?? {},
  secretCiphertext: r.secret_ciphertext,
  thresholds: { ...DEFAULT_GRID_THRESHOLDS, ...(r.thresholds ?? {}) },
  staleAfterSeconds: r.stale_after_seconds,
  health: r.health,
  healthSince: new Date(r.health_since),
  healthReason: r.health_reason,
  lastReadingAt: r.last_reading_at === null ? null : new Date(r.last_reading_at),
  updatedAt: new Date(r.updated_at),
});

/** The enabled feeds (what the monitor runs), or one feed whatever its state. */
export async function loadFeeds(db: Executor, feedId?: string): Promise<FeedRow[]> {
  const rows = await queryRows<FeedSqlRow>(
    db,
    sql`SELECT * FROM grid_feeds WHERE ${feedId === undefined ? sql`enabled` : sql`id = ${feedId}`} ORDER BY created_at, id`,
  );
  return rows.map(feedOf);
}

/** Stores a reading; true when this call stored it (another instance may have first). */
export async function storeReading(db: Executor, feedId: string, r: GridReading): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`WITH ins AS (
          INSERT INTO grid_readings (feed_id, at, frequency_hz, demand_mw, generation_mw, reserve_margin_percent,
                                     renewable_percent, carbon_g_per_kwh, thermal_mw, hydro_mw, solar_mw, wind_mw)
          VALUES (${feedId}, ${r.at.toISOString()}, ${r.frequencyHz}, ${r.demandMw}, ${r.generationMw}, ${r.reserveMarginPercent},
                  ${r.renewablePercent}, ${r.carbonGPerKwh}, ${r.mix?.thermalMw ?? null}, ${r.mix?.hydroMw ?? null},
                  ${r.mix?.solarMw ?? null}, ${r.mix?.windMw ?? null})
          ON CONFLICT (feed_id, at) DO NOTHING RETURNING at
        )
        UPDATE grid_feeds SET last_reading_at = greatest(last_reading_at, ins.at) FROM ins WHERE id = ${feedId} RETURNING 1`,
  );
  return rows.length > 0;
}

/** Bad readings kept per feed (the newest). */
export const BAD_READINGS_KEPT = 500;

export async function storeBadReading(db: Executor, feedId: string, reason: string, body: unknown): Promise<void> {
  const raw = (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 2000);
  await db.execute(
    sql`WITH ins AS (INSERT INTO grid_bad_readings (feed_id, reason, raw) VALUES (${feedId}, ${reason}, ${raw}) RETURNING 1)
        UPDATE grid_feeds SET bad_readings = bad_readings + 1 WHERE id = ${feedId}`,
  );
}

/** Records a change of health; true when this call recorded it (one row however many instances saw it). */
export async function storeHealthChange(
  db: Executor,
  feedId: string,
  change: { at: Date; health: GridHealth; previous: GridHealth; reason: string },
): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`WITH ins AS (
          INSERT INTO grid_health_changes (feed_id, at, health, previous, reason)
          VALUES (${feedId}, ${change.at.toISOString()}, ${change.health}, ${change.previous}, ${change.reason})
          ON CONFLICT (feed_id, at) DO NOTHING RETURNING at
        )
        UPDATE grid_feeds SET health = ${change.health}, health_since = ins.at, health_reason = ${change.reason}
        FROM ins WHERE id = ${feedId} RETURNING 1`,
  );
  return rows.length > 0;
}

/** Readings past the retention and bad readings past the newest kept; how many of each went. */
export async function pruneGridHistory(db: Executor, retentionDays: number): Promise<{ readings: number; bad: number }> {
  const readings = await queryRows(
    db,
    sql`DELETE FROM grid_readings WHERE at < now() - make_interval(days => ${retentionDays}) RETURNING 1`,
  );
  const bad = await queryRows(
    db,
    sql`DELETE FROM grid_bad_readings b USING (
          SELECT id, row_number() OVER (PARTITION BY feed_id ORDER BY at DESC, id DESC) AS n FROM grid_bad_readings
        ) ranked WHERE ranked.id = b.id AND ranked.n > ${BAD_READINGS_KEPT} RETURNING 1`,
  );
  return { readings: readings.length, bad: bad.length };
}
