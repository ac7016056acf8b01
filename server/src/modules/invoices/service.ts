import type { Executor } from '../../db/client.js';
import { type Scope, assertWholeOrganization } from '../../domain/scope.js';
import { notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { presentDetail, presentSummary } from './present.js';
import { creditNotesOf, findInvoice, findInvoices, paymentsOf } from './queries.js';
import type { InvoiceDetail, InvoiceListFilter } from './schemas.js';

/** Invoices belong to a whole organization: a role limited to some sites or chargers reaches none of them. */
export function invoiceScope(scope: Scope): readonly string[] | null {
  assertWholeOrganization(scope, 'Invoices');
  return scope.organizationIds;
}

export async function listInvoices(db: Executor, scope: Scope, filter: InvoiceListFilter, page: PageRequest) {
  const { items, total } = await findInvoices(db, { ...filter, ...page, organizationIds: invoiceScope(scope) });
  return { items: items.map(presentSummary), total, ...page };
}

/** Outside the caller's scope answers 404, so existence does not leak. */
export async function getInvoice(db: Executor, scope: Scope, id: string): Promise<InvoiceDetail> {
  const detail = await invoiceDetail(db, id, invoiceScope(scope));
  if (!detail) throw notFound('Invoice');
  return detail;
}

export async function invoiceDetail(
  db: Executor,
  id: string,
  organizationIds: readonly string[] | null = null,
): Promise<InvoiceDetail | null> {
  const listed = await findInvoice(db, id, organizationIds);
  if (!listed) return null;
  const [payments, creditNotes] = await Promise.all([paymentsOf(db, id), creditNotesOf(db, id)]);
  return presentDetail(listed, payments, creditNotes);
}

/** The invoice if the caller may reach it, else 404. */
export async function assertInvoiceInScope(db: Executor, scope: Scope, id: string) {
  const listed = await findInvoice(db, id, invoiceScope(scope));
  if (!listed) throw notFound('Invoice');
  return listed.invoice;
}
