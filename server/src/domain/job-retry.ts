/** The longest a failed job waits before its next attempt. */
export const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * How long a job waits after its `attempt`-th failure (1-based): the base, doubled per further
 * failure, capped at an hour, spread ±20 % so jobs that failed together (a database outage) do
 * not all come back in the same instant.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const delay = Math.min(baseMs * 2 ** exponent, MAX_RETRY_DELAY_MS);
  return Math.round(delay * (0.8 + 0.4 * random()));
}

/** After its `attempt`-th failure a job is dead-lettered when it has no attempts left. */
export const hasAttemptsLeft = (attempt: number, maxAttempts: number): boolean => attempt < maxAttempts;
