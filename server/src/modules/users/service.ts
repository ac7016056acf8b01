import { eq } from 'drizzle-orm';
import { assertAcceptablePassword, hashPassword } from '../../auth/passwords.js';
import type { Db, Tx } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { ROLE_DEFINITIONS } from '../../domain/permissions.js';
import type { Scope } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { revokeAllForUser } from '../auth/service.js';
import { assertMayGrant, assertMayManage, bindingOf, nextBinding, sameBinding } from './binding.js';
import { type UserRow, findUser, findUsers, userRecord } from './queries.js';
import type { CreateUser, UpdateUser, UserListFilter, UserPresented } from './schemas.js';

export function presentUser({ customRoleName, ...user }: UserRow): UserPresented {
  return {
    ...user,
    roleName: customRoleName ?? (user.role === 'custom' ? 'Custom role' : ROLE_DEFINITIONS[user.role].name),
    organizationRestriction: user.organizationRestriction ?? null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export async function listUsers(db: Db, scope: Scope, filter: UserListFilter, page: PageRequest) {
  const { items, total } = await findUsers(db, { ...filter, ...page, scope });
  return { items: items.map(presentUser), total, ...page };
}

/** Outside the caller's scope answers 404, so existence does not leak. */
export async function getUser(db: Db, scope: Scope, id: string): Promise<UserRow> {
  const row = await findUser(db, id, scope);
  if (!row) throw notFound('User');
  return row;
}

const reread = async (db: Db, id: string) => presentUser((await findUser(db, id, null))!);

/** Applies one change to a user and records it, before and after, in the same transaction. */
async function changeUser(
  db: Db,
  audit: AuditContext,
  user: UserRow,
  action: string,
  change: (tx: Tx) => Promise<unknown>,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await userRecord(tx, user.id);
    await change(tx);
    const after = await userRecord(tx, user.id);
    await recordAudit(tx, audit, {
      entityType: 'user',
      entityId: user.id,
      action,
      organizationId: after?.organizationId ?? null,
      before,
      after,
    });
  });
}

/** New users get an initial password they must change at first sign-in. */
export async function createUser(db: Db, audit: AuditContext, scope: Scope, input: CreateUser, bcryptCost: number) {
  assertAcceptablePassword(input.password, { email: input.email, name: input.name });
  const binding = await assertMayGrant(db, scope, {
    role: input.role,
    organizationId: input.organizationId ?? null,
    customRoleId: input.customRoleId ?? null,
    organizationRestriction: input.organizationRestriction ?? null,
  });
  const passwordHash = await hashPassword(input.password, bcryptCost);
  const id = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({
        email: input.email.trim().toLowerCase(),
        name: input.name,
        phone: input.phone ?? null,
        ...binding,
        passwordHash,
        mustChangePassword: true,
      })
      .returning({ id: users.id });
    await recordAudit(tx, audit, {
      entityType: 'user',
      entityId: created!.id,
      action: 'create',
      organizationId: binding.organizationId,
      after: await userRecord(tx, created!.id),
    });
    return created!.id;
  });
  return reread(db, id);
}

export async function updateUser(db: Db, audit: AuditContext, scope: Scope, id: string, input: UpdateUser) {
  const user = await getUser(db, scope, id);
  await assertMayManage(db, scope, user);
  const { name, phone, ...bindingInput } = input;
  const current = bindingOf(user);
  let binding = nextBinding(current, bindingInput);
  if (!sameBinding(binding, current)) {
    if (id === scope.userId) throw new AppError('OWN_ACCOUNT', 'You cannot change your own role or organization');
    binding = await assertMayGrant(db, scope, binding);
  }
  await changeUser(db, audit, user, 'update', (tx) =>
    tx
      .update(users)
      .set({ name, phone, ...binding, updatedAt: new Date() })
      .where(eq(users.id, id)),
  );
  return reread(db, id);
}

/** Disabling ends every session at once: refresh tokens are revoked, access tokens stop working. */
export async function setUserDisabled(db: Db, audit: AuditContext, scope: Scope, id: string, disabled: boolean) {
  const user = await getUser(db, scope, id);
  if (disabled && id === scope.userId) throw new AppError('OWN_ACCOUNT', 'You cannot disable your own account');
  await assertMayManage(db, scope, user);
  if (user.disabled === disabled) return presentUser(user);
  await changeUser(db, audit, user, disabled ? 'disable' : 'enable', async (tx) => {
    await tx.update(users).set({ disabled, updatedAt: new Date() }).where(eq(users.id, id));
    if (disabled) await revokeAllForUser(tx, id);
  });
  return reread(db, id);
}

/** An administrator sets a temporary password: sessions end and the user must choose a new one. */
export async function resetUserPassword(
  db: Db,
  audit: AuditContext,
  scope: Scope,
  id: string,
  password: string,
  bcryptCost: number,
) {
  const user = await getUser(db, scope, id);
  if (id === scope.userId) throw new AppError('OWN_ACCOUNT', 'Change your own password with POST /api/v1/me/password');
  await assertMayManage(db, scope, user);
  assertAcceptablePassword(password, { email: user.email, name: user.name });
  const passwordHash = await hashPassword(password, bcryptCost);
  await db.transaction(async (tx) => {
    const now = new Date();
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, id));
    await revokeAllForUser(tx, id);
    await recordAudit(tx, audit, {
      entityType: 'user',
      entityId: id,
      action: 'password_reset',
      organizationId: user.organizationId,
      before: { passwordHash: 'old', mustChangePassword: user.mustChangePassword },
      after: { passwordHash: 'new', mustChangePassword: true },
    });
  });
  return reread(db, id);
}
