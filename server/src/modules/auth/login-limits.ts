import { type SQL, and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { loginFailures } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';

/** Failures of one account from one address within the window that lock that account for that address. */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;

/**
 * Sign-in throttling, counted in the database so every instance sees the same failures:
 * - per (account, address): 5 failures lock the account for that address only, so someone
 *   elsewhere cannot lock the owner out by guessing;
 * - per address across accounts: `perAddress` failures within the window get 429 for any account,
 *   so one address cannot spray passwords over many accounts.
 */
export interface LoginLimits {
  db: Db;
  perAddress: number;
}

const retryAfter = (oldest: Date) => Math.max(1, Math.ceil((oldest.getTime() + LOCKOUT_WINDOW_MS - Date.now()) / 1000));

/** The n-th newest failure matching `where` within the window, if there are at least n. */
async function nthNewestFailure(db: Db, where: SQL | undefined, n: number): Promise<Date | null> {
  const since = new Date(Date.now() - LOCKOUT_WINDOW_MS);
  const recent = await db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(and(where, gt(loginFailures.at, since)))
    .orderBy(sql`${loginFailures.at} DESC`)
    .offset(n - 1)
    .limit(1);
  return recent[0]?.at ?? null;
}

export async function assertMayTrySignIn(limits: LoginLimits, email: string, ip: string): Promise<void> {
  const address = await nthNewestFailure(limits.db, eq(loginFailures.ip, ip), limits.perAddress);
  if (address) {
    const retryAfterSeconds = retryAfter(address);
    throw new AppError('RATE_LIMITED', `Too many failed sign-ins from this address; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
  const account = await nthNewestFailure(
    limits.db,
    and(eq(loginFailures.email, email), eq(loginFailures.ip, ip)),
    LOCKOUT_FAILURES,
  );
  if (account) {
    throw new AppError('ACCOUNT_LOCKED', 'Too many failed sign-ins; try again later', {
      retryAfterSeconds: retryAfter(account),
    });
  }
}

export async function recordSignInFailure(db: Db, email: string, ip: string): Promise<void> {
  await db.insert(loginFailures).values({ email, ip });
}

/** A success forgets this address's failures for this account; other addresses' count on. */
export async function forgetSignInFailures(db: Db, email: string, ip: string): Promise<void> {
  await db.delete(loginFailures).where(and(eq(loginFailures.email, email), eq(loginFailures.ip, ip)));
}
