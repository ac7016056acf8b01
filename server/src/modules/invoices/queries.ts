import { and, asc, desc, eq, gte, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.js';
import {
  invoicePayments,
  invoices,
  ledgerPostings,
  organizationLogos,
  organizations,
  sessionSettlements,
} from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import type { InvoicedSession } from '../../domain/finance/invoice.js';
import { escapeLike } from '../organizations/queries.js';

export type InvoiceRow = typeof invoices.$inferSelect;
export type InvoiceInsert = typeof invoices.$inferInsert;

const credited = alias(invoices, 'credited');

const creditNotesTotal = sql`(SELECT coalesce(sum(cn.total_minor), 0) FROM invoices cn
  WHERE cn.credited_invoice_id = ${invoices.id})`;

/**
 * Sent, an amount due left and past its due date in the organization's own calendar (never stored). The
 * amount due is `invoiceBalance`'s (domain/finance/invoice-balance.ts): total − payments − credit notes.
 */
const overdue = sql<boolean>`(${invoices.status} = 'sent' AND ${invoices.kind} = 'invoice'
  AND ${invoices.totalMinor} - ${invoices.paidMinor} - ${creditNotesTotal} > 0
  AND ${invoices.dueDate} < (now() AT TIME ZONE ${organizations.timeZone})::date)`;

const listed = {
  invoice: invoices,
  organizationName: organizations.name,
  overdue,
  creditedInvoiceNumber: credited.number,
  creditedMinor: sql<string>`${creditNotesTotal}::text`,
  creditedSubtotalMinor: sql<string>`(SELECT coalesce(sum(cn.subtotal_minor), 0)::text FROM invoices cn
    WHERE cn.credited_invoice_id = ${invoices.id})`,
};

export type ListedInvoice = { invoice: InvoiceRow; organizationName: string; overdue: boolean } & {
  creditedInvoiceNumber: string | null;
  creditedMinor: string;
  creditedSubtotalMinor: string;
};

const SORTS = {
  periodStartDate: invoices.periodStartDate,
  number: invoices.number,
  organizationName: organizations.name,
  totalMinor: invoices.totalMinor,
  dueDate: invoices.dueDate,
  generatedAt: invoices.generatedAt,
} as const;

export interface InvoiceQuery {
  organizationIds: readonly string[] | null;
  organizationId?: string;
  status?: 'draft' | 'sent' | 'paid' | 'overdue';
  kind?: 'invoice' | 'credit_note';
  periodFrom?: string;
  periodTo?: string;
  q?: string;
  sort?: keyof typeof SORTS;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

function statusCondition(status: InvoiceQuery['status']): SQL | undefined {
  if (!status) return undefined;
  if (status === 'overdue') return overdue;
  if (status === 'sent') return and(eq(invoices.status, 'sent'), sql`NOT ${overdue}`);
  return eq(invoices.status, status);
}

export async function findInvoices(db: Executor, query: InvoiceQuery) {
  const where = and(
    inScope(invoices.organizationId, query.organizationIds),
    query.organizationId ? eq(invoices.organizationId, query.organizationId) : undefined,
    statusCondition(query.status),
    query.kind ? eq(invoices.kind, query.kind) : undefined,
    query.periodFrom ? gte(invoices.periodStartDate, query.periodFrom) : undefined,
    query.periodTo ? lte(invoices.periodStartDate, query.periodTo) : undefined,
    query.q
      ? sql`(${invoices.number} ILIKE ${`%${escapeLike(query.q)}%`} OR ${organizations.name} ILIKE ${`%${escapeLike(query.q)}%`})`
      : undefined,
  );
  const column = SORTS[query.sort ?? 'periodStartDate'];
  const order = (query.order ?? (query.sort ? 'asc' : 'desc')) === 'desc' ? desc(column) : asc(column);
  const [items, [total]] = await Promise.all([
    db
      .select(listed)
      .from(invoices)
      .innerJoin(organizations, eq(organizations.id, invoices.organizationId))
      .leftJoin(credited, eq(credited.id, invoices.creditedInvoiceId))
      .where(where)
      .orderBy(order, desc(invoices.generatedAt), asc(invoices.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(invoices)
      .innerJoin(organizations, eq(organizations.id, invoices.organizationId))
      .where(where),
  ]);
  return { items: items as ListedInvoice[], total: total?.n ?? 0 };
}

/** One invoice with its listing fields, if the organization is in `organizationIds` (null: any). */
export async function findInvoice(db: Executor, id: string, organizationIds: readonly string[] | null) {
  const [row] = await db
    .select(listed)
    .from(invoices)
    .innerJoin(organizations, eq(organizations.id, invoices.organizationId))
    .leftJoin(credited, eq(credited.id, invoices.creditedInvoiceId))
    .where(and(eq(invoices.id, id), inScope(invoices.organizationId, organizationIds)));
  return (row as ListedInvoice | undefined) ?? null;
}

export async function creditNotesOf(db: Executor, invoiceId: string) {
  const rows = await db
    .select(listed)
    .from(invoices)
    .innerJoin(organizations, eq(organizations.id, invoices.organizationId))
    .leftJoin(credited, eq(credited.id, invoices.creditedInvoiceId))
    .where(eq(invoices.creditedInvoiceId, invoiceId))
    .orderBy(asc(invoices.generatedAt));
  return rows as ListedInvoice[];
}

export async function paymentsOf(db: Executor, invoiceId: string) {
  return db
    .select()
    .from(invoicePayments)
    .where(eq(invoicePayments.invoiceId, invoiceId))
    .orderBy(asc(invoicePayments.paidOn), asc(invoicePayments.createdAt));
}

/** Locks the invoice row for the rest of the transaction (send, pay, credit, regenerate). */
export async function lockInvoice(tx: Executor, id: string): Promise<InvoiceRow | null> {
  const [row] = await tx.select().from(invoices).where(eq(invoices.id, id)).for('update');
  return row ?? null;
}

export async function organizationForInvoicing(db: Executor, id: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
  return row ?? null;
}

export async function organizationLogo(db: Executor, organizationId: string) {
  const [row] = await db.select().from(organizationLogos).where(eq(organizationLogos.organizationId, organizationId));
  return row ?? null;
}

const invoicedFigures = {
  stoppedAt: sessionSettlements.stoppedAt,
  energyWh: sessionSettlements.energyWh,
  grossMinor: sessionSettlements.grossMinor,
  taxMinor: sessionSettlements.taxMinor,
  netMinor: sessionSettlements.netMinor,
  platformCommissionMinor: sessionSettlements.platformCommissionMinor,
  gatewayFeeMinor: sessionSettlements.gatewayFeeMinor,
  gatewayFeeBearer: sessionSettlements.gatewayFeeBearer,
  locationOwnerCommissionMinor: sessionSettlements.locationOwnerCommissionMinor,
};

export type ClaimedSession = InvoicedSession & { stoppedAt: Date };

/**
 * The settled sessions an invoice for [start, end) bills, not yet on any invoice (docs/finance.md §8 and §12: a
 * session counts at its end): those that ended in the period, and late ones that ended before it — unless
 * their own period has a draft, which bills them when it is regenerated. A session of a period whose
 * invoice was sent (or that has none) is never dropped: the next invoice takes it.
 */
function claimable(organizationId: string, currency: string, start: Date, end: Date): SQL {
  const s = sessionSettlements;
  return and(
    eq(s.organizationId, organizationId),
    eq(s.currency, currency),
    isNull(s.invoiceId),
    lt(s.stoppedAt, end),
    or(
      gte(s.stoppedAt, start),
      sql`NOT EXISTS (SELECT 1 FROM invoices d WHERE d.organization_id = ${s.organizationId} AND d.kind = 'invoice'
        AND d.status = 'draft' AND ${s.stoppedAt} >= d.period_start AND ${s.stoppedAt} < d.period_end)`,
    ),
  )!;
}

/** How many sessions a new invoice for the period would bill (a bulk run skips the empty ones). */
export async function claimableSessions(db: Executor, organizationId: string, currency: string, start: Date, end: Date) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sessionSettlements)
    .where(claimable(organizationId, currency, start, end));
  return row?.n ?? 0;
}

/**
 * Marks the claimable sessions as billed by `invoiceId` and returns their already-rounded figures. Under
 * concurrency a row another invoice claimed first no longer matches, so each session is billed once.
 */
export async function claimSessions(
  tx: Executor,
  invoiceId: string,
  organizationId: string,
  currency: string,
  period: { start: Date; end: Date },
): Promise<ClaimedSession[]> {
  return tx
    .update(sessionSettlements)
    .set({ invoiceId })
    .where(claimable(organizationId, currency, period.start, period.end))
    .returning(invoicedFigures);
}

/** A draft being regenerated gives its sessions back before claiming again. */
export async function releaseSessions(tx: Executor, invoiceId: string): Promise<void> {
  await tx.update(sessionSettlements).set({ invoiceId: null }).where(eq(sessionSettlements.invoiceId, invoiceId));
}

/** Inserts the draft unless the organization already has an invoice for the period; null when it had. */
export async function insertDraft(tx: Executor, values: InvoiceInsert): Promise<InvoiceRow | null> {
  const [row] = await tx.insert(invoices).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function invoiceForPeriod(db: Executor, organizationId: string, periodStartDate: string) {
  const [row] = await db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.organizationId, organizationId),
        eq(invoices.periodStartDate, periodStartDate),
        eq(invoices.kind, 'invoice'),
      ),
    );
  return row ?? null;
}

