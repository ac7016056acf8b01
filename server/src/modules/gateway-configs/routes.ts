import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import { CreateGatewayConfigBody, GatewayConfigBody, GatewayConfigListQuery, UpdateGatewayConfigBody } from './schemas.js';
import { createGatewayConfig, getGatewayConfig, listGatewayConfigs, patchGatewayConfig, removeGatewayConfig } from './service.js';

const tags = ['gateway-configs'];
const access = 'gateways:configure';
const url = '/api/v1/gateway-configs';

/**
 * Payment gateway configurations (platform administration: gateways:configure, the Admin's alone).
 * Credentials go in and never come out: responses carry them masked.
 */
export function gatewayConfigRoutes(app: TypedApp, { db, config }: AppDeps): void {
  app.get(
    url,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Gateway configurations, platform-wide first, credentials masked',
        querystring: GatewayConfigListQuery,
        response: { 200: Type.Object({ items: Type.Array(GatewayConfigBody) }), ...errorResponses },
      },
    },
    async (request) => listGatewayConfigs(db, request.query),
  );

  app.get(
    `${url}/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'One gateway configuration',
        params: IdParams,
        response: { 200: GatewayConfigBody, ...errorResponses },
      },
    },
    async (request) => getGatewayConfig(db, request.params.id),
  );

  app.post(
    url,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Create a gateway configuration; credentials are encrypted under SECRETS_KEY',
        body: CreateGatewayConfigBody,
        response: { 201: GatewayConfigBody, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createGatewayConfig(db, config.secrets, auditContext(request), request.body)),
  );

  app.patch(
    `${url}/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Change a gateway configuration; a credential field left out keeps its stored value',
        params: IdParams,
        body: UpdateGatewayConfigBody,
        response: { 200: GatewayConfigBody, ...errorResponses },
      },
    },
    async (request) => patchGatewayConfig(db, config.secrets, auditContext(request), request.params.id, request.body),
  );

  app.delete(
    `${url}/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Delete a gateway configuration (configurations falling back to it lose their fallback)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeGatewayConfig(db, auditContext(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
