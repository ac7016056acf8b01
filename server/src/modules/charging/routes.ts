import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import { COMMAND_BODIES, COMMAND_NAMES, COMMAND_SUMMARIES, CommandParams, CommandResultBody } from './command-schemas.js';
import { runCommand } from './commands.js';
import { listAuthFailures } from './auth-failures.js';
import {
  AuthFailureGroupBody,
  AuthFailureQuery,
  ClaimBody,
  ClaimedBody,
  RejectedChargerBody,
  UnclaimedChargerBody,
} from './schemas.js';
import { forgiveRejected, listRejected, rejectUnclaimed } from './rejected.js';
import { claimCharger, listUnclaimed } from './unclaimed.js';

const tags = ['chargers'];
const commandErrors = { ...errorResponses, 502: errorResponses[400], 504: errorResponses[400] };

export function chargingRoutes(app: TypedApp, { db, config, charging }: AppDeps): void {
  const link = charging?.link ?? null;

  app.get(
    '/api/v1/chargers/unclaimed',
    {
      config: { access: 'chargers:write' },
      schema: {
        tags,
        summary: 'Unknown identities that connected and wait, Pending, to be claimed',
        response: { 200: Type.Array(UnclaimedChargerBody), ...errorResponses },
      },
    },
    async (request) => listUnclaimed(db, actorOf(request).scope),
  );

  app.get(
    '/api/v1/chargers/auth-failures',
    {
      config: { access: 'chargers:read' },
      schema: {
        tags,
        summary: 'Refused OCPP connections per identity and address, most recent first (unknown identities: platform users only)',
        querystring: AuthFailureQuery,
        response: { 200: Type.Array(AuthFailureGroupBody), ...errorResponses },
      },
    },
    async (request) =>
      listAuthFailures(db, actorOf(request).scope, {
        sinceHours: request.query.sinceHours ?? 24,
        windowSeconds: config.ocpp.authFailureWindowSeconds,
        maxFailures: config.ocpp.authMaxFailures,
      }),
  );

  app.post(
    '/api/v1/chargers/unclaimed/:id/claim',
    {
      config: { access: 'chargers:write' },
      schema: {
        tags,
        summary: 'Claim an unclaimed charger into an organization and site; its next boot is Accepted',
        params: IdParams,
        body: ClaimBody,
        response: { 201: ClaimedBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const claimed = await claimCharger(
        { db, link },
        auditContext(request),
        actorOf(request).scope,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(claimed);
    },
  );

  app.post(
    '/api/v1/chargers/unclaimed/:id/reject',
    {
      config: { access: 'chargers:write' },
      schema: {
        tags,
        summary: 'Reject an unclaimed charger: its connections are refused and it is not listed as unclaimed again',
        params: IdParams,
        response: { 201: RejectedChargerBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const rejected = await rejectUnclaimed(db, auditContext(request), actorOf(request).scope, request.params.id);
      return reply.status(201).send(rejected);
    },
  );

  app.get(
    '/api/v1/chargers/rejected',
    {
      config: { access: 'chargers:write' },
      schema: {
        tags,
        summary: 'Identities rejected from the unclaimed list, most recently rejected first',
        response: { 200: Type.Array(RejectedChargerBody), ...errorResponses },
      },
    },
    async (request) => listRejected(db, actorOf(request).scope),
  );

  app.delete(
    '/api/v1/chargers/rejected/:id',
    {
      config: { access: 'chargers:write' },
      schema: {
        tags,
        summary: 'Forgive a rejected identity: its next connection is listed as unclaimed again',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await forgiveRejected(db, auditContext(request), actorOf(request).scope, request.params.id);
      return reply.status(204).send(null);
    },
  );

  // One route per command, each with its own body schema, so the API document shows every shape.
  for (const command of COMMAND_NAMES) {
    app.post(
      `/api/v1/chargers/:id/commands/${command}`,
      {
        config: { access: 'chargers:command' },
        schema: {
          tags,
          summary: COMMAND_SUMMARIES[command],
          params: CommandParams,
          body: COMMAND_BODIES[command],
          response: { 200: CommandResultBody, ...commandErrors },
        },
      },
      async (request) =>
        runCommand(
          { db, link },
          auditContext(request),
          actorOf(request).scope,
          request.params.id,
          command,
          request.body as Record<string, unknown>,
        ),
    );
  }
}
