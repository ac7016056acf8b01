import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, Page, errorResponses, pageOf } from '../../http/schemas.js';
import { CreateSiteBody, SiteBody, SiteListQuery, UpdateSiteBody } from './schemas.js';
import * as service from './service.js';

const tags = ['sites'];

export function siteRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/sites',
    {
      config: { access: 'sites:read' },
      schema: {
        tags,
        summary: 'List sites in scope; q searches name and city',
        querystring: SiteListQuery,
        response: { 200: Page(SiteBody), ...errorResponses },
      },
    },
    async (request) => service.listSites(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.post(
    '/api/v1/sites',
    {
      config: { access: 'sites:write' },
      schema: {
        tags,
        summary: 'Create a site of an organization in scope',
        body: CreateSiteBody,
        response: { 201: SiteBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await service.createSite(db, auditContext(request), actorOf(request).scope, request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/sites/:id',
    {
      config: { access: 'sites:read' },
      schema: { tags, summary: 'One site', params: IdParams, response: { 200: SiteBody, ...errorResponses } },
    },
    async (request) => service.presentSite(await service.getSite(db, actorOf(request).scope, request.params.id)),
  );

  app.patch(
    '/api/v1/sites/:id',
    {
      config: { access: 'sites:write' },
      schema: {
        tags,
        summary: 'Change address, coordinates, time zone or grid limit',
        params: IdParams,
        body: UpdateSiteBody,
        response: { 200: SiteBody, ...errorResponses },
      },
    },
    async (request) => service.updateSite(db, auditContext(request), actorOf(request).scope, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/sites/:id',
    {
      config: { access: 'sites:write' },
      schema: {
        tags,
        summary: 'Delete a site without chargers (409 IN_USE otherwise)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.deleteSite(db, auditContext(request), actorOf(request).scope, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
