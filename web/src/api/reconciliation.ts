import { api } from './client';
import type { ItemOf, QueryOf, RequestBody, ResponseBody } from './contract';

type ReconciliationPage = ResponseBody<'/api/v1/payment-reconciliations'>;
type ReconciliationDetail = ResponseBody<'/api/v1/payment-reconciliations/{id}'>;
/** One imported settlement report with its counts per outcome. */
export type Reconciliation = ItemOf<ReconciliationPage>;
export type ReconciliationOutcome = ReconciliationDetail['totals'][number]['outcome'];
export type ReconciliationTotals = ReconciliationDetail['totals'];
/** One line: a report line, our payment, or both. */
export type ReconciliationLine = ItemOf<ReconciliationDetail['lines']>;
export type ImportReconciliation = RequestBody<'/api/v1/payment-reconciliations', 'post'>;
export type GatewayKind = ImportReconciliation['gateway'];

export const reconciliationKeys = {
  all: ['payment-reconciliations'] as const,
  list: (params: QueryOf<'/api/v1/payment-reconciliations'>) => ['payment-reconciliations', 'list', params] as const,
  detail: (id: string, params: QueryOf<'/api/v1/payment-reconciliations/{id}'>) =>
    ['payment-reconciliations', 'detail', id, params] as const,
};

export const listReconciliations = (params: QueryOf<'/api/v1/payment-reconciliations'>) =>
  api.get<ReconciliationPage>('/payment-reconciliations', { ...params });
export const getReconciliation = (id: string, params: QueryOf<'/api/v1/payment-reconciliations/{id}'>) =>
  api.get<ReconciliationDetail>(`/payment-reconciliations/${id}`, { ...params });
export const importReconciliation = (body: ImportReconciliation) =>
  api.post<ResponseBody<'/api/v1/payment-reconciliations', 'post'>>('/payment-reconciliations', body);
