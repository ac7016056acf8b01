import { api } from './client';
import type { ItemOf, QueryOf, RequestBody, ResponseBody } from './contract';

type PaymentPage = ResponseBody<'/api/v1/payments'>;
export type PaymentFilter = QueryOf<'/api/v1/payments'>;
/** One attempt to move money, on any gateway; amounts in minor units of its currency. */
export type Payment = ItemOf<PaymentPage>;
/** Per currency: never added across currencies. */
export type PaymentTotals = PaymentPage['totals'];
export type PaymentStats = ResponseBody<'/api/v1/payments/stats'>;
export type PaymentStatsDay = PaymentStats['days'][number];
/** A payment with its parent, children, session and what is left to refund. */
export type PaymentDetail = ResponseBody<'/api/v1/payments/{id}'>;
export type RefundInput = RequestBody<'/api/v1/payments/{id}/refunds', 'post'>;
export type PaymentGateway = Payment['gateway'];
export type PaymentType = Payment['type'];
export type PaymentStatus = Payment['status'];

export const paymentKeys = {
  all: ['payments'] as const,
  list: (params: PaymentFilter) => ['payments', 'list', params] as const,
  stats: (params: QueryOf<'/api/v1/payments/stats'>) => ['payments', 'stats', params] as const,
  detail: (id: string) => ['payments', 'detail', id] as const,
};

export const listPayments = (params: PaymentFilter) => api.get<PaymentPage>('/payments', { ...params });
export const getPaymentStats = (params: QueryOf<'/api/v1/payments/stats'>) =>
  api.get<PaymentStats>('/payments/stats', { ...params });
export const getPayment = (id: string) => api.get<PaymentDetail>(`/payments/${id}`);
export const refundPayment = (id: string, body: RefundInput) => api.post<Payment>(`/payments/${id}/refunds`, body);

export const GATEWAY_WORDS: Record<PaymentGateway, string> = {
  cybersource: 'CyberSource',
  amex: 'Amex',
  dialog_fuel_card: 'Dialog Fuel Card',
  manual: 'Manual',
  wallet: 'Wallet',
};

export const TYPE_WORDS: Record<PaymentType, string> = {
  authorization: 'Authorization',
  capture: 'Capture',
  sale: 'Sale',
  void: 'Void',
  refund: 'Refund',
  top_up: 'Wallet top-up',
  manual: 'Manual payment',
};

export const STATUS_WORDS: Record<PaymentStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  declined: 'Declined',
  unknown: 'No answer yet',
  error: 'Error',
  failed: 'Failed',
};