export async function updateInvoice(tx: Executor, id: string, values: Partial<InvoiceInsert>): Promise<InvoiceRow> {
  const [row] = await tx
    .update(invoices)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(invoices.id, id))
    .returning();
  return row!;
}

/** The credit notes already issued against an invoice: their totals and their subtotals (excluding tax). */
export async function creditedAmounts(tx: Executor, invoiceId: string): Promise<{ total: bigint; subtotal: bigint }> {
  const [row] = await tx
    .select({
      total: sql<string>`coalesce(sum(${invoices.totalMinor}), 0)::text`,
      subtotal: sql<string>`coalesce(sum(${invoices.subtotalMinor}), 0)::text`,
    })
    .from(invoices)
    .where(eq(invoices.creditedInvoiceId, invoiceId));
  return { total: BigInt(row?.total ?? '0'), subtotal: BigInt(row?.subtotal ?? '0') };
}

export type PostingInsert = typeof ledgerPostings.$inferInsert;

export async function insertPostings(tx: Executor, postings: PostingInsert[]): Promise<void> {
  if (postings.length > 0) await tx.insert(ledgerPostings).values(postings);
}

export async function insertPayment(tx: Executor, values: typeof invoicePayments.$inferInsert) {
  const [row] = await tx.insert(invoicePayments).values(values).returning();
  return row!;
}
