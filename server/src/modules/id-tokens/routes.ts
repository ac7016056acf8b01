import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, Page, errorResponses, pageOf } from '../../http/schemas.js';
import { CreateIdTokenBody, IdTokenBody, IdTokenListQuery, UpdateIdTokenBody } from './schemas.js';
import * as service from './service.js';

const tags = ['id-tokens'];

/** RFID cards, app tokens and fleet-vehicle tokens that OCPP Authorize and transactions are checked against. */
export function idTokenRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/id-tokens',
    {
      config: { access: 'chargers:read' },
      schema: {
        tags,
        summary: 'List ID tokens in scope with their payment methods; q searches value, label, vehicle and driver name',
        querystring: IdTokenListQuery,
        response: { 200: Page(IdTokenBody), ...errorResponses },
      },
    },
    async (request) => service.listIdTokens(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.get(
    '/api/v1/id-tokens/:id',
    {
      config: { access: 'chargers:read' },
      schema: { tags, summary: 'One ID token', params: IdParams, response: { 200: IdTokenBody, ...errorResponses } },
    },
    async (request) => service.showIdToken(db, actorOf(request).scope, request.params.id),
  );

  app.post(
    '/api/v1/id-tokens',
    {
      config: { access: 'chargers:write' },
      schema: {
        tags,
        summary: 'Issue an ID token to a driver or fleet vehicle',
        body: CreateIdTokenBody,
        response: { 201: IdTokenBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await service.createIdToken(db, auditContext(request), actorOf(request).scope, request.body);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/v1/id-tokens/:id',
    {
      config: { access: 'chargers:write' },
      schema: {
        tags,
        summary: 'Block, unblock, relabel or change the expiry of an ID token',
        params: IdParams,
        body: UpdateIdTokenBody,
        response: { 200: IdTokenBody, ...errorResponses },
      },
    },
    async (request) => service.updateIdToken(db, auditContext(request), actorOf(request).scope, request.params.id, request.body),
  );
}
