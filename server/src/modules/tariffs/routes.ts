import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, Page, errorResponses, pageOf } from '../../http/schemas.js';
import { previewPrice } from './preview.js';
import {
  CreateTariffBody,
  OcpiTariffBody,
  PreviewBody,
  PreviewResultBody,
  TariffBody,
  TariffListQuery,
  UpdateTariffBody,
} from './schemas.js';
import * as service from './service.js';

const tags = ['tariffs'];

export function tariffRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/tariffs',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'List tariffs in scope (filter by organization, site, charger, currency, validity)',
        querystring: TariffListQuery,
        response: { 200: Page(TariffBody), ...errorResponses },
      },
    },
    async (request) => service.listTariffs(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.post(
    '/api/v1/tariffs',
    {
      config: { access: 'finance:write' },
      schema: { tags, summary: 'Create a tariff', body: CreateTariffBody, response: { 201: TariffBody, ...errorResponses } },
    },
    async (request, reply) => {
      const created = await service.createTariff(db, auditContext(request), actorOf(request).scope, request.body);
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/v1/tariffs/preview',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'Price a sample session with a stored or draft tariff: lines, net, taxes, gross',
        body: PreviewBody,
        response: { 200: PreviewResultBody, ...errorResponses },
      },
    },
    async (request) => previewPrice(db, actorOf(request).scope, request.body),
  );

  app.get(
    '/api/v1/tariffs/:id',
    {
      config: { access: 'finance:read' },
      schema: { tags, summary: 'One tariff', params: IdParams, response: { 200: TariffBody, ...errorResponses } },
    },
    async (request) => service.presentTariff(await service.getTariff(db, actorOf(request).scope, request.params.id)),
  );

  app.get(
    '/api/v1/tariffs/:id/ocpi',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'The tariff as an OCPI 2.2.1 Tariff object',
        params: IdParams,
        response: { 200: OcpiTariffBody, ...errorResponses },
      },
    },
    async (request) => service.ocpiTariff(db, actorOf(request).scope, request.params.id),
  );

  app.patch(
    '/api/v1/tariffs/:id',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: 'Change a tariff (a new version; settled sessions keep theirs)',
        params: IdParams,
        body: UpdateTariffBody,
        response: { 200: TariffBody, ...errorResponses },
      },
    },
    async (request) => service.updateTariff(db, auditContext(request), actorOf(request).scope, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/tariffs/:id',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: 'Delete a tariff no settlement used',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.deleteTariff(db, auditContext(request), actorOf(request).scope, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
