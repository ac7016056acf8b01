import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import {
  AttentionItemBody,
  LimitQuery,
  LiveChargerBody,
  MessageEntry,
  NetworkQuery,
  StatusHistoryEntry,
  SummaryBody,
  SummaryQuery,
  UiConfigBody,
} from './schemas.js';
import * as service from './service.js';
import { streamRoutes } from './stream-routes.js';

const tags = ['live'];

export function liveRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, config } = deps;
  streamRoutes(app, deps);

  app.get(
    '/api/v1/live/summary',
    {
      config: { access: 'monitoring:read' },
      schema: {
        tags,
        summary: 'Network figures now: chargers by status, active sessions, power, energy today, availability',
        querystring: SummaryQuery,
        response: { 200: SummaryBody, ...errorResponses },
      },
    },
    async (request) => service.liveSummary(db, actorOf(request).scope, request.query),
  );

  app.get(
    '/api/v1/live/chargers',
    {
      config: { access: 'monitoring:read' },
      schema: {
        tags,
        summary: 'Every visible charger in service with its link, aggregate status, connectors and running session',
        querystring: NetworkQuery,
        response: { 200: Type.Array(LiveChargerBody), ...errorResponses },
      },
    },
    async (request) => service.liveChargers(db, actorOf(request).scope, request.query),
  );

  app.get(
    '/api/v1/live/attention',
    {
      config: { access: 'monitoring:read' },
      schema: {
        tags,
        summary: 'What needs an operator now: faulted connectors, offline chargers, unavailable connectors, stuck sessions',
        querystring: NetworkQuery,
        response: { 200: Type.Array(AttentionItemBody), ...errorResponses },
      },
    },
    async (request) => service.liveAttention(db, actorOf(request).scope, request.query, config.attention),
  );

  app.get(
    '/api/v1/chargers/:id/status-history',
    {
      config: { access: 'chargers:read' },
      schema: {
        tags,
        summary: 'Status reports of the connectors, newest first',
        params: IdParams,
        querystring: LimitQuery,
        response: { 200: Type.Array(StatusHistoryEntry), ...errorResponses },
      },
    },
    async (request) => service.statusHistory(db, actorOf(request).scope, request.params.id, request.query.limit ?? 100),
  );

  app.get(
    '/api/v1/chargers/:id/messages',
    {
      config: { access: 'monitoring:read' },
      schema: {
        tags,
        summary: 'The OCPP message log, newest first, credentials redacted',
        params: IdParams,
        querystring: LimitQuery,
        response: { 200: Type.Array(MessageEntry), ...errorResponses },
      },
    },
    async (request) => service.messageLog(db, actorOf(request).scope, request.params.id, request.query.limit ?? 100),
  );

  app.get(
    '/api/v1/ui-config',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Settings the web app needs: map tiles, when a connector counts as stuck',
        response: { 200: UiConfigBody, ...errorResponses },
      },
    },
    async () => ({ mapTileUrl: config.mapTileUrl, mapAttribution: config.mapAttribution, attention: config.attention }),
  );
}
