import { DateTime } from 'luxon';
import type { Db, Tx } from '../../db/client.js';
import type { StoredInvoiceTaxLine } from '../../db/schema/index.js';
import { invoiceBalance } from '../../domain/finance/invoice-balance.js';
import {
  type InvoicePosting,
  creditNotePostings,
  creditNoteReceivablePostings,
  invoicePaymentPostings,
  invoiceSentPostings,
} from '../../domain/finance/invoice-ledger.js';
import { dueDateFor } from '../../domain/finance/periods.js';
import { applyTaxes } from '../../domain/finance/tax.js';
import { AppError, notFound } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { takeInvoiceNumber } from './numbering.js';
import { formatMoney } from './pdf-format.js';
import { auditSnapshot } from './present.js';
import {
  type InvoiceRow,
  creditedAmounts,
  insertDraft,
  insertPayment,
  insertPostings,
  lockInvoice,
  organizationForInvoicing,
  updateInvoice,
} from './queries.js';
import type { CreditNoteInput, RecordPayment } from './schemas.js';

const EMPTY_STATEMENT = {
  sessions: 0,
  energyWh: 0,
  grossCollectedMinor: 0,
  taxesCollectedMinor: 0,
  netRevenueMinor: 0,
  locationOwnerCommissionsMinor: 0,
  payoutMinor: 0,
};

const taxAmounts = (lines: StoredInvoiceTaxLine[]) => lines.map((t) => ({ name: t.name, amountMinor: BigInt(t.amountMinor) }));

async function post(
  tx: Tx,
  invoice: InvoiceRow,
  kind: 'invoice' | 'credit_note' | 'invoice_payment',
  postings: InvoicePosting[],
) {
  await insertPostings(
    tx,
    postings.map((p) => ({
      organizationId: invoice.organizationId,
      account: p.account,
      ref: p.ref ?? null,
      entryKind: kind,
      documentId: invoice.id,
      currency: invoice.currency,
      amountMinor: p.amountMinor,
      at: new Date(),
    })),
  );
}

/** Today's date in the organization's zone: the issue date of what is sent now. */
async function localToday(tx: Tx, organizationId: string) {
  const org = await organizationForInvoicing(tx, organizationId);
  if (!org) throw notFound('Organization');
  return { org, today: DateTime.now().setZone(org.timeZone).toISODate()! };
}

async function lockOrFail(tx: Tx, id: string): Promise<InvoiceRow> {
  const invoice = await lockInvoice(tx, id);
  if (!invoice) throw notFound('Invoice');
  return invoice;
}

/** Finalizes a draft: the next gap-free number, issue and due dates, ledger postings, all in one transaction. */
export async function sendInvoice(db: Db, audit: AuditContext, issuer: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const invoice = await lockOrFail(tx, id);
    if (invoice.status !== 'draft') throw new AppError('INVOICE_ALREADY_SENT', `Invoice ${invoice.number} was already sent`);
    const { org, today } = await localToday(tx, invoice.organizationId);
    const year = Number(today.slice(0, 4));
    const number = await takeInvoiceNumber(tx, issuer, 'INV', year);
    const row = await updateInvoice(tx, id, {
      status: 'sent',
      issuer,
      number: number.number,
      numberYear: number.year,
      numberSeq: number.seq,
      issueDate: today,
      dueDate: dueDateFor(today, org.paymentTermsDays),
      sentAt: new Date(),
    });
    await post(tx, row, 'invoice', invoiceSentPostings(number.number, row.totalMinor, taxAmounts(row.taxLines)));
    await recordAudit(tx, audit, {
      entityType: 'invoice',
      entityId: id,
      action: 'send',
      organizationId: row.organizationId,
      before: auditSnapshot(invoice),
      after: auditSnapshot(row),
    });
  });
}

/** docs/finance.md §10 "Balance" of a locked invoice, from its row and the credit notes issued against it. */
async function balanceOf(tx: Tx, invoice: InvoiceRow, paidMinor = invoice.paidMinor) {
  const credited = await creditedAmounts(tx, invoice.id);
  return invoiceBalance({
    kind: invoice.kind,
    status: invoice.status,
    subtotalMinor: invoice.subtotalMinor,
    totalMinor: invoice.totalMinor,
    paidMinor,
    creditedMinor: credited.total,
    creditedSubtotalMinor: credited.subtotal,
  });
}

