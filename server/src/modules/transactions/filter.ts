import { type SQL, and, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { chargers, chargingSessions, organizations, sessionSettlements } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import type { Scope } from '../../domain/scope.js';
import { escapeLike } from '../organizations/queries.js';
import type { TransactionFilter } from './schemas.js';

export type TransactionScope = Pick<Scope, 'organizationIds' | 'siteIds' | 'chargerIds'>;

/** Flagged for review: by the session itself (e.g. a forced stop) or by its settlement (e.g. NO_TARIFF). */
export const isFlagged = sql<boolean>`(${chargingSessions.flagged} OR coalesce(jsonb_array_length(${sessionSettlements.flags}), 0) > 0)`;

/**
 * "From" and "to" are calendar days in each session's organization's zone: a day starts at local
 * midnight, converted per row by PostgreSQL (`timestamp AT TIME ZONE zone`), DST included.
 */
function startedOnOrAfter(day: string): SQL {
  return sql`${chargingSessions.startedAt} >= (${day}::date::timestamp AT TIME ZONE ${organizations.timeZone})`;
}
function startedOnOrBefore(day: string): SQL {
  return sql`${chargingSessions.startedAt} < ((${day}::date + 1)::timestamp AT TIME ZONE ${organizations.timeZone})`;
}

/**
 * The WHERE clause of every transaction query: the caller's scope, then the filter. Needs
 * `organizations`, `chargers` and (left) `session_settlements` joined.
 */
export function transactionConditions(scope: TransactionScope, filter: TransactionFilter): SQL | undefined {
  const pattern = filter.q ? `%${escapeLike(filter.q)}%` : null;
  const status = filter.status;
  return and(
    inScope(chargingSessions.organizationId, scope.organizationIds),
    inScope(chargingSessions.siteId, scope.siteIds),
    inScope(chargingSessions.chargerId, scope.chargerIds),
    filter.organizationId?.length ? inArray(chargingSessions.organizationId, filter.organizationId) : undefined,
    filter.siteId ? eq(chargingSessions.siteId, filter.siteId) : undefined,
    filter.chargerId ? eq(chargingSessions.chargerId, filter.chargerId) : undefined,
    filter.connectorId !== undefined ? eq(chargingSessions.connectorId, filter.connectorId) : undefined,
    filter.userId ? eq(chargingSessions.userId, filter.userId) : undefined,
    filter.idTokenId ? eq(chargingSessions.idTokenId, filter.idTokenId) : undefined,
    filter.idTag ? sql`upper(${chargingSessions.idTag}) = upper(${filter.idTag})` : undefined,
    filter.vehicleRef ? sql`upper(${chargingSessions.vehicleRef}) = upper(${filter.vehicleRef})` : undefined,
    status === 'active' || status === 'completed' ? eq(chargingSessions.status, status) : undefined,
    status === 'flagged' ? isFlagged : undefined,
    filter.from ? startedOnOrAfter(filter.from) : undefined,
    filter.to ? startedOnOrBefore(filter.to) : undefined,
    pattern ? or(ilike(chargingSessions.idTag, pattern), ilike(chargers.name, pattern)) : undefined,
  );
}
