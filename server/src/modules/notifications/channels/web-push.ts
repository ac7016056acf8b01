import { eq } from 'drizzle-orm';
import webPush from 'web-push';
import type { Config } from '../../../config.js';
import type { Db, Executor } from '../../../db/client.js';
import { pushSubscriptions } from '../../../db/schema/index.js';
import { vapidKeysFor } from '../vapid.js';
import type { ChannelAdapter, ChannelTarget, OutgoingMessage, SendResult } from './types.js';

/** A push subscription as a target: its row id, and what sending needs (loaded again when absent). */
export interface PushTarget extends ChannelTarget {
  endpoint?: string;
  p256dh?: string;
  auth?: string;
}

/** What the service worker (web/public/sw.js) receives, decrypted by the browser. */
export interface PushPayload {
  title: string;
  body: string;
  url: string | null;
  category: string;
  severity: string | null;
}

export interface WebPushOptions {
  /** How long the push service keeps an undelivered message (seconds). */
  ttlSeconds?: number;
  /** A push service that has not answered within this is a temporary failure. */
  timeoutMs?: number;
}

/** A critical alert is worth waking a phone for; marketing never is. */
export function urgencyOf(message: Pick<OutgoingMessage, 'category' | 'severity'>): webPush.Urgency {
  if (message.category === 'marketing') return 'very-low';
  if (message.severity === 'critical') return 'high';
  if (message.severity === 'info' || message.category === 'report') return 'low';
  return 'normal';
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The JSON a push carries; kept well under the 4 KB a push service accepts once encrypted. */
export function pushPayload(message: OutgoingMessage): PushPayload {
  const body = message.items.length > 0 ? message.items.map((item) => `• ${item.title}`).join('\n') : message.body;
  return {
    title: clip(message.title, 120),
    body: clip(body, 1000),
    url: message.url,
    category: message.category,
    severity: message.severity,
  };
}

/**
 * Web Push (RFC 8030 delivery, RFC 8291 encryption, RFC 8292 VAPID). web-push encrypts the payload
 * and signs the VAPID header; the request itself goes out with fetch, so a local push endpoint on
 * plain http (tests, development) works too.
 */
export function webPushChannel(db: Db, config: Config, options: WebPushOptions = {}): ChannelAdapter {
  const ttl = options.ttlSeconds ?? 24 * 3600;
  const timeoutMs = options.timeoutMs ?? 10_000;

  const subscriptionOf = async (target: PushTarget) => {
    if (target.endpoint && target.p256dh && target.auth)
      return { endpoint: target.endpoint, p256dh: target.p256dh, auth: target.auth };
    const [row] = await db
      .select({ endpoint: pushSubscriptions.endpoint, p256dh: pushSubscriptions.p256dh, auth: pushSubscriptions.auth })
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.id, target.id));
    return row ?? null;
  };

  return {
    channel: 'web_push',

    async targets(executor: Executor, userId: string): Promise<PushTarget[]> {
      const rows = await executor
        .select({
          id: pushSubscriptions.id,
          endpoint: pushSubscriptions.endpoint,
          p256dh: pushSubscriptions.p256dh,
          auth: pushSubscriptions.auth,
        })
        .from(pushSubscriptions)
        .where(eq(pushSubscriptions.userId, userId))
        .orderBy(pushSubscriptions.createdAt);
      return rows;
    },

    async send(target: PushTarget, message: OutgoingMessage): Promise<SendResult> {
      const vapid = await vapidKeysFor(db, config);
      if (!vapid) return { ok: false, permanent: true, error: 'Web Push is off: no VAPID keys and no SECRETS_KEY' };
      const subscription = await subscriptionOf(target);
      if (!subscription) return { ok: false, permanent: true, error: 'The push subscription no longer exists' };
      let details: webPush.RequestDetails;
      try {
        details = webPush.generateRequestDetails(
          { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
          JSON.stringify(pushPayload(message)),
          {
            vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
            TTL: ttl,
            urgency: urgencyOf(message),
            contentEncoding: 'aes128gcm',
          },
        );
      } catch (error) {
        // The stored keys cannot be used to encrypt (not a P-256 point): this subscription never will work.
        return { ok: false, permanent: true, forgetTarget: true, error: `Unusable subscription: ${(error as Error).message}` };
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(details.headers)) headers[name] = String(value);
      let response: Response;
      try {
        response = await fetch(details.endpoint, {
          method: 'POST',
          headers,
          body: details.body ? new Uint8Array(details.body) : null,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        return { ok: false, permanent: false, error: `Push service unreachable: ${cause ?? (error as Error).message}` };
      }
      const text = (await response.text().catch(() => '')).slice(0, 200);
      if (response.status >= 200 && response.status < 300) {
        await db.update(pushSubscriptions).set({ lastSuccessAt: new Date() }).where(eq(pushSubscriptions.id, target.id));
        return { ok: true, providerReference: response.headers.get('location') };
      }
      const error = `Push service answered ${response.status}${text ? `: ${text}` : ''}`;
      // 404/410: the subscription expired or was withdrawn (RFC 8030 §7.3) — forget it.
      if (response.status === 404 || response.status === 410) return { ok: false, permanent: true, forgetTarget: true, error };
      // Rate limited, or the service is having trouble: try again later.
      if (response.status === 429 || response.status >= 500) return { ok: false, permanent: false, error };
      // 400/401/403/413…: this message will not be accepted however often it is sent.
      return { ok: false, permanent: true, error };
    },

    async forget(executor: Executor, target: ChannelTarget): Promise<void> {
      await executor.delete(pushSubscriptions).where(eq(pushSubscriptions.id, target.id));
    },
  };
}
