import { Type } from 'typebox';
import { NOTIFICATION_CHANNELS } from '../../db/schema/index.js';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { IdParams, PageQuery, errorResponses, pageOf } from '../../http/schemas.js';
import { unreadCount } from './notify.js';
import { listNotifications, markAllRead, markRead } from './inbox.js';
import { listDeliveries } from './deliveries.js';

const tags = ['notifications'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const NotificationBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  category: Type.String(),
  type: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Nullable(Type.String({ description: 'A path in the web app' })),
  severity: Nullable(Type.String()),
  alertId: Nullable(Type.String({ format: 'uuid' })),
  messageId: Nullable(Type.String({ format: 'uuid', description: 'a message to drivers (docs/driver-messages.md)' })),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Nullable(Type.String({ format: 'date-time' })),
});

/** One delivery of a notification on a channel, as its recipient may see it (the target masked). */
export const DeliveryBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  notificationId: Nullable(Type.String({ format: 'uuid', description: 'Null for a digest' })),
  channel: Type.Enum([...NOTIFICATION_CHANNELS]),
  target: Nullable(
    Type.String({ description: 'Masked e-mail address (a***@example.com), or the browser (user agent) pushed to' }),
  ),
  status: Type.Enum(['queued', 'held', 'sent', 'failed', 'skipped', 'digested']),
  reason: Nullable(Type.String({ description: 'Why held or skipped' })),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Nullable(Type.String({ format: 'date-time' })),
  dueAt: Nullable(Type.String({ format: 'date-time', description: 'When a held delivery goes out' })),
});

/** Everyone's own notification centre: only the caller's notifications, whatever their role. */
export function notificationInboxRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'My notifications, newest first (unread=true: only unread), with the unread count',
        querystring: Type.Object(
          { unread: Type.Optional(Type.Boolean()), page: PageQuery.page, pageSize: PageQuery.pageSize },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(NotificationBody),
            total: Type.Integer(),
            unread: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => listNotifications(db, actorOf(request).id, request.query.unread ?? false, pageOf(request.query)),
  );
  app.get(
    '/api/v1/me/messages',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Messages composed for me as a driver, newest first (the portal’s Messages), with their unread count',
        querystring: Type.Object(
          { unread: Type.Optional(Type.Boolean()), page: PageQuery.page, pageSize: PageQuery.pageSize },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(NotificationBody),
            total: Type.Integer(),
            unread: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => listNotifications(db, actorOf(request).id, request.query.unread ?? false, pageOf(request.query), true),
  );
  app.get(
    '/api/v1/notifications/unread-count',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'How many of my notifications are unread (the bell)',
        response: { 200: Type.Object({ unread: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => ({ unread: await unreadCount(db, actorOf(request).id) }),
  );
  app.post(
    '/api/v1/notifications/:id/read',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Mark one of my notifications read',
        params: IdParams,
        response: { 200: Type.Object({ unread: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => {
      await markRead(db, actorOf(request).id, request.params.id);
      return { unread: await unreadCount(db, actorOf(request).id) };
    },
  );
  app.get(
    '/api/v1/notifications/:id/deliveries',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Each delivery attempt of one of my notifications and its result (e-mail, push)',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(DeliveryBody) }), ...errorResponses },
      },
    },
    async (request) => listDeliveries(db, actorOf(request).id, request.params.id),
  );
  app.post(
    '/api/v1/notifications/read-all',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Mark all my notifications read',
        response: { 200: Type.Object({ unread: Type.Integer(), marked: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => ({ marked: await markAllRead(db, actorOf(request).id), unread: 0 }),
  );
}
