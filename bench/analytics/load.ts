/**
 * The synthetic network, loaded by SQL generate_series straight into the tables: organizations,
 * sites, chargers, charging_sessions, session_settlements and every rollup grain (per charger and
 * day/month, per organization and hour/day/month; by INSERT…SELECT GROUP BY with the same definitions
 * as `addToDailyRollup`). Works on PostgreSQL and
 * PGlite alike. Session ends are spread evenly over the last `days` days in id order, as they would
 * be inserted over time; one organization in ten is in Europe/Berlin (EUR), the rest Asia/Colombo (LKR).
 */
export interface NetworkSize {
  sessions: number;
  chargers: number;
  organizations: number;
  days: number;
}

export type Exec = (text: string) => Promise<Record<string, unknown>[]>;

/** Ordered uuids (rank i) keep primary-key inserts at the right edge of the index, as time-ordered ids would. */
const uuidOf = (prefix: string, expr: string) => `('${prefix}-0000-4000-8000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;

export async function loadNetwork(exec: Exec, size: NetworkSize, log: (line: string) => void): Promise<void> {
  const { sessions, chargers, organizations: orgs, days } = size;
  const largest = Math.floor(chargers / 10);
  await exec(`SET session_replication_role = replica`); // no FK triggers during the bulk load
  await exec(`SET work_mem = '256MB'`);
  // The largest organization holds a tenth of the chargers; the others share the rest in blocks.
  // Ten chargers per site, a site never spanning two organizations.
  await exec(`CREATE TEMP TABLE b_charger AS
    SELECT k, n, dense_rank() OVER (ORDER BY n, (k - 1) / 10) AS s FROM (
      SELECT k, CASE WHEN k <= ${largest} THEN 1 ELSE 2 + ((k - ${largest} - 1) * ${orgs - 1}) / ${Math.max(1, chargers - largest)} END AS n
      FROM generate_series(1, ${chargers}) AS k) x`);
  await exec(`INSERT INTO organizations (id, name, currency, time_zone, energy_cost_per_kwh)
    SELECT ${uuidOf('00000001', 'n')}, 'Bench organization ' || lpad(n::text, 3, '0'),
      CASE WHEN n % 10 = 0 THEN 'EUR' ELSE 'LKR' END, CASE WHEN n % 10 = 0 THEN 'Europe/Berlin' ELSE 'Asia/Colombo' END, '45'
    FROM generate_series(1, ${orgs}) AS n`);
  await exec(`INSERT INTO sites (id, organization_id, name, time_zone, latitude, longitude)
    SELECT ${uuidOf('00000002', 's')}, ${uuidOf('00000001', 'n')}, 'Bench site ' || s,
      CASE WHEN n % 10 = 0 THEN 'Europe/Berlin' ELSE 'Asia/Colombo' END, '6.9271', '79.8612'
    FROM (SELECT DISTINCT n, s FROM b_charger) x`);
  await exec(`INSERT INTO chargers (id, organization_id, site_id, ocpp_identity, name)
    SELECT ${uuidOf('00000003', 'k')}, ${uuidOf('00000001', 'n')}, ${uuidOf('00000002', 's')},
      'BENCH-' || lpad(k::text, 6, '0'), 'Bench charger ' || k
    FROM b_charger`);
  await exec(`CREATE TEMP TABLE b_place AS
    SELECT k, c.id AS charger_id, c.site_id, c.organization_id, o.currency, o.time_zone
    FROM b_charger b JOIN chargers c ON c.id = ${uuidOf('00000003', 'b.k')} JOIN organizations o ON o.id = c.organization_id`);
  await exec(`CREATE UNIQUE INDEX ON b_place (k)`);

  const step = (days * 86_400) / sessions; // seconds between consecutive session ends
  // A fixed origin (not now()): the session and its settlement, written by two statements, must agree.
  const origin = new Date(Date.now() - days * 86_400_000).toISOString();
  const chunk = 500_000;
  for (let from = 1; from <= sessions; from += chunk) {
    const to = Math.min(sessions, from + chunk - 1);
    const started = Date.now();
    // One row per session: charger spread by a multiplicative hash, energy 1–60 kWh, end times in order with jitter.
    const rows = `SELECT i, p.*, ${uuidOf('00000004', 'i')} AS session_id,
        '${origin}'::timestamptz + make_interval(secs => i * ${step} + (i * 104729 % 3600) - 1800) AS stopped_at,
        1000 + (i * 7907 % 59000) AS energy_wh, 600 + (i * 613 % 10800) AS duration_s
      FROM generate_series(${from}::bigint, ${to}::bigint) AS i JOIN b_place p ON p.k = 1 + (i * 7919 % ${chargers})`;
    await exec(`INSERT INTO charging_sessions (id, organization_id, site_id, charger_id, protocol, transaction_id, status,
        started_at, stopped_at, last_activity_at, energy_wh)
      SELECT session_id, organization_id, site_id, charger_id, 'ocpp1.6', i::text, 'completed',
        stopped_at - make_interval(secs => duration_s), stopped_at, stopped_at, energy_wh FROM (${rows}) r`);
    // Net 90.00/kWh (9 minor per Wh), SSCL+VAT ≈ 20.95 %, gateway 2.5 % of gross, platform 10 % of net, energy 45.00/kWh.
    await exec(`INSERT INTO session_settlements (session_id, organization_id, site_id, charger_id, currency, time_zone,
        started_at, stopped_at, energy_wh, lines, lines_total_minor, discount_minor, net_minor, tax_lines, tax_minor,
        gross_minor, payment_method, gateway_fee_minor, gateway_fee_bearer, platform_commission_minor,
        location_owner_commission_minor, partner_share_minor, energy_cost_minor, margin_minor, settled_at)
      SELECT session_id, organization_id, site_id, charger_id, currency, time_zone, started_at, stopped_at, energy_wh,
        '[]', net, 0, net, '[]', tax, net + tax, 'cybersource', fee, 'organization', platform, 0,
        net - platform - fee, cost, net - platform - fee - cost, stopped_at
      FROM (SELECT *, round((net + tax) * 0.025)::bigint AS fee FROM (
        SELECT r.*, stopped_at - make_interval(secs => duration_s) AS started_at, energy_wh * 9 AS net,
          round(energy_wh * 9 * 0.2095)::bigint AS tax, energy_wh * 9 / 10 AS platform, round(energy_wh * 0.045 * 100)::bigint AS cost
        FROM (${rows}) r) a) b`);
    log(
      `sessions ${to.toLocaleString('en')}/${sessions.toLocaleString('en')} (${((Date.now() - started) / 1000).toFixed(1)} s for this chunk)`,
    );
  }
  const started = Date.now();
  await exec(`INSERT INTO settlement_daily_rollups (charger_id, local_date, organization_id, site_id, currency, sessions, energy_wh,
      duration_seconds, idle_seconds, net_minor, tax_minor, gross_minor, gateway_fee_minor, platform_commission_minor,
      location_owner_commission_minor, partner_share_minor, energy_cost_minor, margin_minor)
    SELECT s.charger_id, (s.stopped_at AT TIME ZONE o.time_zone)::date, s.organization_id, s.site_id, s.currency,
      count(*), sum(s.energy_wh), sum(round(extract(epoch FROM s.stopped_at - s.started_at))), sum(s.idle_seconds),
      sum(s.net_minor), sum(s.tax_minor), sum(s.gross_minor), sum(s.gateway_fee_minor), sum(s.platform_commission_minor),
      sum(s.location_owner_commission_minor), sum(s.partner_share_minor), sum(s.energy_cost_minor), sum(s.margin_minor)
    FROM session_settlements s JOIN organizations o ON o.id = s.organization_id
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 1`);
  // The coarser grains, as migration 0004 backfills them (`addToDailyRollup` keeps all of them).
  const figures = `sessions, energy_wh, duration_seconds, idle_seconds, net_minor, tax_minor, gross_minor, gateway_fee_minor,
    platform_commission_minor, location_owner_commission_minor, partner_share_minor, energy_cost_minor, margin_minor`;
  const summed = figures.replace(/(\w+)/g, 'sum($1)');
  await exec(`INSERT INTO settlement_monthly_rollups (charger_id, local_month, organization_id, site_id, currency, ${figures})
    SELECT charger_id, date_trunc('month', local_date::timestamp)::date, organization_id, site_id, currency, ${summed}
    FROM settlement_daily_rollups GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 1`);
  await exec(`INSERT INTO organization_daily_rollups (organization_id, local_date, currency, ${figures})
    SELECT organization_id, local_date, currency, ${summed} FROM settlement_daily_rollups GROUP BY 1, 2, 3`);
  await exec(`INSERT INTO organization_monthly_rollups (organization_id, local_month, currency, ${figures})
    SELECT organization_id, date_trunc('month', local_date::timestamp)::date, currency, ${summed}
    FROM settlement_daily_rollups GROUP BY 1, 2, 3`);
  await exec(`INSERT INTO organization_hourly_rollups (organization_id, hour_start, currency, ${figures})
    SELECT s.organization_id, date_trunc('hour', s.stopped_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', s.currency, count(*),
      sum(s.energy_wh), sum(round(extract(epoch FROM s.stopped_at - s.started_at))), sum(s.idle_seconds),
      sum(s.net_minor), sum(s.tax_minor), sum(s.gross_minor), sum(s.gateway_fee_minor), sum(s.platform_commission_minor),
      sum(s.location_owner_commission_minor), sum(s.partner_share_minor), sum(s.energy_cost_minor), sum(s.margin_minor)
    FROM session_settlements s GROUP BY 1, 2, 3`);
  log(`rollups built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await exec(`SET session_replication_role = DEFAULT`);
  await exec(`ANALYZE`);
}

/** Secondary indexes of the big tables, dropped for the load and rebuilt after (much faster than row by row). */
export async function withoutSecondaryIndexes(exec: Exec, work: () => Promise<void>, log: (line: string) => void) {
  const indexes = (await exec(`SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.tablename IN ('charging_sessions', 'session_settlements', 'settlement_daily_rollups')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`)) as {
    indexname: string;
    indexdef: string;
  }[];
  for (const index of indexes) await exec(`DROP INDEX ${index.indexname}`);
  await work();
  const started = Date.now();
  await exec(`SET maintenance_work_mem = '512MB'`);
  for (const index of indexes) await exec(index.indexdef);
  log(`${indexes.length} indexes rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await exec(`ANALYZE`);
}
