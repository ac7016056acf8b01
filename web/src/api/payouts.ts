import { api } from './client';
import type { ItemOf, QueryOf, RequestBody, ResponseBody } from './contract';

type PayoutBalances = ResponseBody<'/api/v1/payouts/balances'>;
type PayoutEntryPage = ResponseBody<'/api/v1/payouts/entries'>;
/** What an organization is owed: partner share accrued, less invoices and payouts. */
export type PayoutBalance = ItemOf<PayoutBalances>;
/** One entry of the payout ledger; positive is owed to the organization, with the running balance after it. */
export type PayoutLedgerEntry = ItemOf<PayoutEntryPage>;
export type LedgerEntryKind = PayoutLedgerEntry['kind'];

export const payoutKeys = {
  all: ['payouts'] as const,
  balances: (organizationId?: string) => ['payouts', 'balances', organizationId ?? null] as const,
  entries: (organizationId: string, page: number, pageSize: number) =>
    ['payouts', 'entries', organizationId, page, pageSize] as const,
};

export const listPayoutBalances = (organizationId?: string) => api.get<PayoutBalances>('/payouts/balances', { organizationId });
export const listPayoutEntries = (params: QueryOf<'/api/v1/payouts/entries'>) =>
  api.get<PayoutEntryPage>('/payouts/entries', { ...params });
export const recordPayout = (body: RequestBody<'/api/v1/payouts', 'post'>) =>
  api.post<ResponseBody<'/api/v1/payouts', 'post'>>('/payouts', body);
