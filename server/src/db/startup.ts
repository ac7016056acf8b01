import type { Database } from './client.js';
import { databaseFailureOf, isDatabaseUnavailable } from './errors.js';

/** Start-up could not use DATABASE_URL; the message names the setting and where it points, never the password. */
export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
}

/** host:port of a postgres:// URL (a socket directory given as ?host=… counts as the host). */
export function databaseAddress(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
    return `${host}:${parsed.port || '5432'}`;
  } catch {
    return 'an unparsable address';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the database answers, for up to `retrySeconds`: in a container start the database is
 * often a few seconds behind the application. Only "cannot reach it" is retried; a wrong password or
 * a missing database fails at once.
 */
export async function waitForDatabase(
  database: Pick<Database, 'ping'>,
  url: string,
  retrySeconds: number,
  onRetry: (reason: string) => void = () => undefined,
): Promise<void> {
  const deadline = Date.now() + retrySeconds * 1000;
  const where = `DATABASE_URL (${databaseAddress(url)})`;
  for (let delay = 250, attempt = 0; ; delay = Math.min(delay * 2, 2000), attempt++) {
    // A host that drops packets hangs in connect: each attempt is bounded by what is left of the window.
    const left = Math.max(deadline - Date.now(), 1000);
    let timer: NodeJS.Timeout | undefined;
    const silence = new Error(`no answer within ${Math.round(left / 1000)} s`);
    const timedOut = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(silence), left)));
    try {
      await Promise.race([database.ping(), timedOut]);
      return;
    } catch (error) {
      const reason = databaseFailureOf(error)?.reason ?? (error instanceof Error ? error.message : String(error));
      if (error !== silence && !isDatabaseUnavailable(error))
        throw new DatabaseUnreachableError(`Cannot use the database at ${where}: ${reason}`);
      if (Date.now() + delay >= deadline) {
        throw new DatabaseUnreachableError(
          `The database at ${where} is not reachable after ${retrySeconds} s (${attempt + 1} attempts): ${reason}. ` +
            'Check DATABASE_URL and that PostgreSQL is running, or wait longer with DATABASE_STARTUP_RETRY_SECONDS.',
        );
      }
      if (attempt === 0) onRetry(reason);
      await sleep(delay);
    } finally {
      clearTimeout(timer);
    }
  }
}
