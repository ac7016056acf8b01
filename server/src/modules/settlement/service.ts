import type { Db } from '../../db/client.js';
import type { Scope } from '../../domain/scope.js';
import { notFound } from '../../errors.js';
import { addToDailyRollup, settlementFigures } from '../analytics/rollups.js';
import { computeSettlement, moneyFigures } from './figures.js';
import { insertPostings, insertSettlement, postingsOfSession, type SettlementRow, settlementInScope } from './queries.js';

/**
 * The settlement of a stopped session (docs/finance.md §6), stored with its ledger postings in one transaction. Idempotent:
 * the first settlement of a session stands (unique per session), so a repeated stop settles once.
 */
export async function settleStoppedSession(db: Db, sessionId: string): Promise<SettlementRow | null> {
  const computed = await computeSettlement(db, sessionId);
  if (!computed) return null;
  const { values, postings } = computed;
  return db.transaction(async (tx) => {
    const row = await insertSettlement(tx, values);
    if (!row) return null;
    await addToDailyRollup(tx, settlementFigures(row));
    await insertPostings(
      tx,
      postings.map((p) => ({
        organizationId: row.organizationId,
        sessionId,
        account: p.account,
        ref: p.ref ?? null,
        currency: row.currency,
        amountMinor: p.amountMinor,
        at: row.stoppedAt,
      })),
    );
    return row;
  });
}

/** GET /sessions/:id/settlement: the stored breakdown and its ledger postings; 404 outside scope. */
export async function getSessionSettlement(db: Db, scope: Scope, sessionId: string) {
  const row = await settlementInScope(db, sessionId, scope);
  if (!row) throw notFound('Settlement');
  const postings = await postingsOfSession(db, sessionId);
  return {
    ...row,
    ...moneyFigures(row),
    startedAt: row.startedAt.toISOString(),
    stoppedAt: row.stoppedAt.toISOString(),
    settledAt: row.settledAt.toISOString(),
    repricedAt: row.repricedAt?.toISOString() ?? null,
    postings: postings.map((p) => ({
      account: p.account,
      ref: p.ref,
      entryKind: p.entryKind,
      amountMinor: Number(p.amountMinor),
    })),
  };
}
