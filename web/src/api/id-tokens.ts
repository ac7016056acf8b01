import { api } from './client';
import type { PaymentGateway } from './pricing';
import type { ListParams, Page } from './types';

export type IdTokenKind = 'rfid' | 'app' | 'vehicle';

export interface IdTokenFields {
  label: string | null;
  /** The driver the token belongs to. */
  userId: string | null;
  /** Fleet vehicle: plate or fleet number. */
  vehicleRef: string | null;
  status: 'active' | 'blocked';
  expiresAt: string | null;
}

/** An RFID card, app token or fleet-vehicle token (GET /id-tokens), with the payment method settlement would use. */
export interface IdToken extends IdTokenFields {
  id: string;
  organizationId: string;
  token: string;
  kind: IdTokenKind;
  userName: string | null;
  /** The token's own method; null when none is set. */
  paymentGateway: PaymentGateway | null;
  effectiveGateway: PaymentGateway;
  paymentSource: 'id_token' | 'user' | 'default';
  createdAt: string;
  updatedAt: string;
}

export interface IdTokenListParams extends ListParams {
  organizationId?: string;
  status?: 'active' | 'blocked';
  kind?: IdTokenKind;
}

export type CreateIdToken = Partial<IdTokenFields> & { organizationId: string; token: string; kind: IdTokenKind };

export const idTokenKeys = {
  all: ['id-tokens'] as const,
  list: (params: IdTokenListParams) => ['id-tokens', 'list', params] as const,
};

export const listIdTokens = (params: IdTokenListParams) => api.get<Page<IdToken>>('/id-tokens', { ...params });
export const createIdToken = (body: CreateIdToken) => api.post<IdToken>('/id-tokens', body);
export const updateIdToken = (id: string, body: Partial<IdTokenFields>) => api.patch<IdToken>(`/id-tokens/${id}`, body);
