import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, Page, errorResponses, pageOf } from '../../http/schemas.js';
import { Type } from 'typebox';
import {
  ComposeMessageBody,
  DetailQuery,
  MessageBody,
  MessageDetailBody,
  MessageListQuery,
  OptionsQuery,
  OptionsResponse,
  PreviewBody,
  PreviewResponse,
} from './schemas.js';
import * as service from './service.js';

const tags = ['driver-messages'];

/** Messages to drivers: compose, schedule, cancel, and each recipient's delivery (docs/driver-messages.md). */
export function driverMessageRoutes(app: TypedApp, { db, noticeJobs }: AppDeps): void {
  app.get(
    '/api/v1/driver-messages',
    {
      config: { access: 'messages:write' },
      schema: {
        tags,
        summary: 'Messages to drivers in scope, latest send time first',
        querystring: MessageListQuery,
        response: { 200: Page(MessageBody), ...errorResponses },
      },
    },
    async (request) => service.listMessages(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.post(
    '/api/v1/driver-messages',
    {
      config: { access: 'messages:write' },
      schema: {
        tags,
        summary: 'Compose a message to drivers: sent now, or scheduled for sendAt',
        description:
          'Refused with 422 MESSAGE_NO_RECIPIENTS when the audience reaches no driver, 422 MESSAGE_AUDIENCE_INVALID when it names a driver or site that is not the organization’s, 422 MESSAGE_INVALID for a send time in the past.',
        body: ComposeMessageBody,
        response: { 201: Type.Object({ ...MessageBody.properties, preview: PreviewResponse }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const created = await service.composeMessage(db, auditContext(request), actor.scope, actor.id, request.body);
      noticeJobs?.wake();
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/v1/driver-messages/preview',
    {
      config: { access: 'messages:write' },
      schema: {
        tags,
        summary: 'How many drivers an audience reaches now',
        body: PreviewBody,
        response: { 200: PreviewResponse, ...errorResponses },
      },
    },
    async (request) => service.previewAudience(db, actorOf(request).scope, request.body),
  );

  app.get(
    '/api/v1/driver-messages/options',
    {
      config: { access: 'messages:write' },
      schema: {
        tags,
        summary: 'What an audience can name: the organization’s drivers (q searches name and e-mail) and ID-token groups',
        querystring: OptionsQuery,
        response: { 200: OptionsResponse, ...errorResponses },
      },
    },
    async (request) => service.audienceOptions(db, actorOf(request).scope, request.query.organizationId, request.query.q),
  );

  app.get(
    '/api/v1/driver-messages/:id',
    {
      config: { access: 'messages:write' },
      schema: {
        tags,
        summary: 'One message with each recipient: opened in the app, and every channel’s delivery',
        params: IdParams,
        querystring: DetailQuery,
        response: { 200: MessageDetailBody, ...errorResponses },
      },
    },
    async (request) =>
      service.getMessage(
        db,
        actorOf(request).scope,
        request.params.id,
        pageOf({ page: request.query.page, pageSize: request.query.pageSize ?? 200 }),
      ),
  );

  app.post(
    '/api/v1/driver-messages/:id/cancel',
    {
      config: { access: 'messages:write' },
      schema: {
        tags,
        summary: 'Cancel a scheduled message (409 MESSAGE_NOT_SCHEDULED once it is sending or sent)',
        params: IdParams,
        response: { 200: MessageBody, ...errorResponses },
      },
    },
    async (request) => service.cancelMessage(db, auditContext(request), actorOf(request).scope, request.params.id),
  );
}
