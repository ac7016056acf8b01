import { type SQL, and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import {
  type GatewayKind,
  type ReconciliationOutcome,
  chargingSessions,
  organizations,
  paymentReconciliationLines,
  paymentReconciliations,
  payments,
  users,
} from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import type { OurPayment } from './match.js';

/** The payment types that move money (an authorization holds, a void releases; neither settles). */
const MONEY_MOVING = ['capture', 'sale', 'refund', 'top_up'] as const;

/** References are looked up this many at a time (one bind parameter each). */
const REFERENCE_BATCH = 1000;

export interface CandidateFilter {
  gateway: GatewayKind;
  /** One organization, or (null) every organization `organizationIds` allows (null: all). */
  organizationId: string | null;
  organizationIds: readonly string[] | null;
  from: Date;
  to: Date;
  references: readonly string[];
}

/**
 * Our approved money-moving payments through the gateway: those created in the period (the report
 * should list them) and those the report names whatever their date (a payment settled a day late
 * still matches; only the period decides what counts as missing on the gateway's side).
 */
export async function candidatePayments(db: Executor, filter: CandidateFilter): Promise<OurPayment[]> {
  const base = and(
    eq(payments.gateway, filter.gateway),
    eq(payments.status, 'approved'),
    inArray(payments.type, [...MONEY_MOVING]),
    sql`${payments.gatewayReference} IS NOT NULL`,
    filter.organizationId
      ? eq(payments.organizationId, filter.organizationId)
      : inScope(payments.organizationId, filter.organizationIds),
  );
  const inPeriod = and(gte(payments.createdAt, filter.from), lt(payments.createdAt, filter.to));
  const select = (where: SQL | undefined) =>
    db
      .select({
        id: payments.id,
        type: payments.type,
        amountMinor: payments.amountMinor,
        approvedMinor: payments.approvedMinor,
        currency: payments.currency,
        gatewayReference: payments.gatewayReference,
        createdAt: payments.createdAt,
      })
      .from(payments)
      .where(and(base, where))
      .orderBy(asc(payments.createdAt), asc(payments.id));

  const found = new Map<string, Awaited<ReturnType<typeof select>>[number]>();
  for (const row of await select(inPeriod)) found.set(row.id, row);
  const references = [...new Set(filter.references)];
  for (let i = 0; i < references.length; i += REFERENCE_BATCH) {
    const batch = references.slice(i, i + REFERENCE_BATCH);
    for (const row of await select(inArray(payments.gatewayReference, batch))) found.set(row.id, row);
  }
  return [...found.values()]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    .map((row) => ({
      id: row.id,
      type: row.type,
      amountMinor: row.approvedMinor ?? row.amountMinor,
      currency: row.currency,
      gatewayReference: row.gatewayReference!,
      inPeriod: row.createdAt >= filter.from && row.createdAt < filter.to,
    }));
}

export async function insertReconciliation(tx: Executor, values: typeof paymentReconciliations.$inferInsert) {
  const [row] = await tx.insert(paymentReconciliations).values(values).returning();
  return row!;
}

/** Lines go in a few hundred at a time: a row costs 7 bind parameters and a statement takes 65 535. */
export async function insertLines(tx: Executor, lines: (typeof paymentReconciliationLines.$inferInsert)[]) {
  for (let i = 0; i < lines.length; i += 500) await tx.insert(paymentReconciliationLines).values(lines.slice(i, i + 500));
}

const summaryColumns = {
  id: paymentReconciliations.id,
  organizationId: paymentReconciliations.organizationId,
  organizationName: organizations.name,
  timeZone: organizations.timeZone,
  gateway: paymentReconciliations.gateway,
  fileName: paymentReconciliations.fileName,
  periodFrom: paymentReconciliations.periodFrom,
  periodTo: paymentReconciliations.periodTo,
  counts: paymentReconciliations.counts,
  importedBy: users.name,
  createdAt: paymentReconciliations.createdAt,
};

export type SummaryRow = Awaited<ReturnType<typeof reconciliationSummaries>>['rows'][number];

export async function reconciliationSummaries(db: Executor, where: SQL | undefined, page: { page: number; pageSize: number }) {
  const rows = await db
    .select(summaryColumns)
    .from(paymentReconciliations)
    .leftJoin(organizations, eq(organizations.id, paymentReconciliations.organizationId))
    .leftJoin(users, eq(users.id, paymentReconciliations.importedBy))
    .where(where)
    .orderBy(desc(paymentReconciliations.createdAt), desc(paymentReconciliations.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(paymentReconciliations)
    .where(where);
  return { rows, total: Number(count?.n ?? 0) };
}

export const reconciliationScope = (organizationIds: readonly string[] | null) =>
  inScope(paymentReconciliations.organizationId, organizationIds);

export const reconciliationFilter = (filter: { id?: string; organizationId?: string; gateway?: GatewayKind }) =>
  and(
    filter.id ? eq(paymentReconciliations.id, filter.id) : undefined,
    filter.organizationId ? eq(paymentReconciliations.organizationId, filter.organizationId) : undefined,
    filter.gateway ? eq(paymentReconciliations.gateway, filter.gateway) : undefined,
  );

export interface TotalsRow extends Record<string, unknown> {
  outcome: ReconciliationOutcome;
  currency: string;
  lines: number;
  their: string;
  ours: string;
}

/** Per outcome and currency: how many lines and what they add up to on each side. */
export async function reconciliationTotals(db: Executor, reconciliationId: string) {
  return queryRows<TotalsRow>(
    db,
    sql`SELECT outcome, coalesce(currency, '') AS currency, count(*)::int AS lines,
          coalesce(sum(their_amount_minor), 0)::text AS their, coalesce(sum(our_amount_minor), 0)::text AS ours
        FROM payment_reconciliation_lines
        WHERE reconciliation_id = ${reconciliationId}::uuid
        GROUP BY outcome, currency
        ORDER BY outcome, currency`,
  );
}

/** One page of lines, in the report's order and then the payments it lacked, each with its payment and session. */
export async function reconciliationLines(
  db: Executor,
  reconciliationId: string,
  outcome: ReconciliationOutcome | undefined,
  page: { page: number; pageSize: number },
) {
  const where = and(
    eq(paymentReconciliationLines.reconciliationId, reconciliationId),
    outcome ? eq(paymentReconciliationLines.outcome, outcome) : undefined,
  );
  const rows = await db
    .select({
      line: paymentReconciliationLines,
      payment: {
        id: payments.id,
        type: payments.type,
        currency: payments.currency,
        createdAt: payments.createdAt,
        sessionId: payments.sessionId,
      },
      sessionTransactionId: chargingSessions.transactionId,
    })
    .from(paymentReconciliationLines)
    .leftJoin(payments, eq(payments.id, paymentReconciliationLines.paymentId))
    .leftJoin(chargingSessions, eq(chargingSessions.id, payments.sessionId))
    .where(where)
    .orderBy(asc(paymentReconciliationLines.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(paymentReconciliationLines)
    .where(where);
  return { rows, total: Number(count?.n ?? 0) };
}

export async function organizationOf(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      currency: organizations.currency,
      timeZone: organizations.timeZone,
    })
    .from(organizations)
    .where(eq(organizations.id, id));
  return row ?? null;
}
