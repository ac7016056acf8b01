import { invoiceBalance } from '../../domain/finance/invoice-balance.js';
import type { InvoiceRow, ListedInvoice } from './queries.js';
import type { InvoiceDetail, InvoiceSummary } from './schemas.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** docs/finance.md §10 "Balance" of a listed invoice (the one rule, in domain/finance/invoice-balance.ts). */
export function balanceOfListed(listed: ListedInvoice) {
  const i = listed.invoice;
  return invoiceBalance({
    kind: i.kind,
    status: i.status,
    subtotalMinor: i.subtotalMinor,
    totalMinor: i.totalMinor,
    paidMinor: i.paidMinor,
    creditedMinor: BigInt(listed.creditedMinor),
    creditedSubtotalMinor: BigInt(listed.creditedSubtotalMinor),
  });
}

export function presentSummary(listed: ListedInvoice): InvoiceSummary {
  const i = listed.invoice;
  const balance = balanceOfListed(listed);
  return {
    id: i.id,
    kind: i.kind,
    number: i.number,
    organizationId: i.organizationId,
    organizationName: listed.organizationName,
    status: i.status,
    displayStatus: listed.overdue ? 'overdue' : i.status,
    periodStartDate: i.periodStartDate,
    periodEndDate: i.periodEndDate,
    issueDate: i.issueDate,
    dueDate: i.dueDate,
    currency: i.currency,
    subtotalMinor: Number(i.subtotalMinor),
    taxMinor: Number(i.taxMinor),
    totalMinor: Number(i.totalMinor),
    paidMinor: Number(i.paidMinor),
    creditedMinor: Number(listed.creditedMinor),
    amountDueMinor: Number(balance.amountDueMinor),
    creditableMinor: Number(balance.creditableMinor),
    creditedInvoiceId: i.creditedInvoiceId,
    creditedInvoiceNumber: listed.creditedInvoiceNumber,
    generatedAt: i.generatedAt.toISOString(),
    sentAt: iso(i.sentAt),
    paidAt: iso(i.paidAt),
  };
}

export function presentDetail(
  listed: ListedInvoice,
  payments: { id: string; amountMinor: bigint; paidOn: string; reference: string | null }[],
  creditNotes: ListedInvoice[],
): InvoiceDetail {
  const i = listed.invoice;
  return {
    ...presentSummary(listed),
    lines: i.lines.map((l) => ({ ...l, priorPeriod: l.priorPeriod ?? null })),
    taxLines: i.taxLines,
    statement: { ...i.statement, priorPeriods: i.statement.priorPeriods ?? [] },
    billTo: i.billTo,
    reason: i.reason,
    payments: payments.map((p) => ({ id: p.id, amountMinor: Number(p.amountMinor), paidOn: p.paidOn, reference: p.reference })),
    creditNotes: creditNotes.map(presentSummary),
  };
}

/** The row as the audit trail stores it (JSON has no bigint). */
export function auditSnapshot(row: InvoiceRow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
}
