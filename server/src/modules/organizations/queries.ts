import { and, asc, desc, eq, ilike, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { organizations } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';

/** The given organizations and every descendant, through the parent links. */
export async function organizationTree(db: Executor, roots: readonly string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`WITH RECURSIVE tree(id) AS (
          SELECT id FROM organizations WHERE id IN (${sql.join(
            roots.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
          UNION
          SELECT o.id FROM organizations o JOIN tree t ON o.parent_id = t.id
        )
        SELECT id FROM tree`,
  );
  return rows.map((r) => r.id);
}

export type OrganizationRow = typeof organizations.$inferSelect;

const counts = {
  siteCount: sql<number>`(SELECT count(*)::int FROM sites s WHERE s.organization_id = organizations.id)`,
  chargerCount: sql<number>`(SELECT count(*)::int FROM chargers c WHERE c.organization_id = organizations.id AND c.retired_at IS NULL)`,
};

const SORTS = { name: organizations.name, createdAt: organizations.createdAt, currency: organizations.currency } as const;

export interface OrganizationQuery {
  organizationIds: readonly string[] | null;
  q?: string;
  parentId?: string;
  sort?: keyof typeof SORTS;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export async function findOrganizations(db: Executor, query: OrganizationQuery) {
  const where = and(
    inScope(organizations.id, query.organizationIds),
    query.q ? ilike(organizations.name, `%${escapeLike(query.q)}%`) : undefined,
    query.parentId ? eq(organizations.parentId, query.parentId) : undefined,
  );
  const sortColumn = SORTS[query.sort ?? 'name'];
  const [items, [total]] = await Promise.all([
    db
      .select({ org: organizations, ...counts })
      .from(organizations)
      .where(where)
      .orderBy(query.order === 'desc' ? desc(sortColumn) : asc(sortColumn), asc(organizations.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(organizations)
      .where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findOrganization(db: Executor, id: string, organizationIds: readonly string[] | null) {
  const [row] = await db
    .select({ org: organizations, ...counts })
    .from(organizations)
    .where(and(eq(organizations.id, id), inScope(organizations.id, organizationIds)));
  return row ?? null;
}

/** The chain of ancestors of an organization, nearest first (used to refuse cycles). */
export async function ancestorsOf(db: Executor, id: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`WITH RECURSIVE up(id, parent_id, depth) AS (
          SELECT id, parent_id, 0 FROM organizations WHERE id = ${id}::uuid
          UNION ALL
          SELECT o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id WHERE up.depth < 64
        )
        SELECT id FROM up ORDER BY depth`,
  );
  return rows.map((r) => r.id);
}

export async function organizationDependents(db: Executor, id: string) {
  const [row] = await queryRows<{ sites: number; chargers: number; users: number; children: number }>(
    db,
    sql`SELECT
          (SELECT count(*)::int FROM sites WHERE organization_id = ${id}::uuid) AS sites,
          (SELECT count(*)::int FROM chargers WHERE organization_id = ${id}::uuid) AS chargers,
          (SELECT count(*)::int FROM users WHERE organization_id = ${id}::uuid) AS users,
          (SELECT count(*)::int FROM organizations WHERE parent_id = ${id}::uuid) AS children`,
  );
  return row ?? { sites: 0, chargers: 0, users: 0, children: 0 };
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
