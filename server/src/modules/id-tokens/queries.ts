import { and, asc, desc, eq, getTableColumns, ilike, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.js';
import { idTokens, paymentMethods, users } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import { escapeLike } from '../organizations/queries.js';

export type IdTokenRow = typeof idTokens.$inferSelect;

const tokenMethod = alias(paymentMethods, 'token_method');
const ownerMethod = alias(paymentMethods, 'owner_method');

/** A token with its driver's name and the payment methods settlement would look at: its own and its owner's. */
const withHolder = (db: Executor) =>
  db
    .select({
      ...getTableColumns(idTokens),
      userName: users.name,
      ownGateway: tokenMethod.gateway,
      ownerGateway: ownerMethod.gateway,
    })
    .from(idTokens)
    .leftJoin(users, eq(users.id, idTokens.userId))
    .leftJoin(tokenMethod, eq(tokenMethod.idTokenId, idTokens.id))
    .leftJoin(ownerMethod, eq(ownerMethod.userId, idTokens.userId));

export type IdTokenListRow = Awaited<ReturnType<typeof withHolder>>[number];

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
    pattern
      ? or(
          ilike(idTokens.token, pattern),
          ilike(idTokens.label, pattern),
          ilike(idTokens.vehicleRef, pattern),
          ilike(users.name, pattern),
        )
      : undefined,
  );
  const [items, [total]] = await Promise.all([
    withHolder(db)
      .where(where)
      .orderBy(query.order === 'desc' ? desc(idTokens.createdAt) : asc(idTokens.createdAt), asc(idTokens.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(idTokens)
      .leftJoin(users, eq(users.id, idTokens.userId))
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

export async function findIdTokenWithHolder(
  db: Executor,
  id: string,
  organizationIds: readonly string[] | null,
): Promise<IdTokenListRow | null> {
  const [row] = await withHolder(db).where(and(eq(idTokens.id, id), inScope(idTokens.organizationId, organizationIds)));
  return row ?? null;
}
