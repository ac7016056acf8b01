import { api, request } from './client';
import type { RequestBody, ResponseBody } from './contract';

type Subscriptions = '/api/v1/notifications/push/subscriptions';

/** The browser's subscription as the server stores it (PushSubscription.toJSON()). */
export type PushSubscriptionInput = RequestBody<Subscriptions, 'post'>;

export const getPushKey = () => api.get<ResponseBody<'/api/v1/notifications/push/key'>>('/notifications/push/key');
export const savePushSubscription = (body: PushSubscriptionInput) =>
  api.post<ResponseBody<Subscriptions, 'post'>>('/notifications/push/subscriptions', body);
/** Removes this browser's subscription (one that is not the caller's, or unknown, changes nothing). */
export const deletePushSubscription = (endpoint: string) =>
  request<void>('DELETE', '/notifications/push/subscriptions', {
    body: { endpoint } satisfies RequestBody<Subscriptions, 'delete'>,
  });
