import client from 'prom-client';
import type { TypedApp } from './app-types.js';

/** Liveness, readiness (database reachable) and Prometheus metrics. */
export function installOpsRoutes(
  app: TypedApp,
  ping: () => Promise<void>,
  moreMetrics: (registry: client.Registry) => void = () => undefined,
): void {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  moreMetrics(registry);
  const requests = new client.Histogram({
    name: 'chargeboard_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    requests.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await ping();
      return { status: 'ready', database: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
