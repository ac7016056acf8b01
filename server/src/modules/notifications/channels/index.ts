import type { NoticesDeps } from '../../notices.js';
import { webPushAvailable } from '../vapid.js';
import type { ChannelAdapter } from './types.js';
import { webPushChannel } from './web-push.js';

/** Every delivery channel this instance can send on (e-mail, Web Push, mobile push). */
export function buildChannels(deps: NoticesDeps): ChannelAdapter[] {
  const channels: ChannelAdapter[] = [];
  if (webPushAvailable(deps.config)) channels.push(webPushChannel(deps.db, deps.config));
  return channels;
}
