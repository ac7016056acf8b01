import { and, asc, desc, eq, gt, gte, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { sessionSettlements, settlementAdjustments } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import type { Scope } from '../../domain/scope.js';
import type { SettlementInsert, SettlementRow } from '../settlement/queries.js';

export type AdjustmentRow = typeof settlementAdjustments.$inferSelect;

/** The settlement, locked until the transaction ends, so two re-pricings of one session run one after the other. */
export async function lockSettlement(tx: Executor, sessionId: string): Promise<SettlementRow | null> {
  const [row] = await tx.select().from(sessionSettlements).where(eq(sessionSettlements.sessionId, sessionId)).for('update');
  return row ?? null;
}

export async function replaceSettlementFigures(
  tx: Executor,
  id: string,
  values: SettlementInsert,
  revision: number,
): Promise<SettlementRow> {
  const { sessionId: _s, organizationId: _o, ...figures } = values;
  const [row] = await tx
    .update(sessionSettlements)
    .set({ ...figures, revision, repricedAt: new Date() })
    .where(eq(sessionSettlements.id, id))
    .returning();
  return row!;
}

export async function insertAdjustment(tx: Executor, values: typeof settlementAdjustments.$inferInsert): Promise<AdjustmentRow> {
  const [row] = await tx.insert(settlementAdjustments).values(values).returning();
  return row!;
}

export async function adjustmentsOfSession(db: Executor, sessionId: string, page: { page: number; pageSize: number }) {
  const where = eq(settlementAdjustments.sessionId, sessionId);
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(settlementAdjustments)
      .where(where)
      .orderBy(desc(settlementAdjustments.revision))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(settlementAdjustments)
      .where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** The next batch of sessions a tariff priced that started in [from, to), in scope, after `after` (keyset). */
export async function sessionsPricedBy(
  db: Executor,
  scope: Scope,
  range: { tariffId: string; from: Date; to: Date },
  after: { startedAt: Date; sessionId: string } | null,
  limit: number,
) {
  const s = sessionSettlements;
  return db
    .select({ sessionId: s.sessionId, startedAt: s.startedAt })
    .from(s)
    .where(
      and(
        eq(s.tariffId, range.tariffId),
        gte(s.startedAt, range.from),
        lt(s.startedAt, range.to),
        inScope(s.organizationId, scope.organizationIds),
        inScope(s.siteId, scope.siteIds),
        inScope(s.chargerId, scope.chargerIds),
        after
          ? or(gt(s.startedAt, after.startedAt), and(eq(s.startedAt, after.startedAt), gt(s.sessionId, after.sessionId)))
          : undefined,
      ),
    )
    .orderBy(asc(s.startedAt), asc(s.sessionId))
    .limit(limit);
}
