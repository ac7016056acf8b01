import { api } from './client';
import type { ListQueryOf, RequestBody, ResponseBody } from './contract';

type IdTokenPage = ResponseBody<'/api/v1/id-tokens'>;
/** An RFID card, app token or fleet-vehicle token (GET /id-tokens), with the payment method settlement would use. */
export type IdToken = ResponseBody<'/api/v1/id-tokens/{id}'>;
export type IdTokenKind = IdToken['kind'];
export type IdTokenListParams = ListQueryOf<'/api/v1/id-tokens'>;
export type CreateIdToken = RequestBody<'/api/v1/id-tokens', 'post'>;
export type UpdateIdToken = RequestBody<'/api/v1/id-tokens/{id}', 'patch'>;
export type IdTokenFields = UpdateIdToken;

export const idTokenKeys = {
  all: ['id-tokens'] as const,
  list: (params: IdTokenListParams) => ['id-tokens', 'list', params] as const,
};

export const listIdTokens = (params: IdTokenListParams) => api.get<IdTokenPage>('/id-tokens', { ...params });
export const createIdToken = (body: CreateIdToken) => api.post<IdToken>('/id-tokens', body);
export const updateIdToken = (id: string, body: UpdateIdToken) => api.patch<IdToken>(`/id-tokens/${id}`, body);
