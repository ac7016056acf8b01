import type { FastifyInstance } from 'fastify';

export type RequestLogLevel = 'trace' | 'debug' | 'info';

/**
 * One line per answered HTTP request, at REQUEST_LOG_LEVEL: `debug` by default in a terminal (the
 * console shows what matters — start-up, warnings, errors — instead of a line per page load),
 * `info` otherwise, for the log collectors of a deployment. The path without its query string:
 * filters and tickets stay out of the log. Errors are logged by the error handler at any level.
 */
export function installRequestLog(app: FastifyInstance, level: RequestLogLevel): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log[level](
      {
        req: { method: request.method, url: request.url.split('?')[0], remoteAddress: request.ip },
        res: { statusCode: reply.statusCode },
        responseTime: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
  });
}
