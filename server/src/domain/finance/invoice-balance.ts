import type { Minor } from './money.js';

/** What an invoice's balance is made of, in minor units of its currency. */
export interface InvoiceAmounts {
  kind: 'invoice' | 'credit_note';
  status: 'draft' | 'sent' | 'paid';
  subtotalMinor: Minor;
  totalMinor: Minor;
  /** Payments recorded against it. */
  paidMinor: Minor;
  /** Totals (tax included) of the credit notes issued against it. */
  creditedMinor: Minor;
  /** Subtotals (excluding tax) of those credit notes. */
  creditedSubtotalMinor: Minor;
}

export interface InvoiceBalance {
  /**
   * total − payments − credit notes. Negative only when a credit note came after full payment: the
   * organization is owed that much (it is returned through the payout ledger).
   */
  amountDueMinor: Minor;
  /** What a further credit note may still credit, excluding tax: subtotal − credited subtotals. */
  creditableMinor: Minor;
  /** The amount due has reached zero (or below): a sent invoice in this state is Paid. */
  settled: boolean;
}

/**
 * docs/finance.md §10 "Balance": an invoice's amount due = total − payments − credit notes issued against it;
 * it is Paid when the amount due reaches zero. The one rule the API, the web page, the PDF, payments
 * and credit notes all use. A credit note itself owes nothing.
 */
export function invoiceBalance(a: InvoiceAmounts): InvoiceBalance {
  if (a.kind === 'credit_note') return { amountDueMinor: 0n, creditableMinor: 0n, settled: true };
  const amountDueMinor = a.totalMinor - a.paidMinor - a.creditedMinor;
  return {
    amountDueMinor,
    creditableMinor: a.subtotalMinor - a.creditedSubtotalMinor,
    settled: a.status !== 'draft' && amountDueMinor <= 0n,
  };
}
