import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { refreshTokens } from '../db/schema/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Session ids are uuids; anything else names no session (and must not reach a uuid column). */
export const isUuid = (value: string) => UUID.test(value);

/**
 * A session is one sign-in on one device: one refresh-token family, whose id every access token
 * and stream ticket of that sign-in carries (`sid`). It is active while the family has a token not
 * revoked; logout revokes the family, a password change or reset and disabling revoke them all.
 * (One indexed lookup per request: see docs/decisions/0003-session-revocation.md.)
 */
export async function isSessionActive(db: Executor, userId: string, sessionId: unknown): Promise<boolean> {
  if (typeof sessionId !== 'string' || !isUuid(sessionId)) return false;
  const [row] = await db
    .select({ id: refreshTokens.id })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.familyId, sessionId), eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
    .limit(1);
  return row !== undefined;
}
