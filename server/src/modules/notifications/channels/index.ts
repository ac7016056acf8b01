import type { NoticesDeps } from '../../notices.js';
import type { ChannelAdapter } from './types.js';

/** Every delivery channel this instance can send on (e-mail, Web Push, mobile push). */
export function buildChannels(_deps: NoticesDeps): ChannelAdapter[] {
  return [];
}
