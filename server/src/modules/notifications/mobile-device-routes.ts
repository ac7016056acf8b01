import { and, eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Executor } from '../../db/client.js';
import { mobileDevices } from '../../db/schema/index.js';
import { AppError, notFound } from '../../errors.js';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { ErrorBody, IdParams, Uuid } from '../../http/schemas.js';

const tags = ['notifications'];

const PLATFORMS = ['android', 'ios'] as const;

const DeviceInput = Type.Object(
  {
    token: Type.String({ description: 'The FCM registration token the app got from Firebase Messaging (getToken)' }),
    platform: Type.Enum([...PLATFORMS]),
    label: Type.Optional(
      Type.Union([
        Type.String({ maxLength: 100, description: 'What the user calls the phone, e.g. "Nimal’s Pixel"' }),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false },
);

const DeviceBody = Type.Object({
  id: Uuid,
  platform: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  /** The last notification FCM accepted for this phone. */
  lastSuccessAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const DeviceList = Type.Object({
  /** Whether this server sends mobile push (an FCM service account is configured). */
  available: Type.Boolean(),
  items: Type.Array(DeviceBody),
});

/**
 * An FCM registration token as the Firebase SDKs give it: letters, digits, `-`, `_` and `:`
 * (about 150–200 characters today; a little room either way). Anything else is not a token.
 */
export function checkFcmToken(raw: string): string {
  const token = raw.trim();
  if (token.length < 32 || token.length > 1024)
    throw new AppError('MOBILE_TOKEN_INVALID', 'The FCM registration token must be 32 to 1024 characters');
  if (!/^[A-Za-z0-9_:-]+$/.test(token))
    throw new AppError('MOBILE_TOKEN_INVALID', 'The FCM registration token may hold only letters, digits, - _ and :');
  return token;
}

function checkLabel(raw: string | null | undefined): string | null {
  const label = raw?.trim() ?? '';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(label)) throw new AppError('VALIDATION_FAILED', 'The label must be one line of text');
  return label || null;
}

type DeviceRow = typeof mobileDevices.$inferSelect;
const bodyOf = (row: Pick<DeviceRow, 'id' | 'platform' | 'label' | 'createdAt' | 'lastSuccessAt'>) => ({
  id: row.id,
  platform: row.platform,
  label: row.label,
  createdAt: row.createdAt.toISOString(),
  lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
});

/**
 * Stores a phone's token for a user. The same token again updates it; registered to someone else,
 * it moves to this user (a phone changes hands) as a new device: a new id, so deliveries still
 * queued for the previous owner's device find it gone instead of reaching the new owner.
 */
export async function saveDevice(
  db: Executor,
  userId: string,
  input: { token: string; platform: (typeof PLATFORMS)[number]; label: string | null },
) {
  const mine = sql`${mobileDevices.userId} = ${userId}`;
  const [row] = await db
    .insert(mobileDevices)
    .values({ userId, fcmToken: input.token, platform: input.platform, label: input.label })
    .onConflictDoUpdate({
      target: mobileDevices.fcmToken,
      set: {
        id: sql`CASE WHEN ${mine} THEN ${mobileDevices.id} ELSE gen_random_uuid() END`,
        createdAt: sql`CASE WHEN ${mine} THEN ${mobileDevices.createdAt} ELSE now() END`,
        lastSuccessAt: sql`CASE WHEN ${mine} THEN ${mobileDevices.lastSuccessAt} END`,
        userId,
        platform: input.platform,
        label: input.label,
      },
    })
    .returning();
  return bodyOf(row!);
}

/** The signed-in user's phones (docs/mobile-push.md): registered by the mobile app, listed and removed on the profile page. */
export function mobileDeviceRoutes(app: TypedApp, { db, config }: AppDeps): void {
  const url = '/api/v1/me/mobile-devices';

  app.get(
    url,
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'My phones registered for mobile push, and whether this server sends it',
        response: { 200: DeviceList, 401: ErrorBody },
      },
    },
    async (request) => {
      const rows = await db
        .select()
        .from(mobileDevices)
        .where(eq(mobileDevices.userId, actorOf(request).id))
        .orderBy(mobileDevices.createdAt, mobileDevices.id);
      return { available: config.notifications.fcm !== null, items: rows.map(bodyOf) };
    },
  );

  app.post(
    url,
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Register this phone’s FCM token for me (the same token again updates it; another user’s moves to me)',
        body: DeviceInput,
        response: { 201: DeviceBody, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      const token = checkFcmToken(request.body.token);
      const label = checkLabel(request.body.label);
      const saved = await saveDevice(db, actorOf(request).id, { token, platform: request.body.platform, label });
      return reply.status(201).send(saved);
    },
  );

  app.delete(
    `${url}/:id`,
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Remove one of my phones (another user’s, or an unknown id, is 404)',
        params: IdParams,
        response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const deleted = await db
        .delete(mobileDevices)
        .where(and(eq(mobileDevices.id, request.params.id), eq(mobileDevices.userId, actorOf(request).id)))
        .returning({ id: mobileDevices.id });
      if (deleted.length === 0) throw notFound('Device');
      return reply.status(204).send(null);
    },
  );
}
