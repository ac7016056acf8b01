import { describe, expect, it } from 'vitest';
import { type InvoiceAmounts, invoiceBalance } from '../../../src/domain/finance/invoice-balance.js';

const sent = (overrides: Partial<InvoiceAmounts> = {}): InvoiceAmounts => ({
  kind: 'invoice',
  status: 'sent',
  subtotalMinor: 38_160n,
  totalMinor: 46_155n,
  paidMinor: 0n,
  creditedMinor: 0n,
  creditedSubtotalMinor: 0n,
  ...overrides,
});

describe('invoiceBalance (docs/finance.md §10 "Balance")', () => {
  it('amount due = total − payments − credit notes', () => {
    expect(invoiceBalance(sent())).toEqual({ amountDueMinor: 46_155n, creditableMinor: 38_160n, settled: false });
    const b = invoiceBalance(sent({ paidMinor: 40_000n, creditedMinor: 1210n, creditedSubtotalMinor: 1000n }));
    expect(b).toEqual({ amountDueMinor: 4945n, creditableMinor: 37_160n, settled: false });
  });

  it('is settled (Paid) exactly when the amount due reaches zero, by payments or credit notes', () => {
    expect(invoiceBalance(sent({ paidMinor: 46_154n })).settled).toBe(false);
    expect(invoiceBalance(sent({ paidMinor: 46_155n })).settled).toBe(true);
    expect(invoiceBalance(sent({ paidMinor: 40_000n, creditedMinor: 6155n })).settled).toBe(true);
    expect(invoiceBalance(sent({ creditedMinor: 46_155n, creditedSubtotalMinor: 38_160n }))).toEqual({
      amountDueMinor: 0n,
      creditableMinor: 0n,
      settled: true,
    });
  });

  it('a credit note after full payment leaves a negative amount due: owed to the organization', () => {
    expect(invoiceBalance(sent({ paidMinor: 46_155n, creditedMinor: 1210n, creditedSubtotalMinor: 1000n }))).toEqual({
      amountDueMinor: -1210n,
      creditableMinor: 37_160n,
      settled: true,
    });
  });

  it('a draft is never settled, even at zero; a credit note owes nothing', () => {
    expect(invoiceBalance(sent({ status: 'draft', totalMinor: 0n, subtotalMinor: 0n })).settled).toBe(false);
    expect(invoiceBalance(sent({ kind: 'credit_note' }))).toEqual({ amountDueMinor: 0n, creditableMinor: 0n, settled: true });
  });
});
