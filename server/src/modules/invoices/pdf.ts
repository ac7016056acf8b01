import type { BillTo, StoredInvoiceLine, StoredInvoiceTaxLine, StoredStatement } from '../../db/schema/billing.js';
import type { MinorAmount } from './pdf-format.js';
import { InvoiceCanvas, type PdfLogo } from './pdf-layout.js';
import { drawHeader, drawLines, drawNotes, drawParties, drawStatement, footerText } from './pdf-sections.js';

export type { MinorAmount } from './pdf-format.js';

/** Everything printed on an invoice or credit note PDF; amounts are minor units of `currency`. */
export interface InvoiceDocument {
  /** Who sends the invoice (the platform operator). */
  issuer: { name: string; addressLines: string[]; taxId: string | null };
  billTo: BillTo;
  /** PNG or JPEG is embedded; any other type (WebP) is left out and the issuer's name shown instead. */
  logo: PdfLogo | null;
  kind: 'invoice' | 'credit_note';
  /** null while a draft. */
  number: string | null;
  status: 'draft' | 'sent' | 'paid';
  issueDate: string | null;
  dueDate: string | null;
  periodStartDate: string;
  /** Exclusive: the first day after the period; the PDF prints the day before. */
  periodEndDate: string;
  currency: string;
  lines: StoredInvoiceLine[];
  /** In the order the taxes apply. */
  taxLines: StoredInvoiceTaxLine[];
  subtotalMinor: MinorAmount;
  taxMinor: MinorAmount;
  totalMinor: MinorAmount;
  statement: StoredStatement;
  paidMinor: MinorAmount;
  /** Totals of the credit notes issued against this invoice. */
  creditedMinor: MinorAmount;
  /** docs/finance.md §10 "Balance" as the API computes it (`invoiceBalance`): printed as given, never recomputed here. */
  amountDueMinor: MinorAmount;
  /** For a credit note: the invoice it corrects. */
  creditedInvoiceNumber: string | null;
  /** For a credit note: why it was issued. */
  reason: string | null;
}

/**
 * A partner invoice (docs/finance.md §8) as a finance team would send it: A4, header, bill-to, lines,
 * taxes, totals, statement.
 */
export async function renderInvoicePdf(invoice: InvoiceDocument): Promise<Buffer> {
  const title = invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  const canvas = new InvoiceCanvas(`${title} ${invoice.number ?? '(draft)'} — ${invoice.billTo.name}`);
  drawHeader(canvas, invoice);
  drawParties(canvas, invoice);
  drawLines(canvas, invoice);
  if (invoice.kind === 'invoice') drawStatement(canvas, invoice);
  drawNotes(canvas, invoice);
  canvas.finishPages(footerText(invoice), invoice.status === 'draft' ? 'DRAFT' : null);
  return canvas.toBuffer();
}
