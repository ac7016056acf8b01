import { api } from './client';
import type { ItemOf, QueryOf, RequestBody, ResponseBody } from './contract';

type MessagePage = ResponseBody<'/api/v1/driver-messages'>;
export type DriverMessage = ItemOf<MessagePage>;
export type DriverMessageDetail = ResponseBody<'/api/v1/driver-messages/{id}'>;
export type MessageRecipient = DriverMessageDetail['recipients'][number];
export type ComposeMessage = RequestBody<'/api/v1/driver-messages', 'post'>;
export type MessageAudience = ComposeMessage['audience'];
export type MessageListQuery = QueryOf<'/api/v1/driver-messages'>;
export type AudiencePreview = ResponseBody<'/api/v1/driver-messages/preview', 'post'>;
export type AudienceOptions = ResponseBody<'/api/v1/driver-messages/options'>;
type MyMessagePage = ResponseBody<'/api/v1/me/messages'>;
export type MyMessage = ItemOf<MyMessagePage>;
export type NotificationPreferences = ResponseBody<'/api/v1/me/notification-preferences'>;

export const messageKeys = {
  all: ['driver-messages'] as const,
  list: (query: MessageListQuery) => ['driver-messages', 'list', query] as const,
  detail: (id: string) => ['driver-messages', 'detail', id] as const,
  options: (organizationId: string, q: string) => ['driver-messages', 'options', organizationId, q] as const,
  mine: ['me', 'messages'] as const,
  preferences: ['me', 'notification-preferences'] as const,
};

export const listMessages = (query: MessageListQuery) => api.get<MessagePage>('/driver-messages', { ...query });
export const getMessage = (id: string) => api.get<DriverMessageDetail>(`/driver-messages/${id}`);
export const composeMessage = (body: ComposeMessage) => api.post<DriverMessage>('/driver-messages', body);
export const previewAudience = (body: RequestBody<'/api/v1/driver-messages/preview', 'post'>) =>
  api.post<AudiencePreview>('/driver-messages/preview', body);
export const audienceOptions = (organizationId: string, q: string) =>
  api.get<AudienceOptions>('/driver-messages/options', { organizationId, q: q || undefined });
export const cancelMessage = (id: string) => api.post<DriverMessage>(`/driver-messages/${id}/cancel`);

export const myMessages = () => api.get<MyMessagePage>('/me/messages', { pageSize: 50 });
export const myPreferences = () => api.get<NotificationPreferences>('/me/notification-preferences');
export const savePreferences = (body: NotificationPreferences) =>
  api.put<NotificationPreferences>('/me/notification-preferences', body);

export const STATUS_LABELS: Record<DriverMessage['status'], string> = {
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  cancelled: 'Cancelled',
};
export const STATUS_COLORS: Record<DriverMessage['status'], string> = {
  scheduled: 'blue',
  sending: 'yellow',
  sent: 'teal',
  cancelled: 'gray',
};
export const CHANNEL_LABELS: Record<string, string> = { email: 'E-mail', web_push: 'Web Push', mobile_push: 'Mobile push' };

/** The audience in words, as the list and the detail page show it. */
export function audienceText(audience: MessageAudience): string {
  switch (audience.kind) {
    case 'drivers':
      return `${audience.userIds.length} chosen driver${audience.userIds.length === 1 ? '' : 's'}`;
    case 'organization':
      return 'All drivers of the organization';
    case 'sites':
      return `Charged at ${audience.siteIds.length} site${audience.siteIds.length === 1 ? '' : 's'} in the last ${audience.days} days`;
    case 'token_groups':
      return `ID-token groups: ${audience.groups.join(', ')}`;
  }
}
