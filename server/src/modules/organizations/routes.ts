import { Type } from 'typebox';
import { readLogoUpload } from './logo-upload.js';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, Page, errorResponses, pageOf } from '../../http/schemas.js';
import {
  ContractBody,
  ContractParams,
  CreateContractBody,
  CreateOrganizationBody,
  OrganizationBody,
  OrganizationListQuery,
  UpdateContractBody,
  UpdateOrganizationBody,
} from './schemas.js';
import * as service from './service.js';

const tags = ['organizations'];

export function organizationRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/organizations',
    {
      config: { access: 'organizations:read' },
      schema: {
        tags,
        summary: 'List organizations in scope',
        querystring: OrganizationListQuery,
        response: { 200: Page(OrganizationBody), ...errorResponses },
      },
    },
    async (request) => service.listOrganizations(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.post(
    '/api/v1/organizations',
    {
      config: { access: 'organizations:write' },
      schema: {
        tags,
        summary: 'Create an organization',
        body: CreateOrganizationBody,
        response: { 201: OrganizationBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await service.createOrganization(db, auditContext(request), actorOf(request).scope, request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/organizations/:id',
    {
      config: { access: 'organizations:read' },
      schema: {
        tags,
        summary: 'One organization with its billing, tax and cost configuration',
        params: IdParams,
        response: { 200: OrganizationBody, ...errorResponses },
      },
    },
    async (request) => service.presentOrganization(await service.getOrganization(db, actorOf(request).scope, request.params.id)),
  );

  app.patch(
    '/api/v1/organizations/:id',
    {
      config: { access: 'organizations:write' },
      schema: {
        tags,
        summary: 'Change profile, billing, taxes or costs',
        params: IdParams,
        body: UpdateOrganizationBody,
        response: { 200: OrganizationBody, ...errorResponses },
      },
    },
    async (request) =>
      service.updateOrganization(db, auditContext(request), actorOf(request).scope, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/organizations/:id',
    {
      config: { access: 'organizations:write' },
      schema: {
        tags,
        summary: 'Delete an empty organization',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.deleteOrganization(db, auditContext(request), actorOf(request).scope, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/organizations/:id/logo',
    {
      config: { access: 'organizations:write' },
      schema: {
        tags,
        summary: 'Upload the logo (multipart field "file": PNG, JPEG or WebP, at most 512 KB and 2048×2048; stored re-encoded)',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 204: Type.Null(), ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const { declaredType, data } = await readLogoUpload(request);
      await service.setLogo(db, auditContext(request), actorOf(request).scope, request.params.id, declaredType, data);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/organizations/:id/logo',
    { config: { access: 'organizations:read' }, schema: { tags, summary: 'The logo image', params: IdParams } },
    async (request, reply) => {
      const logo = await service.getLogo(db, actorOf(request).scope, request.params.id);
      return reply
        .header('content-type', logo.mimeType)
        .header('cache-control', 'private, max-age=86400')
        .header('x-content-type-options', 'nosniff')
        .send(logo.data);
    },
  );

  app.delete(
    '/api/v1/organizations/:id/logo',
    {
      config: { access: 'organizations:write' },
      schema: { tags, summary: 'Remove the logo', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (request, reply) => {
      await service.removeLogo(db, auditContext(request), actorOf(request).scope, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/organizations/:id/contracts',
    {
      config: { access: 'organizations:read' },
      schema: {
        tags,
        summary: 'Commission contracts of an organization',
        params: IdParams,
        response: { 200: Type.Array(ContractBody), ...errorResponses },
      },
    },
    async (request) => service.listContracts(db, actorOf(request).scope, request.params.id),
  );

  app.post(
    '/api/v1/organizations/:id/contracts',
    {
      config: { access: 'organizations:write' },
      schema: {
        tags,
        summary: 'Add a commission contract',
        params: IdParams,
        body: CreateContractBody,
        response: { 201: ContractBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await service.createContract(
        db,
        auditContext(request),
        actorOf(request).scope,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/v1/organizations/:id/contracts/:contractId',
    {
      config: { access: 'organizations:write' },
      schema: {
        tags,
        summary: 'Change a commission contract',
        params: ContractParams,
        body: UpdateContractBody,
        response: { 200: ContractBody, ...errorResponses },
      },
    },
    async (request) =>
      service.updateContract(
        db,
        auditContext(request),
        actorOf(request).scope,
        request.params.id,
        request.params.contractId,
        request.body,
      ),
  );

  app.delete(
    '/api/v1/organizations/:id/contracts/:contractId',
    {
      config: { access: 'organizations:write' },
      schema: {
        tags,
        summary: 'Delete a commission contract',
        params: ContractParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.deleteContract(
        db,
        auditContext(request),
        actorOf(request).scope,
        request.params.id,
        request.params.contractId,
      );
      return reply.status(204).send(null);
    },
  );
}
