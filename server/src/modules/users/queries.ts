import { and, asc, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { customRoles, organizations, users } from '../../db/schema/index.js';
import type { RoleKey } from '../../domain/permissions.js';
import type { ChargerScope } from '../chargers/queries.js';
import { escapeLike } from '../organizations/queries.js';
import { userScope } from './reach.js';

/** Everything shown about a user; the password hash is never selected. */
const presentable = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  customRoleId: users.customRoleId,
  customRoleName: customRoles.name,
  organizationId: users.organizationId,
  organizationName: organizations.name,
  organizationRestriction: users.organizationRestriction,
  disabled: users.disabled,
  mustChangePassword: users.mustChangePassword,
  phone: users.phone,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

const SORTS = { name: users.name, email: users.email, role: users.role, createdAt: users.createdAt } as const;

export interface UserQuery {
  scope: ChargerScope;
  organizationId?: string;
  role?: RoleKey;
  customRoleId?: string;
  disabled?: boolean;
  q?: string;
  sort?: keyof typeof SORTS;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const selectUsers = (db: Executor) =>
  db
    .select(presentable)
    .from(users)
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .leftJoin(customRoles, eq(customRoles.id, users.customRoleId));

export type UserRow = Awaited<ReturnType<typeof selectUsers>>[number];

export async function findUsers(db: Executor, query: UserQuery) {
  const pattern = query.q ? `%${escapeLike(query.q)}%` : null;
  const where = and(
    userScope(query.scope),
    query.organizationId ? eq(users.organizationId, query.organizationId) : undefined,
    query.role ? eq(users.role, query.role) : undefined,
    query.customRoleId ? eq(users.customRoleId, query.customRoleId) : undefined,
    query.disabled !== undefined ? eq(users.disabled, query.disabled) : undefined,
    pattern ? or(ilike(users.name, pattern), ilike(users.email, pattern)) : undefined,
  );
  const sortColumn = SORTS[query.sort ?? 'name'];
  const [items, [total]] = await Promise.all([
    selectUsers(db)
      .where(where)
      .orderBy(query.order === 'desc' ? desc(sortColumn) : asc(sortColumn), asc(users.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** Users are bound to organizations: a scoped caller reaches only users of its reach (`userScope`); null: unrestricted. */
export async function findUser(db: Executor, id: string, scope: ChargerScope | null): Promise<UserRow | null> {
  const [row] = await selectUsers(db).where(and(eq(users.id, id), scope ? userScope(scope) : undefined));
  return row ?? null;
}

/** The stored record, for audit before/after (the hash stays out of it). */
export async function userRecord(db: Executor, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) return null;
  const { passwordHash: _hash, ...record } = row;
  return record;
}

export async function missingOrganizations(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(inArray(organizations.id, [...ids]));
  const existing = new Set(found.map((o) => o.id));
  return ids.filter((id) => !existing.has(id));
}
