import { and, asc, desc, eq, ilike, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { idTokens } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import { escapeLike } from '../organizations/queries.js';

export type IdTokenRow = typeof idTokens.$inferSelect;

export interface IdTokenQuery {
  organizationIds: readonly string[] | null;
  organizationId?: string;
  status?: IdTokenRow['status'];
  kind?: IdTokenRow['kind'];
  q?: string;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export async function findIdTokens(db: Executor, query: IdTokenQuery) {
  const pattern = query.q ? `%${escapeLike(query.q)}%` : null;
  const where = and(
    inScope(idTokens.organizationId, query.organizationIds),
    query.organizationId ? eq(idTokens.organizationId, query.organizationId) : undefined,
    query.status ? eq(idTokens.status, query.status) : undefined,
    query.kind ? eq(idTokens.kind, query.kind) : undefined,
    pattern ? or(ilike(idTokens.token, pattern), ilike(idTokens.label, pattern), ilike(idTokens.vehicleRef, pattern)) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(idTokens)
      .where(where)
      .orderBy(query.order === 'desc' ? desc(idTokens.createdAt) : asc(idTokens.createdAt), asc(idTokens.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(idTokens)
      .where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findIdToken(
  db: Executor,
  id: string,
  organizationIds: readonly string[] | null,
): Promise<IdTokenRow | null> {
  const [row] = await db
    .select()
    .from(idTokens)
    .where(and(eq(idTokens.id, id), inScope(idTokens.organizationId, organizationIds)));
  return row ?? null;
}
