import { api } from './client';
import type { Page } from './types';

export interface PayoutBalance {
  organizationId: string;
  organizationName: string;
  currency: string;
  /** Partner share accrued from settled sessions. */
  accruedMinor: number;
  /** Invoice totals deducted. */
  invoicedMinor: number;
  creditedMinor: number;
  paidOutMinor: number;
  balanceMinor: number;
}

export type LedgerEntryKind = 'accrual' | 'invoice' | 'credit_note' | 'invoice_payment' | 'payout' | 'adjustment';

export interface PayoutLedgerEntry {
  at: string;
  kind: LedgerEntryKind;
  reference: string | null;
  description: string;
  /** Positive: owed to the organization; negative: deducted. */
  amountMinor: number;
  /** The running balance after this entry. */
  balanceMinor: number;
}

export const payoutKeys = {
  all: ['payouts'] as const,
  balances: (organizationId?: string) => ['payouts', 'balances', organizationId ?? null] as const,
  entries: (organizationId: string, page: number, pageSize: number) =>
    ['payouts', 'entries', organizationId, page, pageSize] as const,
};

export const listPayoutBalances = (organizationId?: string) =>
  api.get<{ items: PayoutBalance[] }>('/payouts/balances', { organizationId });
export const listPayoutEntries = (params: { organizationId: string; page?: number; pageSize?: number }) =>
  api.get<Page<PayoutLedgerEntry>>('/payouts/entries', { ...params });
export const recordPayout = (body: { organizationId: string; amountMinor: number; paidOn: string; reference?: string }) =>
  api.post<unknown>('/payouts', body);
