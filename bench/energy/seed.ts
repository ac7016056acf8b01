/** The energy bench's network: the OCPP bench's chargers spread over many sites, each with a grid connection limit. */
import pg from 'pg';

/** Makes `sites` sites of `perSite` chargers each out of the seeded chargers; returns the site ids. */
export async function seedSites(url: string, sites: number, perSite: number, limitKw: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO sites (organization_id, name, time_zone, latitude, longitude, grid_limit_kw)
       SELECT (SELECT id FROM organizations LIMIT 1), 'Bench site ' || n, 'Europe/Berlin', '52.52', '13.40', $2
       FROM generate_series(1, $1) AS n RETURNING id`,
      [sites, String(limitKw)],
    );
    const ids = rows.map((r) => r.id);
    await client.query(
      `WITH numbered AS (SELECT id, (row_number() OVER (ORDER BY ocpp_identity) - 1) / $2 AS n FROM chargers)
       UPDATE chargers c SET site_id = ($1::uuid[])[numbered.n + 1] FROM numbered WHERE numbered.id = c.id`,
      [ids, perSite],
    );
    await client.query(`DELETE FROM sites WHERE name = 'Bench site'`);
    return ids;
  } finally {
    await client.end();
  }
}

/** Sites whose running sessions were allotted more than the site's limit, together (must be none). */
export async function overLimitSites(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM (
         SELECT a.site_id FROM load_allocations a
         JOIN charging_sessions cs ON cs.id = a.session_id AND cs.status = 'active'
         JOIN sites s ON s.id = a.site_id
         GROUP BY a.site_id, s.grid_limit_kw HAVING sum(a.limit_w) > s.grid_limit_kw * 1000) over`,
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}
