import client from 'prom-client';
import type { TypedApp } from './app-types.js';

export interface Readiness {
  ping(): Promise<void>;
  /** A frozen database never answers: readiness fails after this long instead of hanging. */
  timeoutMs: number;
  /** True from the start of a shutdown: load balancers stop sending work here. */
  shuttingDown(): boolean;
}

/**
 * One ping at a time, however often /readyz is asked: while the database hangs, probes share the
 * ping in progress instead of each holding a pool connection.
 */
function databaseCheck({ ping, timeoutMs }: Readiness): () => Promise<'ok' | 'unreachable' | 'timeout'> {
  let pending: Promise<void> | null = null;
  return async () => {
    const attempt = (pending ??= ping().finally(() => (pending = null)));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    try {
      return await Promise.race([attempt.then(() => 'ok' as const), timedOut]);
    } catch {
      return 'unreachable';
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Liveness, readiness (database reachable, not shutting down) and Prometheus metrics. */
export function installOpsRoutes(
  app: TypedApp,
  readiness: Readiness,
  moreMetrics: (registry: client.Registry) => void = () => undefined,
): void {
  const checkDatabase = databaseCheck(readiness);
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
    if (readiness.shuttingDown()) return reply.status(503).send({ status: 'shutting_down' });
    const database = await checkDatabase();
    if (database === 'ok') return { status: 'ready', database };
    return reply.status(503).send({ status: 'unavailable', database });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
