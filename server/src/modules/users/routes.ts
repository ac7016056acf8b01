import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, Page, errorResponses, pageOf } from '../../http/schemas.js';
import { CreateUserBody, ResetPasswordBody, UpdateUserBody, UserBody, UserListQuery } from './schemas.js';
import * as service from './service.js';

const tags = ['users'];

export function userRoutes(app: TypedApp, { db, config }: AppDeps): void {
  app.get(
    '/api/v1/users',
    {
      config: { access: 'users:read' },
      schema: {
        tags,
        summary: 'List users in scope',
        querystring: UserListQuery,
        response: { 200: Page(UserBody), ...errorResponses },
      },
    },
    async (request) => service.listUsers(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.post(
    '/api/v1/users',
    {
      config: { access: 'users:write' },
      schema: {
        tags,
        summary: 'Create a user with a role, its organization binding and an initial password to change at first sign-in',
        body: CreateUserBody,
        response: { 201: UserBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await service.createUser(
        db,
        auditContext(request),
        actorOf(request).scope,
        request.body,
        config.bcryptCost,
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: { access: 'users:read' },
      schema: { tags, summary: 'One user', params: IdParams, response: { 200: UserBody, ...errorResponses } },
    },
    async (request) => service.presentUser(await service.getUser(db, actorOf(request).scope, request.params.id)),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { access: 'users:write' },
      schema: {
        tags,
        summary: 'Change name, phone, role, organization or organization restriction',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserBody, ...errorResponses },
      },
    },
    async (request) => service.updateUser(db, auditContext(request), actorOf(request).scope, request.params.id, request.body),
  );

  app.post(
    '/api/v1/users/:id/disable',
    {
      config: { access: 'users:write' },
      schema: {
        tags,
        summary: 'Disable a user; ends every session',
        params: IdParams,
        response: { 200: UserBody, ...errorResponses },
      },
    },
    async (request) => service.setUserDisabled(db, auditContext(request), actorOf(request).scope, request.params.id, true),
  );

  app.post(
    '/api/v1/users/:id/enable',
    {
      config: { access: 'users:write' },
      schema: { tags, summary: 'Enable a disabled user', params: IdParams, response: { 200: UserBody, ...errorResponses } },
    },
    async (request) => service.setUserDisabled(db, auditContext(request), actorOf(request).scope, request.params.id, false),
  );

  app.post(
    '/api/v1/users/:id/reset-password',
    {
      config: { access: 'users:write' },
      schema: {
        tags,
        summary: 'Set a temporary password; ends every session and the user must change it at next sign-in',
        params: IdParams,
        body: ResetPasswordBody,
        response: { 200: UserBody, ...errorResponses },
      },
    },
    async (request) =>
      service.resetUserPassword(
        db,
        auditContext(request),
        actorOf(request).scope,
        request.params.id,
        request.body.password,
        config.bcryptCost,
      ),
  );
}
