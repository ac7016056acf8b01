import { createHash, sign } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FcmSettings } from '../../../config.js';
import type { Db, Executor } from '../../../db/client.js';
import { mobileDevices } from '../../../db/schema/index.js';
import type { ChannelAdapter, ChannelTarget, OutgoingMessage, SendResult } from './types.js';
import { pushPayload } from './web-push.js';

/** A phone as a target: its `mobile_devices` row id, and its FCM token (loaded again when absent). */
export interface DeviceTarget extends ChannelTarget {
  token?: string;
}

export interface MobilePushOptions {
  /** The token endpoint or FCM not answering within this is a temporary failure. */
  timeoutMs?: number;
}

export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
/** Google accepts assertions valid for at most an hour. */
const ASSERTION_SECONDS = 3600;
/** An access token is used until this long before it expires, then a new one is fetched. */
const REFRESH_MARGIN_SECONDS = 300;

/** The FCM v1 `message` (https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages). */
export interface FcmMessage {
  token: string;
  notification: { title: string; body: string };
  /** FCM takes strings only here. */
  data: Record<string, string>;
  android: { priority: 'high' | 'normal' };
  apns: { headers: { 'apns-priority': '10' | '5' } };
}

/** A critical alert wakes the phone at once; everything else may wait for the OS's convenience. */
export const highPriority = (message: Pick<OutgoingMessage, 'category' | 'severity'>) =>
  message.category === 'alert' && message.severity === 'critical';

/**
 * What goes to FCM for one phone. `data` lets the app open the right page and drop a second copy of
 * the same delivery (`delivery`: its idempotency key; at least once means one can arrive twice).
 */
export function fcmMessage(token: string, message: OutgoingMessage, idempotencyKey: string): FcmMessage {
  const payload = pushPayload(message);
  const data: Record<string, string> = { category: message.category, type: message.type, delivery: idempotencyKey };
  if (payload.url) data.url = payload.url;
  if (message.severity) data.severity = message.severity;
  if (message.organizationName) data.organization = message.organizationName;
  const high = highPriority(message);
  return {
    token,
    notification: { title: payload.title, body: payload.body },
    data,
    android: { priority: high ? 'high' : 'normal' },
    apns: { headers: { 'apns-priority': high ? '10' : '5' } },
  };
}

/** The service-account JWT (RS256) Google exchanges for an access token (RFC 7523). */
export function serviceAccountAssertion(settings: FcmSettings, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(settings.privateKeyId ? { kid: settings.privateKeyId } : {}) };
  const claims = {
    iss: settings.clientEmail,
    sub: settings.clientEmail,
    aud: settings.tokenUri,
    scope: FCM_SCOPE,
    iat,
    exp: iat + ASSERTION_SECONDS,
  };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode(header)}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), settings.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

/** A failure to get or use an access token; `permanent` never, the operator can fix the account meanwhile. */
class TokenError extends Error {}

interface CachedToken {
  accessToken: string;
  /** Epoch ms after which it is not used any more (shortly before Google's expiry). */
  usableUntil: number;
}

/** Per process: one access token per service account (key) and token endpoint, shared by every adapter. */
const tokens = new Map<string, Promise<CachedToken>>();

const cacheKey = (settings: FcmSettings) =>
  createHash('sha256').update(`${settings.tokenUri}\n${settings.clientEmail}\n${settings.privateKey}`).digest('hex');

const clip = (text: string, max = 300) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const unreachable = (what: string, error: unknown) => {
  const e = error as { name?: string; cause?: { code?: string }; message?: string };
  if (e.name === 'TimeoutError') return `${what} did not answer in time`;
  return `${what} unreachable: ${e.cause?.code ?? e.message ?? String(error)}`;
};

async function exchange(settings: FcmSettings, timeoutMs: number): Promise<CachedToken> {
  const body = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: serviceAccountAssertion(settings),
  });
  let response: Response;
  try {
    response = await fetch(settings.tokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new TokenError(unreachable('The OAuth token endpoint', error));
  }
  const text = await response.text().catch(() => '');
  let json: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // Not JSON (a proxy's page): reported as text below.
  }
  if (response.status !== 200 || typeof json.access_token !== 'string' || !json.access_token) {
    const why = json.error
      ? `${String(json.error)}${json.error_description ? `: ${String(json.error_description)}` : ''}`
      : clip(text);
    throw new TokenError(`The OAuth token endpoint refused the service account (${response.status}${why ? ` ${why}` : ''})`);
  }
  const lifetime = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 3600;
  // A short-lived token is used for half its life rather than not at all.
  const margin = Math.min(REFRESH_MARGIN_SECONDS, lifetime / 2);
  return { accessToken: json.access_token, usableUntil: Date.now() + (lifetime - margin) * 1000 };
}

/** The cached access token, or a new one; sends at once share one exchange, and a failed one is not kept. */
async function accessToken(settings: FcmSettings, timeoutMs: number, refuse?: string): Promise<string> {
  const key = cacheKey(settings);
  let pending = tokens.get(key);
  if (pending) {
    const cached = await pending.catch(() => null);
    if (!cached || cached.accessToken === refuse || cached.usableUntil <= Date.now()) {
      if (tokens.get(key) === pending) tokens.delete(key);
      pending = undefined;
    }
  }
  pending = tokens.get(key);
  if (!pending) {
    pending = exchange(settings, timeoutMs);
    tokens.set(key, pending);
    pending.catch(() => {
      if (tokens.get(key) === pending) tokens.delete(key);
    });
  }
  return (await pending).accessToken;
}

