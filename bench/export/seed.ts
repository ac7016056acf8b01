/** Bulk data for the export benchmark, generated inside PostgreSQL with generate_series. */
import pg from 'pg';

/**
 * Two organizations (LKR in Colombo, EUR in Berlin), 5 sites and 100 chargers each, `rows` completed
 * sessions spread 30 s apart over the chargers, and one settlement per session (100 LKR or 0.30 EUR
 * per kWh, 18 % tax) — the columns the export reads, not a real pricing run.
 */
export async function seedSessions(url: string, rows: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO organizations (name, currency, time_zone)
      VALUES ('Bench Colombo', 'LKR', 'Asia/Colombo'), ('Bench Berlin', 'EUR', 'Europe/Berlin')`);
    await client.query(`INSERT INTO sites (organization_id, name, time_zone, latitude, longitude)
      SELECT o.id, o.name || ' site ' || i, o.time_zone, '6.9271', '79.8612' FROM organizations o, generate_series(1, 5) AS i`);
    await client.query(`INSERT INTO chargers (organization_id, site_id, ocpp_identity, name)
      SELECT s.organization_id, s.id, 'EXPORT-' || lpad((row_number() OVER ())::text, 5, '0'), 'Charger ' || (row_number() OVER ())
      FROM sites s, generate_series(1, 20) AS i`);
    await client.query(
      `WITH ch AS (SELECT id, organization_id, site_id, (row_number() OVER (ORDER BY ocpp_identity) - 1)::int AS n FROM chargers)
       INSERT INTO charging_sessions (organization_id, site_id, charger_id, protocol, transaction_id, connector_id, evse_id,
         id_tag, status, started_at, stopped_at, meter_start_wh, meter_stop_wh, energy_wh, last_activity_at, closed_by)
       SELECT ch.organization_id, ch.site_id, ch.id, 'ocpp1.6', i::text, 1, 1, 'TAG-' || (i % 5000), 'completed',
         timestamptz '2025-01-01 00:00:00+00' + i * interval '30 seconds',
         timestamptz '2025-01-01 00:00:00+00' + i * interval '30 seconds' + (20 + i % 100) * interval '1 minute',
         0, 1000 + (i * 37) % 40000, 1000 + (i * 37) % 40000,
         timestamptz '2025-01-01 00:00:00+00' + i * interval '30 seconds' + (20 + i % 100) * interval '1 minute', 'charger'
       FROM generate_series(1, $1::int) AS i JOIN ch ON ch.n = i % 200`,
      [rows],
    );
    await client.query(`INSERT INTO session_settlements (session_id, organization_id, site_id, charger_id, currency, time_zone,
        started_at, stopped_at, energy_wh, idle_seconds, lines, lines_total_minor, discount_minor, net_minor, tax_lines, tax_minor,
        gross_minor, payment_method, gateway_fee_minor, gateway_fee_bearer, platform_commission_minor,
        location_owner_commission_minor, partner_share_minor, energy_cost_minor, margin_minor)
      SELECT s.id, s.organization_id, s.site_id, s.charger_id, o.currency, o.time_zone, s.started_at, s.stopped_at, s.energy_wh,
        (s.energy_wh % 900)::int, '[]', m.net, 0, m.net, '[]', m.net * 18 / 100, m.net + m.net * 18 / 100, 'manual', 0,
        'organization', m.net / 10, 0, m.net - m.net / 10, 0, m.net - m.net / 10
      FROM charging_sessions s JOIN organizations o ON o.id = s.organization_id
      CROSS JOIN LATERAL (SELECT CASE WHEN o.currency = 'LKR' THEN s.energy_wh * 10 ELSE s.energy_wh * 30 / 1000 END AS net) m`);
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}
