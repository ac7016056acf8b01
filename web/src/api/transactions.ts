import { type QueryValue, api, buildQuery, downloadFile } from './client';
import type { ItemOf, QueryOf, ResponseBody } from './contract';
import type { ListParams } from './types';

/**
 * The filter the list, the totals and the export share (GET /transactions, /summary, /export).
 * The server takes several organizations; the app filters by the one chosen in the switcher.
 */
export type TransactionFilter = Omit<QueryOf<'/api/v1/transactions/summary'>, 'organizationId'> & { organizationId?: string };
type TransactionPage = ResponseBody<'/api/v1/transactions'>;
/** One session as the transactions list shows it; times are instants, `timeZone` the clock to show them on. */
export type Transaction = ItemOf<TransactionPage>;
export type TransactionSummary = ResponseBody<'/api/v1/transactions/summary'>;
/** Sessions and money of one currency. */
export type Revenue = TransactionSummary['revenue'][number];
/** GET /sessions/:id/settlement: one session's settlement (docs/finance.md §6), amounts in minor units. */
export type Settlement = ResponseBody<'/api/v1/sessions/{id}/settlement'>;
/** GET /sessions/:id: the session with its meter curve (at most 500 points). */
export type SessionRecord = ResponseBody<'/api/v1/sessions/{id}'>;

export const transactionKeys = {
  all: ['transactions'] as const,
  list: (params: TransactionFilter & ListParams) => ['transactions', 'list', params] as const,
  summary: (filter: TransactionFilter) => ['transactions', 'summary', filter] as const,
  session: (sessionId: string) => ['transactions', 'session', sessionId] as const,
  settlement: (sessionId: string) => ['transactions', 'settlement', sessionId] as const,
};

const query = (filter: TransactionFilter) => ({ ...filter }) as Record<string, QueryValue>;

export const listTransactions = (params: TransactionFilter & ListParams) =>
  api.get<TransactionPage>('/transactions', query(params));
export const getTransactionSummary = (filter: TransactionFilter) =>
  api.get<TransactionSummary>('/transactions/summary', query(filter));
export const getSessionRecord = (sessionId: string) => api.get<SessionRecord>(`/sessions/${sessionId}`);
export const getSettlement = (sessionId: string) => api.get<Settlement>(`/sessions/${sessionId}/settlement`);

type OwnSessionPage = ResponseBody<'/api/v1/me/sessions'>;
/** One of the signed-in driver's sessions; `settled` ones have a receipt. */
export type OwnSession = ItemOf<OwnSessionPage>;
export const myChargingKeys = {
  sessions: (page: number, pageSize: number) => ['me', 'sessions', page, pageSize] as const,
};
export const listMySessions = (page: number, pageSize: number) => api.get<OwnSessionPage>('/me/sessions', { page, pageSize });
/** The receipt PDF of one of the driver's settled sessions, named as the server names it. */
export const downloadReceipt = (sessionId: string) =>
  downloadFile(`/api/v1/me/sessions/${sessionId}/receipt.pdf`, `receipt-${sessionId}.pdf`);

/** Downloads the export of the current filter as a file (the browser keeps it; the token travels as a header). */
export const downloadTransactions = (filter: TransactionFilter, format: 'csv' | 'xlsx'): Promise<void> =>
  downloadFile(
    `/api/v1/transactions/export${buildQuery({ ...query(filter), format })}`,
    `transactions-${new Date().toISOString().slice(0, 10)}.${format}`,
  );
