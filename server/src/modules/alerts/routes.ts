import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, Page, errorResponses, pageOf } from '../../http/schemas.js';
import {
  createMaintenanceWindow,
  deleteMaintenanceWindow,
  listAlertRules,
  listMaintenanceWindows,
  putAlertRule,
} from './rules-service.js';
import {
  AlertActionInput,
  AlertBody,
  AlertDetailBody,
  AlertRuleBody,
  AlertRuleInput,
  AlertRuleParams,
  AlertRulesQuery,
  AlertsQuery,
  MaintenanceBody,
  MaintenanceInput,
  MaintenanceQuery,
} from './schemas.js';
import { actOnAlert, alertCounts, getAlert, listAlerts } from './service.js';

const tags = ['alerts'];

/** Alerts, their rules and maintenance windows (docs/alerts.md). */
export function alertRoutes(app: TypedApp, { db, charging }: AppDeps): void {
  const bus = charging?.bus ?? null;
  app.get(
    '/api/v1/alerts',
    {
      config: { access: 'alerts:read' },
      schema: {
        tags,
        summary:
          'Alerts in reach, most recently raised first; filter by status (unresolved = open or acknowledged), rule, severity, place, time',
        querystring: AlertsQuery,
        response: { 200: Page(AlertBody), ...errorResponses },
      },
    },
    async (request) => listAlerts(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );
  app.get(
    '/api/v1/alerts/counts',
    {
      config: { access: 'alerts:read' },
      schema: {
        tags,
        summary: 'Unresolved alerts in reach by severity and status',
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ severity: Type.String(), status: Type.String(), alerts: Type.Integer() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => alertCounts(db, actorOf(request).scope),
  );
  app.get(
    '/api/v1/alerts/:id',
    {
      config: { access: 'alerts:read' },
      schema: {
        tags,
        summary: 'One alert with its history',
        params: IdParams,
        response: { 200: AlertDetailBody, ...errorResponses },
      },
    },
    async (request) => getAlert(db, actorOf(request).scope, request.params.id),
  );
  for (const action of ['acknowledge', 'resolve'] as const)
    app.post(
      `/api/v1/alerts/:id/${action}`,
      {
        config: { access: 'alerts:write' },
        schema: {
          tags,
          summary:
            action === 'acknowledge' ? 'Acknowledge an alert (someone is on it; escalation stops)' : 'Resolve an alert by hand',
          params: IdParams,
          body: AlertActionInput,
          response: { 200: AlertDetailBody, ...errorResponses },
        },
      },
      async (request) => actOnAlert({ db, bus }, actorOf(request).scope, request.params.id, action, request.body?.note),
    );

  app.get(
    '/api/v1/alert-rules',
    {
      config: { access: 'alerts:read' },
      schema: {
        tags,
        summary: 'Every alert rule as it runs for an organization (or platform-wide), with where each setting comes from',
        querystring: AlertRulesQuery,
        response: {
          200: Type.Object({
            organizationId: Type.Union([Type.String(), Type.Null()]),
            currency: Type.Union([Type.String(), Type.Null()], {
              description: "The organization's currency, the revenue floor's (minNetRevenueMinor); null platform-wide",
            }),
            items: Type.Array(AlertRuleBody),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => listAlertRules(db, actorOf(request).scope, request.query.organizationId),
  );
  app.put(
    '/api/v1/alert-rules/:ruleType',
    {
      config: { access: 'alerts:write' },
      schema: {
        tags,
        summary: 'Set a rule for an organization, or platform-wide (organizationId null)',
        params: AlertRuleParams,
        body: AlertRuleInput,
        response: { 200: AlertRuleBody, ...errorResponses },
      },
    },
    async (request) => putAlertRule(db, auditContext(request), actorOf(request).scope, request.params.ruleType, request.body),
  );

  app.get(
    '/api/v1/maintenance-windows',
    {
      config: { access: 'alerts:read' },
      schema: {
        tags,
        summary: 'Maintenance windows in reach (current=true: not ended yet)',
        querystring: MaintenanceQuery,
        response: { 200: Type.Object({ items: Type.Array(MaintenanceBody) }), ...errorResponses },
      },
    },
    async (request) => listMaintenanceWindows(db, actorOf(request).scope, request.query),
  );
  app.post(
    '/api/v1/maintenance-windows',
    {
      config: { access: 'alerts:write' },
      schema: {
        tags,
        summary: 'Mute availability alerts of a charger or a site for a while',
        body: MaintenanceInput,
        response: { 201: MaintenanceBody, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createMaintenanceWindow(db, auditContext(request), actorOf(request).scope, request.body)),
  );
  app.delete(
    '/api/v1/maintenance-windows/:id',
    {
      config: { access: 'alerts:write' },
      schema: {
        tags,
        summary: 'Remove a maintenance window',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteMaintenanceWindow(db, auditContext(request), actorOf(request).scope, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
