import { api } from './client';
import type { ItemOf, QueryOf, RequestBody, ResponseBody } from './contract';

type WalletPage = ResponseBody<'/api/v1/wallets'>;
export type WalletDetail = ResponseBody<'/api/v1/wallets/{id}'>;
/** A driver's wallet with its balance (the sum of its entries) and its organization's limits. */
export type Wallet = ItemOf<WalletPage>;
/** One movement of a wallet, with the balance after it. */
export type WalletEntry = ItemOf<WalletDetail['entries']>;
export type WalletEntryKind = WalletEntry['kind'];
export type TopUpResult = ResponseBody<'/api/v1/me/wallet/top-ups', 'post'>;

export const walletKeys = {
  all: ['wallets'] as const,
  list: (params: QueryOf<'/api/v1/wallets'>) => ['wallets', 'list', params] as const,
  detail: (id: string, page: number, pageSize: number) => ['wallets', 'detail', id, page, pageSize] as const,
  mine: ['wallets', 'mine'] as const,
};

export const listWallets = (params: QueryOf<'/api/v1/wallets'>) => api.get<WalletPage>('/wallets', { ...params });
export const getWallet = (id: string, page: number, pageSize: number) =>
  api.get<WalletDetail>(`/wallets/${id}`, { page, pageSize });
export const myWallets = () => api.get<ResponseBody<'/api/v1/me/wallets'>>('/me/wallets');
export const adjustWallet = (id: string, body: RequestBody<'/api/v1/wallets/{id}/adjustments', 'post'>) =>
  api.post<Wallet>(`/wallets/${id}/adjustments`, body);
export const refundToWallet = (id: string, body: RequestBody<'/api/v1/wallets/{id}/refunds', 'post'>) =>
  api.post<Wallet>(`/wallets/${id}/refunds`, body);
export const topUpMyWallet = (amountMinor: number) => api.post<TopUpResult>('/me/wallet/top-ups', { amountMinor });

/** Entry kinds in words. */
export const ENTRY_KIND_LABELS: Record<WalletEntryKind, string> = {
  top_up: 'Top-up by card',
  debit: 'Charging session',
  refund: 'Refund to wallet',
  adjustment: 'Adjustment',
};
