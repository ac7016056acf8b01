import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { refreshTokens, users } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { DUMMY_HASH, assertAcceptablePassword, hashPassword, verifyPassword } from '../../auth/passwords.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { assertMayTrySignIn, forgetSignInFailures, recordSignInFailure } from './login-limits.js';

export interface AuthDeps {
  db: Db;
  bcryptCost: number;
  refreshTokenTtlDays: number;
  loginFailuresPerAddress: number;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Checks the password, throttled per (account, address) and per address (login-limits.ts). */
export async function authenticateWithPassword(deps: AuthDeps, emailInput: string, password: string, ip: string) {
  const email = normalizeEmail(emailInput);
  await assertMayTrySignIn({ db: deps.db, perAddress: deps.loginFailuresPerAddress }, email, ip);
  const [user] = await deps.db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid || user.disabled) {
    await recordSignInFailure(deps.db, email, ip);
    throw new AppError('INVALID_CREDENTIALS', 'E-mail or password is wrong, or the account is disabled');
  }
  await forgetSignInFailures(deps.db, email, ip);
  await deps.db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return user;
}

export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
  /** The family: the session that access tokens and stream tickets name as `sid`. */
  sessionId: string;
}

export async function issueRefreshToken(
  deps: AuthDeps,
  userId: string,
  familyId: string = randomUUID(),
): Promise<IssuedRefreshToken> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + deps.refreshTokenTtlDays * 86_400_000);
  await deps.db.insert(refreshTokens).values({ userId, familyId, tokenHash: sha256(token), expiresAt });
  return { token, expiresAt, sessionId: familyId };
}

/**
 * Single use: a token is exchanged once for a new one of the same family. Presenting a used
 * token again means it was stolen or replayed, so the whole family is revoked.
 */
export async function rotateRefreshToken(deps: AuthDeps, token: string): Promise<{ userId: string; next: IssuedRefreshToken }> {
  const invalid = () => new AppError('REFRESH_TOKEN_INVALID', 'Your session has ended; sign in again');
  const [row] = await deps.db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, sha256(token)));
  if (!row) throw invalid();
  if (row.revokedAt || row.expiresAt.getTime() <= Date.now()) throw invalid();
  const claimed = await deps.db
    .update(refreshTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.usedAt)))
    .returning({ id: refreshTokens.id });
  if (claimed.length === 0) {
    await revokeFamily(deps.db, row.familyId);
    throw invalid();
  }
  const [user] = await deps.db.select({ disabled: users.disabled }).from(users).where(eq(users.id, row.userId));
  if (!user || user.disabled) throw invalid();
  return { userId: row.userId, next: await issueRefreshToken(deps, row.userId, row.familyId) };
}

export async function revokeFamily(db: Db, familyId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Logout with an access token alone (an API client without the cookie): ends the session it names. */
export async function revokeSession(db: Db, userId: string, sessionId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, sessionId), eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

export async function revokeByToken(db: Db, token: string): Promise<void> {
  const [row] = await db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, sha256(token)));
  if (row) await revokeFamily(db, row.familyId);
}

export async function revokeAllForUser(db: Pick<Db, 'update'>, userId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

export async function changeOwnPassword(
  deps: AuthDeps,
  audit: AuditContext,
  userId: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong');
  }
  assertAcceptablePassword(newPassword, { email: user.email, name: user.name });
  if (await verifyPassword(newPassword, user.passwordHash)) {
    throw new AppError('UNPROCESSABLE', 'The new password must differ from the current one');
  }
  const passwordHash = await hashPassword(newPassword, deps.bcryptCost);
  await deps.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), updatedAt: new Date() })
      .where(eq(users.id, userId));
    await revokeAllForUser(tx, userId);
    await recordAudit(tx, audit, {
      entityType: 'user',
      entityId: userId,
      action: 'password_changed',
      organizationId: user.organizationId,
      before: { passwordHash: 'old', mustChangePassword: user.mustChangePassword },
      after: { passwordHash: 'new', mustChangePassword: false },
    });
  });
}