/** Forgets every cached access token (tests). */
export const clearFcmTokenCache = () => tokens.clear();

interface FcmErrorBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    details?: { '@type'?: string; errorCode?: string; fieldViolations?: { field?: string; description?: string }[] }[];
  };
}

/** What an FCM answer other than 200 means (https://firebase.google.com/docs/cloud-messaging/error-codes). */
export function classifyFcmError(status: number, text: string): Exclude<SendResult, { ok: true }> {
  let body: FcmErrorBody = {};
  try {
    body = JSON.parse(text) as FcmErrorBody;
  } catch {
    // A proxy's or load balancer's page: only the status says anything.
  }
  const details = Array.isArray(body.error?.details) ? body.error.details : [];
  const errorCode = details.find((d) => d?.['@type']?.endsWith('google.firebase.fcm.v1.FcmError'))?.errorCode;
  const fields = details.flatMap((d) => (Array.isArray(d?.fieldViolations) ? d.fieldViolations : [])).map((v) => v?.field);
  const described = [errorCode ?? body.error?.status, body.error?.message].filter(Boolean).join(' ');
  const error = `FCM answered ${status}${described ? ` ${clip(described)}` : text ? ` ${clip(text)}` : ''}`;
  // The app was uninstalled or the token expired: the device will never be reached with it again.
  if (errorCode === 'UNREGISTERED') return { ok: false, permanent: true, forgetTarget: true, error };
  // A token FCM does not take as a registration token. Other invalid arguments (a field of the message) keep the device.
  const badToken =
    status === 400 &&
    (errorCode === 'INVALID_ARGUMENT' || body.error?.status === 'INVALID_ARGUMENT') &&
    (fields.includes('message.token') || /registration token/i.test(body.error?.message ?? ''));
  if (badToken) return { ok: false, permanent: true, forgetTarget: true, error };
  // Over quota, or FCM having trouble: the queue tries again with its backoff.
  if (status === 429 || status >= 500) return { ok: false, permanent: false, error };
  // 401 again after a new token: the service account (or the APNs key in Firebase) is being fixed, perhaps.
  if (status === 401) return { ok: false, permanent: false, error };
  // A 404 without UNREGISTERED (a wrong project or host), SENDER_ID_MISMATCH, a message FCM refuses:
  // sending it again cannot help, but the device is kept, since the fault may be ours.
  return { ok: false, permanent: true, error };
}

/**
 * Mobile push through the FCM HTTP v1 API: a service-account JWT exchanged for an OAuth access
 * token (cached per process until shortly before it expires), then `messages:send` per phone.
 */
export function mobilePushChannel(db: Db, settings: FcmSettings, options: MobilePushOptions = {}): ChannelAdapter {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sendUrl = `${settings.apiUrl}/v1/projects/${encodeURIComponent(settings.projectId)}/messages:send`;

  const tokenOf = async (target: DeviceTarget): Promise<string | null> => {
    if (target.token) return target.token;
    const [row] = await db.select({ token: mobileDevices.fcmToken }).from(mobileDevices).where(eq(mobileDevices.id, target.id));
    return row?.token ?? null;
  };

  const post = (bearer: string, body: string) =>
    fetch(sendUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json; charset=utf-8' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });

  return {
    channel: 'mobile_push',

    async targets(executor: Executor, userId: string): Promise<DeviceTarget[]> {
      return executor
        .select({ id: mobileDevices.id, token: mobileDevices.fcmToken })
        .from(mobileDevices)
        .where(eq(mobileDevices.userId, userId))
        .orderBy(mobileDevices.createdAt);
    },

    async send(target: DeviceTarget, message: OutgoingMessage, idempotencyKey: string): Promise<SendResult> {
      const token = await tokenOf(target);
      // Removed by its user, or moved to another user (a new id then): not this delivery's phone any more.
      if (!token) return { ok: false, permanent: true, error: 'The device is no longer registered' };
      const body = JSON.stringify({ message: fcmMessage(token, message, idempotencyKey) });
      let response: Response | null = null;
      let refused: string | undefined;
      try {
        for (let attempt = 0; attempt < 2; attempt++) {
          const bearer = await accessToken(settings, timeoutMs, refused);
          response = await post(bearer, body);
          // An access token revoked or expired early: one new token, one more try.
          if (response.status !== 401 || attempt === 1) break;
          await response.text().catch(() => '');
          refused = bearer;
        }
      } catch (error) {
        if (error instanceof TokenError) return { ok: false, permanent: false, error: error.message };
        return { ok: false, permanent: false, error: unreachable('FCM', error) };
      }
      const text = await response!.text().catch(() => '');
      if (response!.status === 200) {
        let name: string | null = null;
        try {
          const parsed = JSON.parse(text) as { name?: unknown };
          name = typeof parsed.name === 'string' ? parsed.name.slice(0, 500) : null;
        } catch {
          // Taken all the same: FCM said 200.
        }
        await db.update(mobileDevices).set({ lastSuccessAt: new Date() }).where(eq(mobileDevices.id, target.id));
        return { ok: true, providerReference: name };
      }
      return classifyFcmError(response!.status, text);
    },

    async forget(executor: Executor, target: ChannelTarget): Promise<void> {
      await executor.delete(mobileDevices).where(eq(mobileDevices.id, target.id));
    },
  };
}
