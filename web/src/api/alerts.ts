import { api } from './client';
import type { ItemOf, QueryOf, RequestBody, ResponseBody } from './contract';

type AlertPage = ResponseBody<'/api/v1/alerts'>;
export type Alert = ItemOf<AlertPage>;
export type AlertDetail = ResponseBody<'/api/v1/alerts/{id}'>;
export type AlertEvent = AlertDetail['events'][number];
export type AlertStatus = Alert['status'];
export type AlertSeverity = Alert['severity'];
export type AlertFilter = QueryOf<'/api/v1/alerts'>;
export type AlertCounts = ResponseBody<'/api/v1/alerts/counts'>;
type AlertRulePage = ResponseBody<'/api/v1/alert-rules'>;
export type AlertRule = ItemOf<AlertRulePage>;
export type AlertRuleInput = RequestBody<'/api/v1/alert-rules/{ruleType}', 'put'>;
type NotificationPage = ResponseBody<'/api/v1/notifications'>;
export type AppNotification = ItemOf<NotificationPage>;
export type UnreadCount = ResponseBody<'/api/v1/notifications/unread-count'>;

// ── SSE payloads: the server's own event types (type-only, erased from the bundle) ──
export type { AlertChangedEvent, NotificationCreatedEvent } from '../../../server/src/live/bus';

export const alertKeys = {
  all: ['alerts'] as const,
  list: (filter: AlertFilter) => ['alerts', 'list', filter] as const,
  counts: ['alerts', 'counts'] as const,
  detail: (id: string) => ['alerts', 'detail', id] as const,
  allRules: ['alerts', 'rules'] as const,
  rules: (organizationId: string | null) => ['alerts', 'rules', organizationId] as const,
};

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread-count'] as const,
  latest: ['notifications', 'latest'] as const,
};

export const listAlerts = (filter: AlertFilter) => api.get<AlertPage>('/alerts', { ...filter });
export const alertCounts = () => api.get<AlertCounts>('/alerts/counts');
export const getAlert = (id: string) => api.get<AlertDetail>(`/alerts/${id}`);
export const acknowledgeAlert = (id: string, note?: string) =>
  api.post<AlertDetail>(`/alerts/${id}/acknowledge`, note ? { note } : {});
export const resolveAlert = (id: string, note?: string) => api.post<AlertDetail>(`/alerts/${id}/resolve`, note ? { note } : {});
export const listAlertRules = (organizationId: string | null) =>
  api.get<AlertRulePage>('/alert-rules', { organizationId: organizationId ?? undefined });
export const saveAlertRule = (ruleType: string, input: AlertRuleInput) => api.put<AlertRule>(`/alert-rules/${ruleType}`, input);

export const listNotifications = (pageSize = 10) => api.get<NotificationPage>('/notifications', { pageSize });
export const unreadCount = () => api.get<UnreadCount>('/notifications/unread-count');
export const markNotificationRead = (id: string) => api.post<unknown>(`/notifications/${id}/read`);
export const markAllNotificationsRead = () => api.post<unknown>('/notifications/read-all');

export const SEVERITY_COLORS: Record<AlertSeverity, string> = { critical: 'red', warning: 'orange', info: 'blue' };
export const SEVERITY_LABELS: Record<AlertSeverity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };
export const STATUS_LABELS: Record<AlertStatus, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };
export const STATUS_COLORS: Record<AlertStatus, string> = { open: 'red', acknowledged: 'yellow', resolved: 'gray' };

type MaintenanceList = ResponseBody<'/api/v1/maintenance-windows'>;
export type MaintenanceWindow = ItemOf<MaintenanceList>;
export type MaintenanceInput = RequestBody<'/api/v1/maintenance-windows', 'post'>;
export type AlertRecipient = NonNullable<AlertDetail['recipients']>[number];

export const maintenanceKeys = {
  all: ['maintenance-windows'] as const,
  of: (place: { chargerId?: string; siteId?: string }) => ['maintenance-windows', place] as const,
};

/** Windows not ended yet (current and upcoming) of one charger or one site. */
export const listMaintenanceWindows = (place: { chargerId?: string; siteId?: string }) =>
  api.get<MaintenanceList>('/maintenance-windows', { ...place, current: true });
export const createMaintenanceWindow = (input: MaintenanceInput) => api.post<MaintenanceWindow>('/maintenance-windows', input);
export const deleteMaintenanceWindow = (id: string) => api.delete(`/maintenance-windows/${id}`);
