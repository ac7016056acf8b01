import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { organizations, payouts } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';

/** The organization's payout balance lives in `partner_payable` (credits negative, so owed = −sum). */
const PAYABLE = 'partner_payable';

export interface BalanceRow extends Record<string, unknown> {
  organization_id: string;
  organization_name: string;
  currency: string;
  accrued: string;
  invoiced: string;
  credited: string;
  refunded: string;
  invoice_payments: string;
  paid_out: string;
  balance: string;
}

/** Per organization in scope: its partner_payable postings summed by what wrote them. */
export async function payoutBalances(db: Executor, organizationIds: readonly string[] | null, organizationId?: string) {
  const where = and(inScope(sql`o.id`, organizationIds), organizationId ? sql`o.id = ${organizationId}::uuid` : undefined);
  return queryRows<BalanceRow>(
    db,
    sql`SELECT o.id AS organization_id, o.name AS organization_name, o.currency,
          (-coalesce(sum(p.amount_minor) FILTER (WHERE p.entry_kind IN ('session', 'adjustment')), 0))::text AS accrued,
          coalesce(sum(p.amount_minor) FILTER (WHERE p.entry_kind = 'invoice'), 0)::text AS invoiced,
          (-coalesce(sum(p.amount_minor) FILTER (WHERE p.entry_kind = 'credit_note'), 0))::text AS credited,
          coalesce(sum(p.amount_minor) FILTER (WHERE p.entry_kind = 'refund'), 0)::text AS refunded,
          (-coalesce(sum(p.amount_minor) FILTER (WHERE p.entry_kind = 'invoice_payment'), 0))::text AS invoice_payments,
          coalesce(sum(p.amount_minor) FILTER (WHERE p.entry_kind = 'payout'), 0)::text AS paid_out,
          (-coalesce(sum(p.amount_minor), 0))::text AS balance
        FROM organizations o
        LEFT JOIN ledger_postings p
          ON p.organization_id = o.id AND p.account = ${PAYABLE} AND p.currency = o.currency
        ${where ? sql`WHERE ${where}` : sql``}
        GROUP BY o.id, o.name, o.currency
        ORDER BY o.name, o.id`,
  );
}

export interface EntryRow extends Record<string, unknown> {
  at: Date | string;
  entry_kind: string;
  reference: string | null;
  transaction_id: string | null;
  amount: string;
  balance: string;
}

/** The organization's partner_payable postings newest first, each with the running balance after it. */
export async function payoutEntries(db: Executor, organizationId: string, page: number, pageSize: number) {
  const rows = await queryRows<EntryRow>(
    db,
    sql`WITH entries AS (
          SELECT p.id, p.at, p.entry_kind,
            coalesce(i.number, po.reference, rp.gateway_reference, p.ref) AS reference,
            s.transaction_id,
            (-p.amount_minor)::text AS amount,
            (-sum(p.amount_minor) OVER (ORDER BY p.at, p.id))::text AS balance
          FROM ledger_postings p
          LEFT JOIN invoices i ON i.id = p.document_id AND p.entry_kind IN ('invoice', 'credit_note', 'invoice_payment')
          LEFT JOIN payouts po ON po.id = p.document_id AND p.entry_kind = 'payout'
          LEFT JOIN payments rp ON rp.id = p.document_id AND p.entry_kind = 'refund'
          LEFT JOIN charging_sessions s ON s.id = p.session_id
          WHERE p.organization_id = ${organizationId}::uuid AND p.account = ${PAYABLE}
        )
        SELECT at, entry_kind, reference, transaction_id, amount, balance FROM entries
        ORDER BY at DESC, id DESC
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
  );
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM ledger_postings WHERE organization_id = ${organizationId}::uuid AND account = ${PAYABLE}`,
  );
  return { rows, total: Number(count?.n ?? 0) };
}

/** Locks the organization row: payouts of one organization are recorded one at a time. */
export async function lockOrganization(tx: Executor, id: string) {
  const [row] = await tx
    .select({ id: organizations.id, currency: organizations.currency })
    .from(organizations)
    .where(eq(organizations.id, id))
    .for('update');
  return row ?? null;
}

export async function insertPayout(tx: Executor, values: typeof payouts.$inferInsert) {
  const [row] = await tx.insert(payouts).values(values).returning();
  return row!;
}
