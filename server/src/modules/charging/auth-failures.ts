import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import type { Scope } from '../../domain/scope.js';
import { chargerScope } from '../chargers/queries.js';
import type { AuthFailureGroup } from './schemas.js';

/** At most this many (identity, address) groups, most recent first: enough for a page, bounded for a flood. */
const MAX_GROUPS = 500;

export interface AuthFailureQuery {
  sinceHours: number;
  /** The lockout rule's window and threshold, to show which groups are refused with 429 right now. */
  windowSeconds: number;
  maxFailures: number;
}

/**
 * Refused OCPP upgrades grouped per identity and address. Identities of registered chargers are
 * shown within the caller's charger scope; unknown identities belong to no organization, so only
 * platform users see them.
 */
export async function listAuthFailures(db: Executor, scope: Scope, query: AuthFailureQuery): Promise<AuthFailureGroup[]> {
  const reach = chargerScope(scope);
  const visible =
    scope.kind === 'platform'
      ? reach
        ? sql`(chargers.id IS NULL OR ${reach})`
        : sql`true`
      : sql`(chargers.id IS NOT NULL AND ${reach ?? sql`true`})`;
  const recent = sql`f.at > now() - make_interval(secs => ${query.windowSeconds})`;
  const rows = await queryRows<{
    identity: string;
    remote_address: string;
    count: number;
    first_at: Date | string;
    last_at: Date | string;
    reasons: string[];
    last_reason: string;
    recent: number;
    recent_unknown_from_address: number;
    charger_id: string | null;
    charger_name: string | null;
  }>(
    db,
    sql`SELECT f.identity, f.remote_address, count(*)::int AS count, min(f.at) AS first_at, max(f.at) AS last_at,
          array_agg(DISTINCT f.reason ORDER BY f.reason) AS reasons, (array_agg(f.reason ORDER BY f.at DESC))[1] AS last_reason,
          (count(*) FILTER (WHERE ${recent}))::int AS recent,
          (sum(count(*) FILTER (WHERE ${recent} AND f.reason = 'unknown_identity')) OVER (PARTITION BY f.remote_address))::int
            AS recent_unknown_from_address,
          chargers.id AS charger_id, chargers.name AS charger_name
        FROM ocpp_auth_failures f
        LEFT JOIN chargers ON lower(chargers.ocpp_identity) = lower(f.identity) AND chargers.retired_at IS NULL
        WHERE f.at > now() - make_interval(hours => ${query.sinceHours}) AND ${visible}
        GROUP BY f.identity, f.remote_address, chargers.id, chargers.name
        ORDER BY max(f.at) DESC
        LIMIT ${MAX_GROUPS}`,
  );
  return rows.map((r) => ({
    identity: r.identity,
    remoteAddress: r.remote_address,
    count: r.count,
    firstAt: new Date(r.first_at).toISOString(),
    lastAt: new Date(r.last_at).toISOString(),
    reasons: r.reasons as AuthFailureGroup['reasons'],
    lastReason: r.last_reason as AuthFailureGroup['lastReason'],
    knownCharger: r.charger_id !== null,
    chargerId: r.charger_id,
    chargerName: r.charger_name,
    // The same rule as the upgrade: a known identity on its own count, an unknown one on its address's.
    lockedOut: r.charger_id !== null ? r.recent >= query.maxFailures : r.recent_unknown_from_address >= query.maxFailures,
  }));
}
