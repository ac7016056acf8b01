/**
 * The alerts bench's people and rules, added to a seeded bench database (bench/ocpp/database.ts):
 * two operators of the bench organization who hear about its alerts (in-app and by e-mail), the
 * offline threshold, and a second site holding the chargers that lose power together.
 */
import pg from 'pg';
import { hashPassword } from '../../server/src/auth/passwords.js';

export const OPERATOR_PASSWORD = 'Bench-operator-2026!';
export const OPERATORS = [
  { email: 'cpo@bench.test', name: 'Bench CPO admin', role: 'cpo' },
  { email: 'noc@bench.test', name: 'Bench network manager', role: 'network_manager' },
] as const;

export async function seedAlertPeople(
  url: string,
  options: { thresholdMinutes: number; outageIdentities: string[] },
): Promise<{ organizationId: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM organizations WHERE name = 'Bench CPO'`);
    const organizationId = rows[0]!.id;
    const hash = await hashPassword(OPERATOR_PASSWORD, 10);
    for (const o of OPERATORS) {
      await client.query(`INSERT INTO users (email, name, password_hash, role, organization_id) VALUES ($1, $2, $3, $4, $5)`, [
        o.email,
        o.name,
        hash,
        o.role,
        organizationId,
      ]);
    }
    await client.query(
      `INSERT INTO alert_rules (organization_id, rule_type, thresholds) VALUES ($1, 'charger_offline', $2::jsonb)`,
      [organizationId, JSON.stringify({ minutes: options.thresholdMinutes })],
    );
    const site = await client.query<{ id: string }>(
      `INSERT INTO sites (organization_id, name, time_zone, latitude, longitude)
       VALUES ($1, 'Bench outage site', 'Europe/Berlin', '52.50', '13.35') RETURNING id`,
      [organizationId],
    );
    await client.query(`UPDATE chargers SET site_id = $1 WHERE ocpp_identity = ANY($2::text[])`, [
      site.rows[0]!.id,
      options.outageIdentities,
    ]);
    return { organizationId };
  } finally {
    await client.end();
  }
}

/** Charger ids by OCPP identity: the live events name chargers by id. */
export async function chargerIds(url: string): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; identity: string }>(`SELECT id, ocpp_identity AS identity FROM chargers`);
    return new Map(rows.map((r) => [r.identity, r.id]));
  } finally {
    await client.end();
  }
}
