import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import { CreateFeedBody, Feed, FeedDetail, ReadingSeries, ReadingsQuery, UpdateFeedBody } from './schemas.js';
import { createFeed, deleteFeed, feedDetail, feedReadings, listFeeds, updateFeed } from './service.js';

const tags = ['grid'];

export function gridRoutes(app: TypedApp, { db, config, gridMonitor }: AppDeps): void {
  app.get(
    '/api/v1/grid/feeds',
    {
      config: { access: 'grid:read' },
      schema: {
        tags,
        summary: 'The grid feeds in scope, each with its health, link (stale when silent) and latest reading',
        response: { 200: Type.Object({ items: Type.Array(Feed) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listFeeds(db, gridMonitor, actorOf(request).scope) }),
  );

  app.get(
    '/api/v1/grid/feeds/:id',
    {
      config: { access: 'grid:read' },
      schema: {
        tags,
        summary: 'One grid feed with its health history and its latest bad readings',
        params: IdParams,
        response: { 200: FeedDetail, ...errorResponses },
      },
    },
    async (request) => feedDetail(db, gridMonitor, actorOf(request).scope, request.params.id),
  );

  app.get(
    '/api/v1/grid/feeds/:id/readings',
    {
      config: { access: 'grid:read' },
      schema: {
        tags,
        summary: 'A feed’s readings over a range (default the last hour); long ranges are averaged into buckets',
        params: IdParams,
        querystring: ReadingsQuery,
        response: { 200: ReadingSeries, ...errorResponses },
      },
    },
    async (request) => feedReadings(db, actorOf(request).scope, request.params.id, request.query),
  );

  app.post(
    '/api/v1/grid/feeds',
    {
      config: { access: 'grid:write' },
      schema: {
        tags,
        summary: 'Add a grid feed: simulated, MQTT or HTTP polling (422 GRID_FEED_INVALID)',
        body: CreateFeedBody,
        response: { 201: FeedDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      const scope = actorOf(request).scope;
      const id = await createFeed(db, config.secrets, auditContext(request), scope, request.body);
      await gridMonitor?.reload(id);
      return reply.code(201).send(await feedDetail(db, gridMonitor, scope, id));
    },
  );

  app.put(
    '/api/v1/grid/feeds/:id',
    {
      config: { access: 'grid:write' },
      schema: {
        tags,
        summary: 'Change a grid feed (its source, field mapping, thresholds, stale time); it reconnects at once',
        params: IdParams,
        body: UpdateFeedBody,
        response: { 200: FeedDetail, ...errorResponses },
      },
    },
    async (request) => {
      const scope = actorOf(request).scope;
      await updateFeed(db, config.secrets, auditContext(request), scope, request.params.id, request.body);
      await gridMonitor?.reload(request.params.id);
      return feedDetail(db, gridMonitor, scope, request.params.id);
    },
  );

  app.delete(
    '/api/v1/grid/feeds/:id',
    {
      config: { access: 'grid:write' },
      schema: {
        tags,
        summary: 'Remove a grid feed and its readings; sites that reacted to it stop doing so',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteFeed(db, auditContext(request), actorOf(request).scope, request.params.id);
      await gridMonitor?.reload(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
