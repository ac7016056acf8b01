import { api } from './client';
import type { ItemOf, QueryOf, RequestBody, ResponseBody } from './contract';

export type NotificationPreferences = ResponseBody<'/api/v1/me/notification-preferences'>;
export type NotificationPreferencesInput = RequestBody<'/api/v1/me/notification-preferences', 'put'>;
export type NotificationChannel = NotificationPreferences['channels'][number];
export type Digest = NotificationPreferences['digest'];
type NotificationPage = ResponseBody<'/api/v1/notifications'>;
type NotificationQuery = QueryOf<'/api/v1/notifications'>;
type DeliveryList = ResponseBody<'/api/v1/notifications/{id}/deliveries'>;
export type Delivery = ItemOf<DeliveryList>;
export type DeliveryStatus = Delivery['status'];

export const preferenceKeys = { mine: ['me', 'notification-preferences'] as const };
export const deliveryKeys = { of: (notificationId: string) => ['notifications', 'deliveries', notificationId] as const };

export const getNotificationPreferences = () => api.get<NotificationPreferences>('/me/notification-preferences');
export const saveNotificationPreferences = (input: NotificationPreferencesInput) =>
  api.put<NotificationPreferences>('/me/notification-preferences', input);

export const listNotificationPage = (query: NotificationQuery) => api.get<NotificationPage>('/notifications', { ...query });
export const listDeliveries = (notificationId: string) => api.get<DeliveryList>(`/notifications/${notificationId}/deliveries`);

export const CHANNEL_LABELS: Record<NotificationChannel, string> = {
  email: 'E-mail',
  web_push: 'Web Push',
  mobile_push: 'Mobile push',
};

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  queued: 'Queued',
  held: 'Held',
  sent: 'Sent',
  failed: 'Failed',
  skipped: 'Skipped',
  digested: 'In a digest',
};
export const DELIVERY_STATUS_COLORS: Record<DeliveryStatus, string> = {
  queued: 'blue',
  held: 'yellow',
  sent: 'teal',
  failed: 'red',
  skipped: 'gray',
  digested: 'teal',
};
