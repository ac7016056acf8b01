import { api } from './client';
import type { Page } from './types';

/** One explicit re-pricing of a settled session: the figures before and after (minor units), why and who. */
export interface SettlementAdjustment {
  id: string;
  sessionId: string;
  organizationId: string;
  revision: number;
  reason: string;
  requestedBy: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  createdAt: string;
}

export interface RepriceResult {
  /** false: the session already had these figures; nothing was written. */
  changed: boolean;
  adjustment: SettlementAdjustment | null;
  settlement: { netMinor: number; grossMinor: number; currency: string; revision: number; tariffVersion: number | null };
}

export interface TariffRepriceResult {
  matched: number;
  changed: number;
  unchanged: number;
  failed: number;
  failures: { sessionId: string; message: string }[];
}

export type PaymentGateway = 'cybersource' | 'amex' | 'dialog_fuel_card' | 'manual' | 'wallet';

export interface PaymentMethod {
  gateway: PaymentGateway | null;
  effectiveGateway: PaymentGateway;
  source: 'id_token' | 'user' | 'default';
}

export const pricingKeys = {
  adjustments: (sessionId: string) => ['sessions', sessionId, 'adjustments'] as const,
  settlement: (sessionId: string) => ['sessions', sessionId, 'settlement'] as const,
};

export const repriceSession = (sessionId: string, reason: string) =>
  api.post<RepriceResult>(`/sessions/${sessionId}/reprice`, { reason });
export const listAdjustments = (sessionId: string) => api.get<Page<SettlementAdjustment>>(`/sessions/${sessionId}/adjustments`);
export const repriceTariff = (tariffId: string, body: { from: string; to: string; reason: string }) =>
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
