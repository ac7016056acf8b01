import type { Config } from '../../../config.js';
import type { Db } from '../../../db/client.js';
import { webPushAvailable } from '../vapid.js';
import { createEmailChannel } from './email.js';
import { mobilePushChannel } from './mobile-push.js';
import type { ChannelAdapter } from './types.js';
import { webPushChannel } from './web-push.js';

/**
 * Every delivery channel this instance can send on. E-mail needs SMTP_URL: without it there is no
 * e-mail adapter, and e-mail deliveries are recorded as skipped (`no SMTP server configured`). Web
 * Push needs its VAPID keys (docs/web-push.md); mobile push an FCM service account
 * (FCM_SERVICE_ACCOUNT_FILE, docs/mobile-push.md) — without it mobile push deliveries are skipped
 * (`channel not available on this server`).
 */
export function buildChannels(deps: { config: Config; db?: Db }): ChannelAdapter[] {
  const { notifications, publicUrl } = deps.config;
  const channels: ChannelAdapter[] = [];
  const email = createEmailChannel(
    notifications.smtpUrl ? { smtpUrl: notifications.smtpUrl, mailFrom: notifications.mailFrom, publicUrl } : null,
  );
  if (email) channels.push(email);
  if (deps.db && webPushAvailable(deps.config)) channels.push(webPushChannel(deps.db, deps.config));
  if (deps.db && notifications.fcm) channels.push(mobilePushChannel(deps.db, notifications.fcm));
  return channels;
}
