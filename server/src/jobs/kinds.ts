/**
 * Every kind of durable job and its payload. A payload is what the handler needs to find its work
 * again (ids, keys), never a copy of data that could change meanwhile.
 */
export interface JobPayloads {
  /** Settle a stopped session (FINANCE.md rules; idempotent: a session is settled once). */
  'settle-session': { sessionId: string };
}

export type JobKind = keyof JobPayloads;

/** Attempts before a job of each kind is dead-lettered (status `failed`, shown on the Background jobs page). */
export const MAX_ATTEMPTS: Record<JobKind, number> = {
  'settle-session': 8,
};

/** The one key that makes enqueueing a session's settlement idempotent. */
export const settlementKey = (sessionId: string) => `settle-session:${sessionId}`;
