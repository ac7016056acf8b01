import type { Executor } from '../../db/client.js';
import { MAX_ATTEMPTS, settlementKey } from '../../jobs/kinds.js';
import { enqueueJob } from '../../jobs/queries.js';

/**
 * Queues a stopped session's settlement in the transaction that stops it, so no stop can commit
 * without its settlement being owed (docs/architecture.md, "Background jobs"). Once per session.
 */
export const enqueueSettlement = (db: Executor, session: { id: string; organizationId: string }) =>
  enqueueJob(db, {
    kind: 'settle-session',
    payload: { sessionId: session.id },
    dedupeKey: settlementKey(session.id),
    organizationId: session.organizationId,
  });

/** The same as SQL columns for a statement that closes many sessions at once (a batch of boots). */
export const SETTLEMENT_JOB_SQL = {
  kind: 'settle-session',
  keyPrefix: settlementKey(''),
  maxAttempts: MAX_ATTEMPTS['settle-session'],
} as const;
