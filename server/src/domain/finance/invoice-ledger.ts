import { AppError } from '../../errors.js';
import type { LedgerAccount } from './ledger.js';
import { type Minor, sumMinor } from './money.js';

/**
 * Accounts the partner-invoice cycle adds to the session accounts of ledger.ts. `partner_payable` is the
 * organization's payout balance (credit = owed to it). Invoices are settled by withholding from payouts,
 * which `invoice_receivable` / `invoice_withholding` track per invoice until a payment is recorded.
 */
export type InvoiceLedgerAccount = LedgerAccount | 'invoice_receivable' | 'invoice_withholding' | 'cash_at_bank';

export interface InvoicePosting {
  account: InvoiceLedgerAccount;
  ref?: string;
  amountMinor: Minor;
}

export interface TaxAmount {
  name: string;
  amountMinor: Minor;
}

function balanced(postings: InvoicePosting[]): InvoicePosting[] {
  const written = postings.filter((p) => p.amountMinor !== 0n);
  const off = sumMinor(written.map((p) => p.amountMinor));
  if (off !== 0n) throw new AppError('INTERNAL', `Invoice postings do not balance (off by ${off} minor units)`);
  return written;
}

/**
 * Sending an invoice. Its subtotal (platform commission and gateway charges) was already withheld from
 * each session's partner share when the session settled, so the statement's payout (net − invoice total −
 * location-owner commissions) only still needs the invoice's taxes deducted: they move from the
 * organization's payout balance to tax payable. The total becomes receivable, covered by withholding.
 */
export function invoiceSentPostings(number: string, totalMinor: Minor, taxes: readonly TaxAmount[]): InvoicePosting[] {
  const taxMinor = sumMinor(taxes.map((t) => t.amountMinor));
  return balanced([
    { account: 'partner_payable', ref: number, amountMinor: taxMinor },
    ...taxes.map((t): InvoicePosting => ({ account: 'tax_payable', ref: `${t.name} ${number}`, amountMinor: -t.amountMinor })),
    { account: 'invoice_receivable', ref: number, amountMinor: totalMinor },
    { account: 'invoice_withholding', ref: number, amountMinor: -totalMinor },
  ]);
}

/**
 * A credit note refunds platform commission and the taxes on it: the platform's revenue and tax payable
 * go down and the organization's payout balance goes up by the credit note's total.
 */
export function creditNotePostings(number: string, subtotalMinor: Minor, taxes: readonly TaxAmount[]): InvoicePosting[] {
  const taxMinor = sumMinor(taxes.map((t) => t.amountMinor));
  return balanced([
    { account: 'platform_commission_revenue', ref: number, amountMinor: subtotalMinor },
    ...taxes.map((t): InvoicePosting => ({ account: 'tax_payable', ref: `${t.name} ${number}`, amountMinor: t.amountMinor })),
    { account: 'partner_payable', ref: number, amountMinor: -(subtotalMinor + taxMinor) },
  ]);
}

/**
 * The part of a credit note that lowers its invoice's amount due (docs/finance.md §10 "Balance"): that much of
 * the invoice's receivable is cleared against what was withheld for it, like a payment, so the
 * receivable under the invoice's number always equals its amount due.
 */
export function creditNoteReceivablePostings(invoiceNumber: string, creditTotalMinor: Minor): InvoicePosting[] {
  return balanced([
    { account: 'invoice_withholding', ref: invoiceNumber, amountMinor: creditTotalMinor },
    { account: 'invoice_receivable', ref: invoiceNumber, amountMinor: -creditTotalMinor },
  ]);
}

/**
 * A payment settles (part of) an invoice's receivable against what was withheld for it; the payout
 * balance does not move, because the invoice was already deducted from it.
 */
export function invoicePaymentPostings(number: string, amountMinor: Minor): InvoicePosting[] {
  return balanced([
    { account: 'invoice_withholding', ref: number, amountMinor },
    { account: 'invoice_receivable', ref: number, amountMinor: -amountMinor },
  ]);
}

/** Money paid out to the organization: its payout balance goes down, the platform's bank account too. */
export function payoutPostings(reference: string, amountMinor: Minor): InvoicePosting[] {
  return balanced([
    { account: 'partner_payable', ref: reference, amountMinor },
    { account: 'cash_at_bank', ref: reference, amountMinor: -amountMinor },
  ]);
}
