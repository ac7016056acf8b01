import type { Config } from '../../config.js';
import type { Executor } from '../../db/client.js';
import type { InvoiceDocument } from './pdf.js';
import { balanceOfListed } from './present.js';
import { organizationLogo, type ListedInvoice } from './queries.js';

/** "Colombo 03; Sri Lanka" → two printed lines: the setting separates address lines with ";" or newlines. */
const addressLines = (address: string) =>
  address
    .split(/;|\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** A stored invoice, its organization's logo and the configured issuer, as the PDF prints them. */
export async function invoiceDocument(
  db: Executor,
  issuer: Config['invoiceIssuer'],
  listed: ListedInvoice,
): Promise<InvoiceDocument> {
  const i = listed.invoice;
  const logo = await organizationLogo(db, i.organizationId);
  return {
    issuer: { name: issuer.name, addressLines: addressLines(issuer.address), taxId: issuer.taxId || null },
    billTo: i.billTo,
    logo: logo ? { mimeType: logo.mimeType, data: logo.data } : null,
    kind: i.kind,
    number: i.number,
    status: i.status,
    issueDate: i.issueDate,
    dueDate: i.dueDate,
    periodStartDate: i.periodStartDate,
    periodEndDate: i.periodEndDate,
    currency: i.currency,
    lines: i.lines,
    taxLines: i.taxLines,
    subtotalMinor: i.subtotalMinor,
    taxMinor: i.taxMinor,
    totalMinor: i.totalMinor,
    statement: i.statement,
    paidMinor: i.paidMinor,
    creditedMinor: BigInt(listed.creditedMinor),
    amountDueMinor: balanceOfListed(listed).amountDueMinor,
    creditedInvoiceNumber: listed.creditedInvoiceNumber,
    reason: i.reason,
  };
}

/** INV-2026-000042.pdf, or for a draft draft-<organization>-<period start>.pdf (ASCII only, for the header). */
export function pdfFileName(listed: ListedInvoice): string {
  const i = listed.invoice;
  if (i.number) return `${i.number}.pdf`;
  const slug =
    listed.organizationName
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'organization';
  return `draft-${slug}-${i.periodStartDate}.pdf`;
}
