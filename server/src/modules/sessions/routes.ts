import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { IdParams, Page, errorResponses, pageOf } from '../../http/schemas.js';
import { OwnSessionBody, OwnSessionListQuery, SessionBody, SessionDetailBody, SessionListQuery } from './schemas.js';
import * as service from './service.js';

const tags = ['sessions'];

export function sessionRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/sessions',
    {
      config: { access: 'transactions:read' },
      schema: {
        tags,
        summary: 'Charging sessions in scope, newest first unless sorted otherwise',
        querystring: SessionListQuery,
        response: { 200: Page(SessionBody), ...errorResponses },
      },
    },
    async (request) => service.listSessions(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.get(
    '/api/v1/sessions/:id',
    {
      config: { access: 'transactions:read' },
      schema: {
        tags,
        summary: 'One session with its energy, power and state-of-charge curve',
        params: IdParams,
        response: { 200: SessionDetailBody, ...errorResponses },
      },
    },
    async (request) => service.getSession(db, actorOf(request).scope, request.params.id),
  );

  app.get(
    '/api/v1/me/sessions',
    {
      config: { access: 'self:sessions' },
      schema: {
        tags,
        summary: "The signed-in driver's own sessions",
        querystring: OwnSessionListQuery,
        response: { 200: Page(OwnSessionBody), ...errorResponses },
      },
    },
    async (request) => service.listOwnSessions(db, actorOf(request).id, request.query, pageOf(request.query)),
  );
}
