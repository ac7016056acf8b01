import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { GroupWriter } from './group-writer.js';

/**
 * The two reads every reconnecting charger makes — its charger row at the WebSocket upgrade and
 * its Authorize — answered for many chargers by one query per batch (group-writer.ts): a fleet
 * reconnecting at once costs a few queries per few hundred chargers, not one each. Reads take no
 * locks, so every item gets its own key (identical lookups may share a batch).
 */

export interface ChargerByIdentity {
  id: string;
  organizationId: string;
  siteId: string;
  ocppPasswordHash: string | null;
  adminStatus: 'active' | 'inactive' | 'maintenance';
  retiredAt: Date | null;
}

export interface TokenStandingRow {
  id: string;
  status: 'active' | 'blocked';
  expiresAt: Date | null;
  userId: string | null;
  vehicleRef: string | null;
}

const dateOrNull = (value: Date | string | null) => (value === null ? null : new Date(value));

/** Identities compare case-insensitively; a retired charger's identity may belong to its replacement, which wins. */
async function readChargers(db: Db, identities: string[]): Promise<(ChargerByIdentity | null)[]> {
  const rows = await queryRows<{
    n: number;
    id: string;
    organization_id: string;
    site_id: string;
    ocpp_password_hash: string | null;
    admin_status: ChargerByIdentity['adminStatus'];
    retired_at: Date | string | null;
  }>(
    db,
    // Per identity: the active charger from the unique index on lower(identity) (partial: not
    // retired); only when there is none, the latest retired one (LIMIT over UNION ALL stops early).
    sql`SELECT x.n, c.* FROM json_to_recordset(${JSON.stringify(identities.map((identity, n) => ({ n, identity })))}::json)
        AS x(n integer, identity text)
      CROSS JOIN LATERAL (
        (SELECT id, organization_id, site_id, ocpp_password_hash, admin_status, retired_at FROM chargers
          WHERE lower(ocpp_identity) = lower(x.identity) AND retired_at IS NULL)
        UNION ALL
        (SELECT id, organization_id, site_id, ocpp_password_hash, admin_status, retired_at FROM chargers
          WHERE lower(ocpp_identity) = lower(x.identity) AND retired_at IS NOT NULL ORDER BY retired_at DESC LIMIT 1)
        LIMIT 1
      ) c`,
  );
  const byN = new Map(rows.map((r) => [Number(r.n), r]));
  return identities.map((_, n) => {
    const r = byN.get(n);
    return r
      ? {
          id: r.id,
          organizationId: r.organization_id,
          siteId: r.site_id,
          ocppPasswordHash: r.ocpp_password_hash,
          adminStatus: r.admin_status,
          retiredAt: dateOrNull(r.retired_at),
        }
      : null;
  });
}

/** Each (organization, token): the token of the nearest organization up the tree that has it (case-insensitive). */
async function readTokens(db: Db, items: { organizationId: string; token: string }[]): Promise<(TokenStandingRow | null)[]> {
  const input = JSON.stringify(items.map((i, n) => ({ n, org: i.organizationId, token: i.token })));
  const rows = await queryRows<{
    n: number;
    id: string;
    status: TokenStandingRow['status'];
    expires_at: Date | string | null;
    user_id: string | null;
    vehicle_ref: string | null;
  }>(
    db,
    sql`WITH RECURSIVE x AS (
        SELECT * FROM json_to_recordset(${input}::json) AS x(n integer, org uuid, token text)
      ), up(n, id, parent_id, depth) AS (
        SELECT x.n, o.id, o.parent_id, 0 FROM x JOIN organizations o ON o.id = x.org
        UNION ALL
        SELECT up.n, o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id WHERE up.depth < 32
      )
      SELECT DISTINCT ON (up.n) up.n, t.id, t.status, t.expires_at, t.user_id, t.vehicle_ref
      FROM up JOIN x ON x.n = up.n
      JOIN id_tokens t ON t.organization_id = up.id AND upper(t.token) = upper(x.token)
      ORDER BY up.n, up.depth`,
  );
  const byN = new Map(rows.map((r) => [Number(r.n), r]));
  return items.map((_, n) => {
    const r = byN.get(n);
    return r
      ? { id: r.id, status: r.status, expiresAt: dateOrNull(r.expires_at), userId: r.user_id, vehicleRef: r.vehicle_ref }
      : null;
  });
}

interface Readers {
  chargers: GroupWriter<string, ChargerByIdentity | null>;
  tokens: GroupWriter<{ organizationId: string; token: string }, TokenStandingRow | null>;
}

const readers = new WeakMap<Db, Readers>();

function readersOf(db: Db): Readers {
  let found = readers.get(db);
  if (!found) {
    let seq = 0;
    const own = () => String(++seq);
    found = {
      chargers: new GroupWriter(
        (identities) => readChargers(db, identities),
        async (identity) => (await readChargers(db, [identity]))[0] ?? null,
        own,
      ),
      tokens: new GroupWriter(
        (items) => readTokens(db, items),
        async (item) => (await readTokens(db, [item]))[0] ?? null,
        own,
      ),
    };
    readers.set(db, found);
  }
  return found;
}

/** The charger behind an identity (the upgrade's check), read with other upgrades' in one query. */
export const chargerForUpgrade = (db: Db, identity: string) => readersOf(db).chargers.write(identity);

/** An ID token as seen from an organization (Authorize, starts), read with other chargers' in one query. */
export const tokenStanding = (db: Db, organizationId: string, token: string) =>
  readersOf(db).tokens.write({ organizationId, token });
