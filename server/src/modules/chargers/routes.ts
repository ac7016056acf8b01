import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, Page, errorResponses, pageOf } from '../../http/schemas.js';
import {
  AdminStatusBody,
  ChargerBody,
  ChargerListQuery,
  CreateChargerBody,
  LocationOwnerBody,
  LocationOwnerCandidate,
  OcppPasswordBody,
  UpdateChargerBody,
  VisibilityBody,
} from './schemas.js';
import * as service from './service.js';

const tags = ['chargers'];
const changed = { 200: ChargerBody, ...errorResponses };

export function chargerRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/chargers',
    {
      config: { access: 'chargers:read' },
      schema: {
        tags,
        summary: 'List chargers in scope; q searches name, OCPP identity, vendor, model and serial number',
        querystring: ChargerListQuery,
        response: { 200: Page(ChargerBody), ...errorResponses },
      },
    },
    async (request) => service.listChargers(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.post(
    '/api/v1/chargers',
    {
      config: { access: 'chargers:write' },
      schema: {
        tags,
        summary: 'Register a charger with its connectors',
        body: CreateChargerBody,
        response: { 201: ChargerBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await service.createCharger(db, auditContext(request), actorOf(request).scope, request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/chargers/:id',
    {
      config: { access: 'chargers:read' },
      schema: {
        tags,
        summary: 'One charger with its connectors (retired ones too)',
        params: IdParams,
        response: { 200: ChargerBody, ...errorResponses },
      },
    },
    async (request) => service.presentCharger(await service.getCharger(db, actorOf(request).scope, request.params.id)),
  );

  app.patch(
    '/api/v1/chargers/:id',
    {
      config: { access: 'chargers:write' },
      schema: {
        tags,
        summary: 'Edit name, site, hardware details or the connector list',
        params: IdParams,
        body: UpdateChargerBody,
        response: changed,
      },
    },
    async (request) => service.updateCharger(db, auditContext(request), actorOf(request).scope, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/chargers/:id',
    {
      config: { access: 'chargers:write' },
      schema: {
        tags,
        summary: 'Retire a charger: kept for finance, leaves the lists',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.retireCharger(db, auditContext(request), actorOf(request).scope, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/chargers/:id/visibility',
    {
      config: { access: 'chargers:write' },
      schema: {
        tags,
        summary: 'Show or hide on dashboards and maps (finance keeps it)',
        params: IdParams,
        body: VisibilityBody,
        response: changed,
      },
    },
    async (request) =>
      service.setVisibility(db, auditContext(request), actorOf(request).scope, request.params.id, request.body.visible),
  );

  app.put(
    '/api/v1/chargers/:id/admin-status',
    {
      config: { access: 'chargers:write' },
      schema: {
        tags,
        summary: 'Set Active, Inactive or Maintenance',
        params: IdParams,
        body: AdminStatusBody,
        response: changed,
      },
    },
    async (request) =>
      service.setAdminStatus(db, auditContext(request), actorOf(request).scope, request.params.id, request.body.adminStatus),
  );

  app.get(
    '/api/v1/chargers/:id/location-owner-candidates',
    {
      config: { access: 'chargers:assign-owner' },
      schema: {
        tags,
        summary: 'Location owners who could host this charger (its organization, and those above or below it)',
        params: IdParams,
        response: { 200: Type.Array(LocationOwnerCandidate), ...errorResponses },
      },
    },
    async (request) => service.locationOwnerCandidates(db, actorOf(request).scope, request.params.id),
  );

  app.put(
    '/api/v1/chargers/:id/location-owner',
    {
      config: { access: 'chargers:assign-owner' },
      schema: {
        tags,
        summary: 'Assign a location owner with a share, or unassign with {userId: null}',
        params: IdParams,
        body: LocationOwnerBody,
        response: changed,
      },
    },
    async (request) =>
      service.assignLocationOwner(db, auditContext(request), actorOf(request).scope, request.params.id, request.body),
  );

  app.put(
    '/api/v1/chargers/:id/ocpp-password',
    {
      config: { access: 'chargers:write' },
      schema: {
        tags,
        summary: 'Set the OCPP basic-auth password (security profile 1, 16–40 characters); stored hashed',
        params: IdParams,
        body: OcppPasswordBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.setOcppPassword(db, auditContext(request), actorOf(request).scope, request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );
}
