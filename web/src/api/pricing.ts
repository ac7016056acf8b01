import { api } from './client';
import type { ItemOf, RequestBody, ResponseBody } from './contract';

type AdjustmentPage = ResponseBody<'/api/v1/sessions/{id}/adjustments'>;
/** One explicit re-pricing of a settled session: the figures before and after (minor units), why and who. */
export type SettlementAdjustment = ItemOf<AdjustmentPage>;
/** `changed` false: the session already had these figures; nothing was written. */
export type RepriceResult = ResponseBody<'/api/v1/sessions/{id}/reprice', 'post'>;
export type TariffRepriceResult = ResponseBody<'/api/v1/tariffs/{id}/reprice', 'post'>;
export type PaymentMethod = ResponseBody<'/api/v1/id-tokens/{id}/payment-method'>;
export type PaymentGateway = PaymentMethod['effectiveGateway'];

export const pricingKeys = {
  adjustments: (sessionId: string) => ['sessions', sessionId, 'adjustments'] as const,
  settlement: (sessionId: string) => ['sessions', sessionId, 'settlement'] as const,
};

export const repriceSession = (sessionId: string, reason: string) =>
  api.post<RepriceResult>(`/sessions/${sessionId}/reprice`, { reason });
export const listAdjustments = (sessionId: string) => api.get<AdjustmentPage>(`/sessions/${sessionId}/adjustments`);
export const repriceTariff = (tariffId: string, body: RequestBody<'/api/v1/tariffs/{id}/reprice', 'post'>) =>
  api.post<TariffRepriceResult>(`/tariffs/${tariffId}/reprice`, body);

export const getTokenPaymentMethod = (idTokenId: string) => api.get<PaymentMethod>(`/id-tokens/${idTokenId}/payment-method`);
/** `null` removes the token's own method (its driver's, else manual, applies). */
export const setTokenPaymentMethod = (idTokenId: string, gateway: PaymentGateway | null) =>
  gateway === null
    ? api.delete<PaymentMethod>(`/id-tokens/${idTokenId}/payment-method`)
    : api.put<PaymentMethod>(`/id-tokens/${idTokenId}/payment-method`, { gateway });
export const getUserPaymentMethod = (userId: string) => api.get<PaymentMethod>(`/users/${userId}/payment-method`);
/** `null` removes the user's method (manual applies). */
export const setUserPaymentMethod = (userId: string, gateway: PaymentGateway | null) =>
  gateway === null
    ? api.delete<PaymentMethod>(`/users/${userId}/payment-method`)
    : api.put<PaymentMethod>(`/users/${userId}/payment-method`, { gateway });
