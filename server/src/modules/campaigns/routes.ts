import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, Page, errorResponses, pageOf } from '../../http/schemas.js';
import { CampaignBody, CampaignListQuery, CreateCampaignBody, UpdateCampaignBody } from './schemas.js';
import * as service from './service.js';

const tags = ['campaigns'];

/** Discount campaigns: a percentage or a fixed amount off the lines total of sessions that start while in force. */
export function campaignRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/campaigns',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'List discount campaigns in scope (filter by organization, site, active at)',
        querystring: CampaignListQuery,
        response: { 200: Page(CampaignBody), ...errorResponses },
      },
    },
    async (request) => service.listCampaigns(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.post(
    '/api/v1/campaigns',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: 'Create a campaign',
        body: CreateCampaignBody,
        response: { 201: CampaignBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await service.createCampaign(db, auditContext(request), actorOf(request).scope, request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/campaigns/:id',
    {
      config: { access: 'finance:read' },
      schema: { tags, summary: 'One campaign', params: IdParams, response: { 200: CampaignBody, ...errorResponses } },
    },
    async (request) => service.presentCampaign(await service.getCampaign(db, actorOf(request).scope, request.params.id)),
  );

  app.patch(
    '/api/v1/campaigns/:id',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: 'Change a campaign (settled sessions keep their discount)',
        params: IdParams,
        body: UpdateCampaignBody,
        response: { 200: CampaignBody, ...errorResponses },
      },
    },
    async (request) => service.updateCampaign(db, auditContext(request), actorOf(request).scope, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/campaigns/:id',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: 'Delete a campaign no settlement used',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.deleteCampaign(db, auditContext(request), actorOf(request).scope, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