/** Records money received for a sent invoice, never more than the amount due; reaching zero makes it Paid. */
export async function recordPayment(db: Db, audit: AuditContext, recordedBy: string | null, id: string, input: RecordPayment) {
  await db.transaction(async (tx) => {
    const invoice = await lockOrFail(tx, id);
    if (invoice.kind !== 'invoice') throw new AppError('UNPROCESSABLE', 'A credit note is not paid; it is deducted from nothing');
    if (invoice.status === 'draft') throw new AppError('INVOICE_NOT_SENT', 'Send the invoice before recording a payment');
    const { amountDueMinor } = await balanceOf(tx, invoice);
    const amount = BigInt(input.amountMinor);
    if (amount > amountDueMinor)
      throw new AppError(
        'PAYMENT_EXCEEDS_BALANCE',
        `The amount due is ${formatMoney(amountDueMinor > 0n ? amountDueMinor : 0n, invoice.currency)} (total − payments − credit notes)`,
        { field: 'amountMinor', amountDueMinor: Number(amountDueMinor), outstandingMinor: Number(amountDueMinor) },
      );
    const payment = await insertPayment(tx, {
      invoiceId: id,
      amountMinor: amount,
      paidOn: input.paidOn,
      reference: input.reference ?? null,
      recordedBy,
    });
    const paidMinor = invoice.paidMinor + amount;
    const paid = (await balanceOf(tx, invoice, paidMinor)).settled;
    const row = await updateInvoice(tx, id, { paidMinor, ...(paid ? { status: 'paid', paidAt: new Date() } : {}) });
    await post(tx, row, 'invoice_payment', invoicePaymentPostings(row.number!, amount));
    await recordAudit(tx, audit, {
      entityType: 'invoice',
      entityId: id,
      action: 'payment',
      organizationId: row.organizationId,
      before: { paidMinor: Number(invoice.paidMinor), status: invoice.status },
      after: { paidMinor: Number(paidMinor), status: row.status, paymentId: payment.id, paidOn: input.paidOn },
    });
  });
}

/**
 * A credit note against a sent or paid invoice: its amount (excluding tax) with the invoice's own taxes
 * applied in order, numbered at once in the CN series; never more than the invoice's uncredited subtotal.
 */
export async function issueCreditNote(db: Db, audit: AuditContext, issuer: string, id: string, input: CreditNoteInput) {
  return db.transaction(async (tx) => {
    const invoice = await lockOrFail(tx, id);
    if (invoice.kind !== 'invoice') throw new AppError('UNPROCESSABLE', 'Credit notes correct invoices, not other credit notes');
    if (invoice.status === 'draft')
      throw new AppError('INVOICE_NOT_SENT', 'A draft is corrected by regenerating it, not by a credit note');
    const amount = BigInt(input.amountMinor);
    const before = await balanceOf(tx, invoice);
    const uncredited = before.creditableMinor;
    if (amount > uncredited)
      throw new AppError(
        'CREDIT_EXCEEDS_INVOICE',
        `At most ${formatMoney(uncredited, invoice.currency)} of this invoice is left to credit`,
        {
          field: 'amountMinor',
          uncreditedMinor: Number(uncredited),
        },
      );
    const taxed = applyTaxes(
      amount,
      invoice.taxLines.map((t) => ({ name: t.name, rate: t.rate, compound: t.compound })),
    );
    const { today } = await localToday(tx, invoice.organizationId);
    const number = await takeInvoiceNumber(tx, issuer, 'CN', Number(today.slice(0, 4)));
    const taxLines = taxed.lines.map((t) => ({
      name: t.name,
      rate: t.rate.toFixed(),
      compound: t.compound,
      baseMinor: Number(t.baseMinor),
      amountMinor: Number(t.amountMinor),
    }));
    const note = await insertDraft(tx, {
      organizationId: invoice.organizationId,
      kind: 'credit_note',
      creditedInvoiceId: id,
      status: 'sent',
      issuer,
      number: number.number,
      numberYear: number.year,
      numberSeq: number.seq,
      periodStartDate: invoice.periodStartDate,
      periodEndDate: invoice.periodEndDate,
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      currency: invoice.currency,
      issueDate: today,
      dueDate: today,
      lines: [{ kind: 'credit', description: `Credit against ${invoice.number}: ${input.reason}`, amountMinor: Number(amount) }],
      taxLines,
      subtotalMinor: amount,
      taxMinor: taxed.taxMinor,
      totalMinor: taxed.grossMinor,
      // A credit note moves no sessions; what it changes is the payout, raised by its total.
      statement: { ...EMPTY_STATEMENT, payoutMinor: Number(taxed.grossMinor) },
      billTo: invoice.billTo,
      reason: input.reason,
      sentAt: new Date(),
    });
    if (!note) throw new AppError('INTERNAL', 'The credit note could not be stored');
    await post(tx, note, 'credit_note', [
      ...creditNotePostings(number.number, amount, taxAmounts(taxLines)),
      // The credit note lowers the invoice's amount due: that much of its receivable is cleared.
      ...creditNoteReceivablePostings(invoice.number!, taxed.grossMinor),
    ]);
    // docs/finance.md §10: Paid when the amount due reaches zero, by payments or by credit notes.
    if (invoice.status === 'sent' && (await balanceOf(tx, invoice)).settled)
      await updateInvoice(tx, id, { status: 'paid', paidAt: new Date() });
    await recordAudit(tx, audit, {
      entityType: 'invoice',
      entityId: note.id,
      action: 'credit_note',
      organizationId: note.organizationId,
      after: auditSnapshot(note),
    });
    return note;
  });
}
