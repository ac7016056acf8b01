import { type SQL, and, asc, desc, eq, ilike, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { chargers, organizations, sites } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import type { Scope } from '../../domain/scope.js';
import { escapeLike } from '../organizations/queries.js';

export type SiteRow = typeof sites.$inferSelect;
export type SiteWithContext = { site: SiteRow; organizationName: string; chargerCount: number };

/** Where a scope reaches among sites: its organizations, and its sites when restricted to some. */
export function siteScope(scope: Pick<Scope, 'organizationIds' | 'siteIds'>): SQL | undefined {
  return and(inScope(sites.organizationId, scope.organizationIds), inScope(sites.id, scope.siteIds));
}

/** Chargers in service at the site, counting only those the caller may see (a location owner sees its own). */
function chargerCount(chargerIds: readonly string[] | null) {
  const visible = inScope(sql`c.id`, chargerIds);
  return sql<number>`(SELECT count(*)::int FROM chargers c WHERE c.site_id = ${sites.id} AND c.retired_at IS NULL${visible ? sql` AND ${visible}` : sql``})`;
}

const SORTS = { name: sites.name, city: sites.city, createdAt: sites.createdAt } as const;

export interface SiteQuery {
  scope: Pick<Scope, 'organizationIds' | 'siteIds' | 'chargerIds'>;
  organizationId?: string;
  q?: string;
  sort?: keyof typeof SORTS;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export async function findSites(db: Executor, query: SiteQuery) {
  const pattern = query.q ? `%${escapeLike(query.q)}%` : null;
  const where = and(
    siteScope(query.scope),
    query.organizationId ? eq(sites.organizationId, query.organizationId) : undefined,
    pattern ? or(ilike(sites.name, pattern), ilike(sites.city, pattern)) : undefined,
  );
  const sortColumn = SORTS[query.sort ?? 'name'];
  const direction = query.order === 'desc' ? desc : asc;
  const [items, [total]] = await Promise.all([
    db
      .select({ site: sites, organizationName: organizations.name, chargerCount: chargerCount(query.scope.chargerIds) })
      .from(sites)
      .innerJoin(organizations, eq(organizations.id, sites.organizationId))
      .where(where)
      // Nulls (a site without a city) go last either way, so the useful rows come first.
      .orderBy(sql`${direction(sortColumn)} NULLS LAST`, asc(sites.name), asc(sites.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(sites)
      .where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findSite(
  db: Executor,
  id: string,
  scope: Pick<Scope, 'organizationIds' | 'siteIds' | 'chargerIds'>,
): Promise<SiteWithContext | null> {
  const [row] = await db
    .select({ site: sites, organizationName: organizations.name, chargerCount: chargerCount(scope.chargerIds) })
    .from(sites)
    .innerJoin(organizations, eq(organizations.id, sites.organizationId))
    .where(and(eq(sites.id, id), siteScope(scope)));
  return row ?? null;
}

/** Every charger at the site, retired ones included: they keep their finance history there. */
export async function countAllChargersAt(db: Executor, siteId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(chargers)
    .where(eq(chargers.siteId, siteId));
  return row?.n ?? 0;
}
