import { type SQL, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import {
  organizationDailyRollups,
  organizationHourlyRollups,
  organizationMonthlyRollups,
  organizations,
  sessionSettlements,
  settlementDailyRollups,
  settlementMonthlyRollups,
} from '../../db/schema/index.js';
import { notFound } from '../../errors.js';
import { FIGURE_KEYS, type FigureKey } from './rollups.js';

/** The figure columns every grain shares, in FIGURE_KEYS order. */
const figureColumns = sql.join(
  FIGURE_KEYS.map((k) => sql.identifier(organizationDailyRollups[k].name)),
  sql`, `,
);

/** What `addToDailyRollup` adds per settlement, summed over a group of `session_settlements s`. */
function summed(k: FigureKey): SQL {
  if (k === 'sessions') return sql`count(*)`;
  if (k === 'durationSeconds') return sql`sum(greatest(0, round(extract(epoch FROM s.stopped_at - s.started_at))))`;
  return sql`sum(s.${sql.identifier(sessionSettlements[k].name)})`;
}
const figureSums = sql.join(FIGURE_KEYS.map(summed), sql`, `);

/** The local date in the organization's zone as it is now (inside the caller's transaction). */
const localDate = sql`(s.stopped_at AT TIME ZONE o.time_zone)::date`;
const localMonth = sql`date_trunc('month', s.stopped_at AT TIME ZONE o.time_zone)::date`;
const utcHour = sql`date_trunc('hour', s.stopped_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
/** A charger's day or month row keeps the site and currency of its first settlement, as the first upsert set them. */
const first = (column: string) => sql.raw(`(array_agg(s.${column} ORDER BY s.settled_at, s.id))[1]`);

type Grain = { table: PgTable; columns: SQL; select: SQL; groupBy: SQL };

const LOCAL_GRAINS: Grain[] = [
  {
    table: settlementDailyRollups,
    columns: sql`charger_id, local_date, organization_id, site_id, currency`,
    select: sql`s.charger_id, ${localDate}, s.organization_id, ${first('site_id')}, ${first('currency')}`,
    groupBy: sql`1, 2, 3`,
  },
  {
    table: settlementMonthlyRollups,
    columns: sql`charger_id, local_month, organization_id, site_id, currency`,
    select: sql`s.charger_id, ${localMonth}, s.organization_id, ${first('site_id')}, s.currency`,
    groupBy: sql`1, 2, 3, 5`,
  },
  {
    table: organizationDailyRollups,
    columns: sql`organization_id, local_date, currency`,
    select: sql`s.organization_id, ${localDate}, s.currency`,
    groupBy: sql`1, 2, 3`,
  },
  {
    table: organizationMonthlyRollups,
    columns: sql`organization_id, local_month, currency`,
    select: sql`s.organization_id, ${localMonth}, s.currency`,
    groupBy: sql`1, 2, 3`,
  },
];

const HOURLY_GRAIN: Grain = {
  table: organizationHourlyRollups,
  columns: sql`organization_id, hour_start, currency`,
  select: sql`s.organization_id, ${utcHour}, s.currency`,
  groupBy: sql`1, 2, 3`,
};

/** Replaces one grain's rows of the organization with a GROUP BY of its settlements; returns the rows written. */
async function rebuildGrain(tx: Executor, grain: Grain, organizationId: string): Promise<number> {
  const { table } = grain;
  await tx.execute(sql`DELETE FROM ${table} WHERE organization_id = ${organizationId}`);
  const [written] = await queryRows<{ n: number }>(
    tx,
    sql`WITH written AS (
      INSERT INTO ${table} (${grain.columns}, ${figureColumns})
      SELECT ${grain.select}, ${figureSums}
      FROM session_settlements s JOIN organizations o ON o.id = s.organization_id
      WHERE s.organization_id = ${organizationId}
      GROUP BY ${grain.groupBy}
      RETURNING 1
    ) SELECT count(*)::int AS n FROM written`,
  );
  return written!.n;
}

/**
 * Rebuilds the organization's rollups from `session_settlements` (which always hold the current, re-priced
 * figures) in its time zone as it stands in the caller's transaction, giving the rows `addToDailyRollup`
 * would have written. By default the four local-date grains (what a time-zone change moves); `hourly`
 * also rebuilds the UTC-hour grain. Takes FOR UPDATE on the organization row first: `addToDailyRollup`
 * holds a key-share lock on it, so settlements in flight finish before the rebuild reads and new ones
 * wait for its commit (and then use the new zone). Returns the number of rollup rows written.
 */
export async function rebuildOrganizationRollups(
  tx: Executor,
  organizationId: string,
  options: { hourly?: boolean } = {},
): Promise<number> {
  const [org] = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for('update');
  if (!org) throw notFound('Organization');
  const grains = options.hourly ? [...LOCAL_GRAINS, HOURLY_GRAIN] : LOCAL_GRAINS;
  let written = 0;
  for (const grain of grains) written += await rebuildGrain(tx, grain, organizationId);
  return written;
}

/** `chargeboard rollups rebuild`: every grain of one organization (or of each, one transaction apiece). */
export async function rebuildAllRollups(db: Db, organizationId?: string): Promise<{ organizations: number; rows: number }> {
  const ids = organizationId
    ? [organizationId]
    : (await db.select({ id: organizations.id }).from(organizations).orderBy(organizations.id)).map((o) => o.id);
  let rows = 0;
  for (const id of ids) rows += await db.transaction((tx) => rebuildOrganizationRollups(tx, id, { hourly: true }));
  return { organizations: ids.length, rows };
}
