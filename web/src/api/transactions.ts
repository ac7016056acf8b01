import { type QueryValue, api, buildQuery, fetchBlobUrl } from './client';
import type { ListParams, Page } from './types';

/** The filter the list, the totals and the export share (GET /transactions, /summary, /export). */
export interface TransactionFilter {
  organizationId?: string;
  siteId?: string;
  chargerId?: string;
  connectorId?: number;
  /** The driver (user) of the sessions. */
  userId?: string;
  idTokenId?: string;
  /** Fleet vehicle plate or number: exact, case-insensitive. */
  vehicleRef?: string;
  status?: 'active' | 'completed' | 'flagged';
  /** Local calendar days (YYYY-MM-DD), in each session's organization's time zone. */
  from?: string;
  to?: string;
  q?: string;
}

export interface Transaction {
  id: string;
  organizationId: string;
  organizationName: string;
  timeZone: string;
  siteId: string;
  siteName: string;
  chargerId: string;
  chargerName: string;
  connectorId: number | null;
  idTag: string | null;
  idTokenId: string | null;
  vehicleRef: string | null;
  userId: string | null;
  driverName: string | null;
  status: 'active' | 'completed';
  flagged: boolean;
  flags: string[];
  startedAt: string;
  stoppedAt: string | null;
  durationSeconds: number;
  idleSeconds: number;
  energyWh: number;
  settled: boolean;
  currency: string;
  netMinor: number | null;
  taxMinor: number | null;
  grossMinor: number | null;
}

export interface Revenue {
  currency: string;
  sessions: number;
  netMinor: number;
  taxMinor: number;
  grossMinor: number;
}

export interface TransactionSummary {
  sessions: number;
  activeSessions: number;
  energyWh: number;
  averageDurationSeconds: number | null;
  idleSeconds: number;
  averageIdleSeconds: number | null;
  revenue: Revenue[];
  chargers: {
    chargerId: string;
    chargerName: string;
    siteName: string;
    organizationName: string;
    sessions: number;
    energyWh: number;
    durationSeconds: number;
    idleSeconds: number;
    revenue: Revenue[];
  }[];
  chargersTotal: number;
}

/** GET /sessions/:id/settlement: one session's settlement (docs/finance.md §6), amounts in minor units. */
export interface Settlement {
  currency: string;
  timeZone: string;
  energyWh: number;
  tariffId: string | null;
  tariffVersion: number | null;
  flags: string[];
  lines: { elementIndex: number; type: string; unitPrice: string; quantity: string; amountMinor: number }[];
  linesTotalMinor: number;
  discountMinor: number;
  netMinor: number;
  taxLines: { name: string; rate: string; compound: boolean; baseMinor: number; amountMinor: number }[];
  taxMinor: number;
  grossMinor: number;
  paymentMethod: string;
  gateway: string | null;
  gatewayFeeMinor: number;
  gatewayFeeBearer: string;
  platformCommissionMinor: number;
  locationOwnerShare: string | null;
  locationOwnerCommissionMinor: number;
  partnerShareMinor: number;
  energyCostMinor: number;
  marginMinor: number;
  /** 1 at settlement, raised by each re-pricing. */
  revision: number;
  repricedAt: string | null;
  campaignId: string | null;
  idleSeconds: number;
  settledAt: string;
}

/** GET /sessions/:id: the session with its meter curve (at most 500 points). */
export interface SessionRecord {
  id: string;
  organizationName: string;
  siteName: string;
  chargerId: string;
  chargerName: string;
  connectorId: number | null;
  idTag: string | null;
  status: 'active' | 'completed';
  startedAt: string;
  stoppedAt: string | null;
  energyWh: number;
  durationSeconds: number;
  flagged: boolean;
  flagReason: string | null;
  stopReason: string | null;
  transactionId: string;
  protocol: string;
  samples: { at: string; energyWh: number | null; powerW: number | null; socPercent: number | null }[];
}

export const transactionKeys = {
  all: ['transactions'] as const,
  list: (params: TransactionFilter & ListParams) => ['transactions', 'list', params] as const,
  summary: (filter: TransactionFilter) => ['transactions', 'summary', filter] as const,
  session: (sessionId: string) => ['transactions', 'session', sessionId] as const,
  settlement: (sessionId: string) => ['transactions', 'settlement', sessionId] as const,
};

const query = (filter: TransactionFilter) => ({ ...filter }) as Record<string, QueryValue>;

export const listTransactions = (params: TransactionFilter & ListParams) =>
  api.get<Page<Transaction>>('/transactions', query(params));
export const getTransactionSummary = (filter: TransactionFilter) =>
  api.get<TransactionSummary>('/transactions/summary', query(filter));
export const getSessionRecord = (sessionId: string) => api.get<SessionRecord>(`/sessions/${sessionId}`);
export const getSettlement = (sessionId: string) => api.get<Settlement>(`/sessions/${sessionId}/settlement`);

/** Downloads the export of the current filter as a file (the browser keeps it; the token travels as a header). */
export async function downloadTransactions(filter: TransactionFilter, format: 'csv' | 'xlsx'): Promise<void> {
  const url = await fetchBlobUrl(`/api/v1/transactions/export${buildQuery({ ...query(filter), format })}`);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = `transactions-${new Date().toISOString().slice(0, 10)}.${format}`;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
