import { type SQL, and, asc, desc, eq, ilike, inArray, isNull, notInArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { chargers, connectors, organizations, sites, users } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import type { Scope } from '../../domain/scope.js';
import { escapeLike } from '../organizations/queries.js';
import type { ConnectorList } from './schemas.js';

export type ChargerRow = typeof chargers.$inferSelect;
export type ConnectorRow = typeof connectors.$inferSelect;
export type ChargerScope = Pick<Scope, 'organizationIds' | 'siteIds' | 'chargerIds'>;

export interface ChargerWithContext {
  charger: ChargerRow;
  siteName: string;
  organizationName: string;
  owner: { id: string; name: string; email: string } | null;
  connectors: ConnectorRow[];
}

/** Where a scope reaches among chargers: the same three levels as `canReachCharger`. */
export function chargerScope(scope: ChargerScope): SQL | undefined {
  return and(
    inScope(chargers.organizationId, scope.organizationIds),
    inScope(chargers.siteId, scope.siteIds),
    inScope(chargers.id, scope.chargerIds),
  );
}

const withContext = {
  charger: chargers,
  siteName: sites.name,
  organizationName: organizations.name,
  owner: { id: users.id, name: users.name, email: users.email },
};

const SORTS = {
  name: chargers.name,
  ocppIdentity: chargers.ocppIdentity,
  adminStatus: chargers.adminStatus,
  createdAt: chargers.createdAt,
  site: sites.name,
  organization: organizations.name,
  visible: chargers.visible,
} as const;

export interface ChargerQuery {
  scope: ChargerScope;
  organizationId?: string;
  siteId?: string;
  adminStatus?: ChargerRow['adminStatus'];
  visible?: boolean;
  includeRetired?: boolean;
  q?: string;
  sort?: keyof typeof SORTS;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

function searchCondition(q: string | undefined): SQL | undefined {
  if (!q) return undefined;
  const pattern = `%${escapeLike(q)}%`;
  return or(
    ilike(chargers.name, pattern),
    ilike(chargers.ocppIdentity, pattern),
    ilike(chargers.vendor, pattern),
    ilike(chargers.model, pattern),
    ilike(chargers.serialNumber, pattern),
  );
}

export async function findChargers(db: Executor, query: ChargerQuery) {
  const where = and(
    chargerScope(query.scope),
    query.organizationId ? eq(chargers.organizationId, query.organizationId) : undefined,
    query.siteId ? eq(chargers.siteId, query.siteId) : undefined,
    query.adminStatus ? eq(chargers.adminStatus, query.adminStatus) : undefined,
    query.visible === undefined ? undefined : eq(chargers.visible, query.visible),
    query.includeRetired ? undefined : isNull(chargers.retiredAt),
    searchCondition(query.q),
  );
  const sortColumn = SORTS[query.sort ?? 'name'];
  const direction = query.order === 'desc' ? desc : asc;
  const [rows, [total]] = await Promise.all([
    db
      .select(withContext)
      .from(chargers)
      .innerJoin(sites, eq(sites.id, chargers.siteId))
      .innerJoin(organizations, eq(organizations.id, chargers.organizationId))
      .leftJoin(users, eq(users.id, chargers.locationOwnerId))
      .where(where)
      .orderBy(direction(sortColumn), asc(chargers.name), asc(chargers.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(chargers)
      .where(where),
  ]);
  const byCharger = await connectorsOf(
    db,
    rows.map((r) => r.charger.id),
  );
  const items: ChargerWithContext[] = rows.map((row) => ({ ...row, connectors: byCharger.get(row.charger.id) ?? [] }));
  return { items, total: total?.n ?? 0 };
}

export async function findCharger(db: Executor, id: string, scope: ChargerScope): Promise<ChargerWithContext | null> {
  const [row] = await db
    .select(withContext)
    .from(chargers)
    .innerJoin(sites, eq(sites.id, chargers.siteId))
    .innerJoin(organizations, eq(organizations.id, chargers.organizationId))
    .leftJoin(users, eq(users.id, chargers.locationOwnerId))
    .where(and(eq(chargers.id, id), chargerScope(scope)));
  if (!row) return null;
  return { ...row, connectors: (await connectorsOf(db, [id])).get(id) ?? [] };
}

/** One query for the connectors of a whole page of chargers. */
export async function connectorsOf(db: Executor, chargerIds: string[]): Promise<Map<string, ConnectorRow[]>> {
  const byCharger = new Map<string, ConnectorRow[]>();
  if (chargerIds.length === 0) return byCharger;
  const rows = await db
    .select()
    .from(connectors)
    .where(inArray(connectors.chargerId, chargerIds))
    .orderBy(asc(connectors.evseId), asc(connectors.connectorId));
  for (const row of rows) byCharger.set(row.chargerId, [...(byCharger.get(row.chargerId) ?? []), row]);
  return byCharger;
}

/**
 * Makes the charger's connectors exactly `list`. Connectors whose connectorId stays keep their row
 * (and id), so whatever later refers to them (sessions, tariffs) still does.
 */
export async function replaceConnectors(db: Executor, chargerId: string, list: ConnectorList): Promise<void> {
  const kept = list.map((c) => c.connectorId);
  await db
    .delete(connectors)
    .where(and(eq(connectors.chargerId, chargerId), kept.length ? notInArray(connectors.connectorId, kept) : undefined));
  if (list.length === 0) return;
  await db
    .insert(connectors)
    .values(
      list.map((c) => ({ chargerId, connectorId: c.connectorId, evseId: c.evseId ?? 1, type: c.type, maxPowerKw: c.maxPowerKw })),
    )
    .onConflictDoUpdate({
      target: [connectors.chargerId, connectors.connectorId],
      set: { evseId: sql`excluded.evse_id`, type: sql`excluded.type`, maxPowerKw: sql`excluded.max_power_kw` },
    });
}

export async function findUser(db: Executor, id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user ?? null;
}
