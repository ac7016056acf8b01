import { api } from './client';
import type { ItemOf, ResponseBody } from './contract';

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

export type LiveSummary = ResponseBody<'/api/v1/live/summary'>;
export type LiveCharger = ResponseBody<'/api/v1/live/chargers'>[number];
export type LiveConnector = LiveCharger['connectors'][number];
export type ActiveSession = NonNullable<LiveCharger['activeSession']>;
export type StatusHistoryEntry = ItemOf<ResponseBody<'/api/v1/chargers/{id}/status-history'>>;
export type MessageLogEntry = ItemOf<ResponseBody<'/api/v1/chargers/{id}/messages'>>;
export type SessionDetail = ResponseBody<'/api/v1/sessions/{id}'>;
export type MeterSample = SessionDetail['samples'][number];
export type UiConfig = ResponseBody<'/api/v1/ui-config'>;
export type StreamTicket = ResponseBody<'/api/v1/stream/ticket', 'post'>;

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

export const createStreamTicket = () => api.post<StreamTicket>('/stream/ticket');
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
