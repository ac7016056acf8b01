import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { bucketSecondsFor } from '../../domain/time-buckets.js';
import { type Scope, canReachCharger } from '../../domain/scope.js';
import { AppError } from '../../errors.js';
import { getSite } from '../sites/service.js';
import { loadEvents } from './events.js';

/** At most this long a range; at most about this many points. */
const MAX_RANGE_DAYS = 31;
const MAX_POINTS = 300;

/** The phases a total is summed from when a charger reports power per phase only. */
const PHASES = ['L1', 'L2', 'L3', 'L1-N', 'L2-N', 'L3-N'];

/**
 * A site's power over a range, from the chargers' own meter readings: each connector's average
 * power in each bucket (its total, or the sum of its phases), added up over the connectors. With
 * the events of the range: settings changed, chargers refusing limits, the grid lowering the limit.
 */
export async function siteEnergyHistory(db: Db, scope: Scope, siteId: string, query: { from?: string; to?: string }) {
  const { site } = await getSite(db, scope, siteId);
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 86_400_000);
  if (!(from < to)) throw new AppError('DATE_RANGE_INVALID', '`from` must be before `to`');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000)
    throw new AppError('DATE_RANGE_INVALID', `A range of at most ${MAX_RANGE_DAYS} days can be read at once`);
  const seconds = (to.getTime() - from.getTime()) / 1000;
  const bucket = bucketSecondsFor(seconds, MAX_POINTS);
  // A location owner sees the power of the chargers assigned to them, not their neighbours'.
  const reach = (chargerId: string) => canReachCharger(scope, { id: chargerId, organizationId: site.organizationId, siteId });
  const chargers = (await queryRows<{ id: string }>(db, sql`SELECT id FROM chargers WHERE site_id = ${siteId}`)).filter((c) =>
    reach(c.id),
  );
  const points = chargers.length
    ? await queryRows<{ at: Date; w: string }>(
        db,
        sql`WITH readings AS (
              SELECT m.charger_id, coalesce(m.evse_id, m.connector_id) AS evse, m.at,
                     coalesce(max(m.value) FILTER (WHERE m.phase IS NULL),
                              sum(m.value) FILTER (WHERE m.phase IN (${sql.join(
                                PHASES.map((p) => sql`${p}`),
                                sql`, `,
                              )}))) AS w
              FROM meter_samples m
              WHERE m.charger_id IN (${sql.join(
                chargers.map((c) => sql`${c.id}`),
                sql`, `,
              )})
                AND m.measurand = 'Power.Active.Import' AND m.at >= ${from.toISOString()} AND m.at < ${to.toISOString()}
              GROUP BY 1, 2, 3
            ), per_connector AS (
              SELECT to_timestamp(floor(extract(epoch FROM at) / ${bucket}) * ${bucket}) AS at, charger_id, evse, avg(w) AS w
              FROM readings GROUP BY 1, 2, 3
            )
            SELECT at, round(sum(w)) AS w FROM per_connector GROUP BY 1 ORDER BY 1`,
      )
    : [];
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    timeZone: site.timeZone,
    bucketSeconds: bucket,
    points: points.map((p) => ({ at: new Date(p.at).toISOString(), kw: Math.round(Number(p.w)) / 1000 })),
    events: await loadEvents(db, siteId, from, to, reach),
  };
}
