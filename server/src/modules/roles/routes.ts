import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { ErrorBody, errorResponses } from '../../http/schemas.js';
import {
  CreateRoleBody,
  CustomRoleBody,
  PermissionBody,
  RoleBody,
  RoleListQuery,
  RoleParams,
  UpdateRoleBody,
} from './schemas.js';
import * as service from './service.js';

const tags = ['roles'];
/** PATCH or DELETE on a built-in role key answers 405 BUILT_IN_ROLE_READ_ONLY. */
const writeErrors = { ...errorResponses, 405: ErrorBody };

export function roleRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/roles',
    {
      config: { access: 'roles:read' },
      schema: {
        tags,
        summary: 'Built-in roles (read-only) and the custom roles in scope',
        querystring: RoleListQuery,
        response: { 200: Type.Array(RoleBody), ...errorResponses },
      },
    },
    async (request) => service.listRoles(db, actorOf(request).scope, request.query),
  );

  app.get(
    '/api/v1/permissions',
    {
      config: { access: 'roles:read' },
      schema: {
        tags,
        summary: 'Every permission, with those the caller holds and may grant in a custom role',
        response: { 200: Type.Array(PermissionBody), ...errorResponses },
      },
    },
    async (request) => service.listPermissions(actorOf(request).scope),
  );

  app.post(
    '/api/v1/roles',
    {
      config: { access: 'roles:write' },
      schema: {
        tags,
        summary: 'Create a custom role of an organization',
        body: CreateRoleBody,
        response: { 201: CustomRoleBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await service.createRole(db, auditContext(request), actorOf(request).scope, request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/roles/:id',
    {
      config: { access: 'roles:read' },
      schema: {
        tags,
        summary: 'One custom role by id, or a built-in role by key',
        params: RoleParams,
        response: { 200: RoleBody, ...errorResponses },
      },
    },
    async (request) => service.getRole(db, actorOf(request).scope, request.params.id),
  );

  app.patch(
    '/api/v1/roles/:id',
    {
      config: { access: 'roles:write' },
      schema: {
        tags,
        summary: 'Change a custom role',
        params: RoleParams,
        body: UpdateRoleBody,
        response: { 200: CustomRoleBody, ...writeErrors },
      },
    },
    async (request) => service.updateRole(db, auditContext(request), actorOf(request).scope, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/roles/:id',
    {
      config: { access: 'roles:write' },
      schema: {
        tags,
        summary: 'Delete a custom role no user has',
        params: RoleParams,
        response: { 204: Type.Null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      await service.deleteRole(db, auditContext(request), actorOf(request).scope, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
