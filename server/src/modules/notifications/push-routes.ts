import { ECDH } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import type { Executor } from '../../db/client.js';
import { pushSubscriptions } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { ErrorBody, Uuid } from '../../http/schemas.js';
import { vapidKeysFor, webPushAvailable } from './vapid.js';

const tags = ['notifications'];

const PushKeyBody = Type.Object({
  publicKey: Type.String({ description: 'The VAPID public key (base64url): PushManager.subscribe’s applicationServerKey' }),
});

const SubscriptionInput = Type.Object(
  {
    endpoint: Type.String({ minLength: 1, maxLength: 2048, description: 'The push service URL (https)' }),
    keys: Type.Object(
      {
        p256dh: Type.String({ minLength: 1, maxLength: 200, description: 'The browser’s P-256 public key, base64url' }),
        auth: Type.String({ minLength: 1, maxLength: 100, description: 'The 16-byte authentication secret, base64url' }),
      },
      { additionalProperties: false },
    ),
    /** PushSubscription.toJSON() includes it; not used. */
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  },
  { additionalProperties: false },
);

const SubscriptionBody = Type.Object({
  id: Uuid,
  endpoint: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

const UnsubscribeInput = Type.Object(
  { endpoint: Type.String({ minLength: 1, maxLength: 2048 }) },
  { additionalProperties: false },
);

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An https push service URL; plain http only to this machine, and only outside production. */
export function checkPushEndpoint(endpoint: string, config: Pick<Config, 'notifications'>): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new AppError('PUSH_ENDPOINT_INVALID', 'The push endpoint is not a URL');
  }
  if (url.username || url.password) throw new AppError('PUSH_ENDPOINT_INVALID', 'The push endpoint must not hold credentials');
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname) && config.notifications.allowLocalPushEndpoints) return;
  throw new AppError(
    'PUSH_ENDPOINT_INVALID',
    config.notifications.allowLocalPushEndpoints
      ? 'The push endpoint must be an https URL (or http on localhost / 127.0.0.1)'
      : 'The push endpoint must be an https URL',
  );
}

const base64url = (value: string): Buffer | null => {
  const text = value.replace(/=+$/, '');
  return /^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url') : null;
};

/** p256dh: an uncompressed point on P-256; auth: 16 bytes (RFC 8291 §3). */
export function checkPushKeys(keys: { p256dh: string; auth: string }): { p256dh: string; auth: string } {
  const point = base64url(keys.p256dh);
  let valid = point !== null && point.length === 65 && point[0] === 4;
  if (valid) {
    try {
      ECDH.convertKey(point!, 'prime256v1');
    } catch {
      valid = false;
    }
  }
  if (!valid) throw new AppError('PUSH_KEYS_INVALID', 'keys.p256dh must be an uncompressed P-256 public key in base64url');
  if (base64url(keys.auth)?.length !== 16)
    throw new AppError('PUSH_KEYS_INVALID', 'keys.auth must be a 16-byte secret in base64url');
  return { p256dh: point!.toString('base64url'), auth: base64url(keys.auth)!.toString('base64url') };
}

/** Stores a browser's subscription for a user; the same endpoint again moves it to this user (one row per endpoint). */
export async function saveSubscription(
  db: Executor,
  userId: string,
  input: { endpoint: string; keys: { p256dh: string; auth: string } },
  userAgent: string | null,
) {
  const [row] = await db
    .insert(pushSubscriptions)
    .values({ userId, endpoint: input.endpoint, ...input.keys, userAgent })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: {
        userId,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        userAgent,
        // Another user's success says nothing about this one.
        lastSuccessAt: sql`CASE WHEN ${pushSubscriptions.userId} = ${userId} THEN ${pushSubscriptions.lastSuccessAt} END`,
      },
    })
    .returning({ id: pushSubscriptions.id, endpoint: pushSubscriptions.endpoint, createdAt: pushSubscriptions.createdAt });
  return { id: row!.id, endpoint: row!.endpoint, createdAt: row!.createdAt.toISOString() };
}

/** Web Push for the signed-in user's browsers: the VAPID key to subscribe with, and the subscriptions. */
export function pushRoutes(app: TypedApp, { db, config }: AppDeps): void {
  if (!webPushAvailable(config))
    app.log.warn(
      'Web Push is off: set SECRETS_KEY (to keep a generated VAPID key pair) or VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY',
    );

  app.get(
    '/api/v1/notifications/push/key',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The VAPID public key browsers subscribe to Web Push with',
        response: { 200: PushKeyBody, 401: ErrorBody, 409: ErrorBody },
      },
    },
    async () => {
      const keys = await vapidKeysFor(db, config);
      if (!keys) throw new AppError('WEB_PUSH_UNAVAILABLE', 'Web Push is not set up on this server (SECRETS_KEY or VAPID keys)');
      return { publicKey: keys.publicKey };
    },
  );

  app.post(
    '/api/v1/notifications/push/subscriptions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Store this browser’s push subscription for the signed-in user (the same endpoint again moves it)',
        body: SubscriptionInput,
        response: { 201: SubscriptionBody, 400: ErrorBody, 401: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      if (!webPushAvailable(config))
        throw new AppError('WEB_PUSH_UNAVAILABLE', 'Web Push is not set up on this server (SECRETS_KEY or VAPID keys)');
      // Stored as the browser gave it: unsubscribing names it the same way.
      const { endpoint } = request.body;
      checkPushEndpoint(endpoint, config);
      const keys = checkPushKeys(request.body.keys);
      const userAgent = request.headers['user-agent']?.slice(0, 300) ?? null;
      const saved = await saveSubscription(db, actorOf(request).id, { endpoint, keys }, userAgent);
      return reply.status(201).send(saved);
    },
  );

  app.delete(
    '/api/v1/notifications/push/subscriptions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Remove one of your own push subscriptions (an endpoint that is not yours, or unknown, changes nothing)',
        body: UnsubscribeInput,
        response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      await db
        .delete(pushSubscriptions)
        .where(and(eq(pushSubscriptions.endpoint, request.body.endpoint), eq(pushSubscriptions.userId, actorOf(request).id)));
      return reply.status(204).send(null);
    },
  );
}
