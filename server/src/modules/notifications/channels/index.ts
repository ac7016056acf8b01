import type { Config } from '../../../config.js';
import { createEmailChannel } from './email.js';
import type { ChannelAdapter } from './types.js';

/**
 * Every delivery channel this instance can send on (e-mail; Web Push and mobile push are not built
 * yet). E-mail needs SMTP_URL: without it there is no e-mail adapter, and e-mail deliveries are
 * recorded as skipped (`no SMTP server configured`).
 */
export function buildChannels(deps: { config: Config }): ChannelAdapter[] {
  const { notifications, publicUrl } = deps.config;
  const email = createEmailChannel(
    notifications.smtpUrl ? { smtpUrl: notifications.smtpUrl, mailFrom: notifications.mailFrom, publicUrl } : null,
  );
  return email ? [email] : [];
}
