import { api } from './client';

/**
 * Live monitoring: current state per charger, KPIs, history and the SSE event payloads
 * (docs/api.md "Live monitoring"). Aggregate charger status is one of LIVE_STATUSES; connectors
 * keep the finer OCPP states (SuspendedEV, SuspendedEVSE, Occupied…).
 */
export const LIVE_STATUSES = [
  'Available',
  'Preparing',
  'Charging',
  'Finishing',
  'Reserved',
  'Unavailable',
  'Faulted',
  'Offline',
] as const;
export type LiveStatus = (typeof LIVE_STATUSES)[number];

export interface LiveSummary {
  chargers: { total: number; online: number; offline: number; byStatus: Partial<Record<LiveStatus, number>> };
  activeSessions: number;
  currentPowerW: number;
  energyTodayWh: number;
  availabilityPercent: number;
}

export interface LiveConnector {
  evseId: number;
  connectorId: number;
  type: string | null;
  maxPowerKw: string | number | null;
  status: string | null;
  errorCode: string | null;
  since: string | null;
}

export interface ActiveSession {
  sessionId: string;
  evseId: number | null;
  connectorId: number | null;
  startedAt: string;
  energyWh: number;
  powerW: number | null;
  socPercent: number | null;
}

export interface LiveCharger {
  chargerId: string;
  name: string;
  ocppIdentity: string;
  organizationId: string;
  organizationName: string;
  siteId: string;
  siteName: string;
  latitude: string | number | null;
  longitude: string | number | null;
  adminStatus: string;
  online: boolean;
  offlineSince: string | null;
  lastMessageAt: string | null;
  status: LiveStatus;
  connectors: LiveConnector[];
  activeSession: ActiveSession | null;
}

export interface StatusHistoryEntry {
  at: string;
  evseId: number;
  connectorId: number;
  status: string;
  errorCode: string | null;
  info: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
}

export interface MessageLogEntry {
  id?: string | number;
  direction: 'in' | 'out';
  action: string | null;
  type?: number | string | null;
  messageType?: number | null;
  messageId?: string | null;
  payload: unknown;
  at: string;
}

export interface MeterSample {
  at: string;
  energyWh: number | null;
  powerW: number | null;
  socPercent: number | null;
}

export interface SessionDetail {
  id: string;
  chargerId: string;
  status: string;
  startedAt: string;
  stoppedAt: string | null;
  energyWh: number;
  powerW?: number | null;
  socPercent?: number | null;
  samples: MeterSample[];
}

export interface UiConfig {
  mapTileUrl: string | null;
  mapAttribution: string | null;
}

// ── SSE payloads: the server's own event types (type-only, erased from the bundle) ──
export type { ChargerConnectionEvent, ChargerStatusEvent, SessionEvent } from '../../../server/src/live/bus';

export const liveKeys = {
  all: ['live'] as const,
  summary: (organizationId: string | null) => ['live', 'summary', organizationId] as const,
  chargersAll: ['live', 'chargers'] as const,
  chargers: (organizationId: string | null, siteId: string | null = null) =>
    ['live', 'chargers', { organizationId, siteId }] as const,
  statusHistory: (chargerId: string) => ['live', 'status-history', chargerId] as const,
  messages: (chargerId: string) => ['live', 'messages', chargerId] as const,
  session: (sessionId: string) => ['live', 'session', sessionId] as const,
  uiConfig: ['ui-config'] as const,
};

export const createStreamTicket = () => api.post<{ ticket: string; expiresIn: number }>('/stream/ticket');
export const getLiveSummary = (organizationId: string | null) => api.get<LiveSummary>('/live/summary', { organizationId });
export const listLiveChargers = (organizationId: string | null, siteId: string | null = null) =>
  api.get<LiveCharger[]>('/live/chargers', { organizationId, siteId });
/** Lists answer an array; a page `{items}` is accepted too so the contract can grow paging. */
const itemsOf = <T>(reply: T[] | { items: T[] }): T[] => (Array.isArray(reply) ? reply : reply.items);
export const getStatusHistory = async (chargerId: string, limit = 100) =>
  itemsOf(
    await api.get<StatusHistoryEntry[] | { items: StatusHistoryEntry[] }>(`/chargers/${chargerId}/status-history`, { limit }),
  );
export const getMessageLog = async (chargerId: string, limit = 100) =>
  itemsOf(await api.get<MessageLogEntry[] | { items: MessageLogEntry[] }>(`/chargers/${chargerId}/messages`, { limit }));
export const getSession = (sessionId: string) => api.get<SessionDetail>(`/sessions/${sessionId}`);
export const getUiConfig = () => api.get<UiConfig>('/ui-config');
