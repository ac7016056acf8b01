import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import jwt from '@fastify/jwt';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyRequest, LogController } from 'fastify';
import { loadActor } from '../auth/actor.js';
import type { Config } from '../config.js';
import { isSessionActive, isUuid } from '../auth/sessions.js';
import { serializeLoggedError } from '../db/errors.js';
import { AppError } from '../errors.js';
import { installJobMetrics } from '../jobs/metrics.js';
import { registerModules } from '../modules/index.js';
import type { AppDeps, TypedApp } from './app-types.js';
import { installErrorHandler } from './error-handler.js';
import { answerClientError, answerFrameworkError } from './framework-errors.js';
import { installLoadMetrics } from '../modules/load-management/metrics.js';
import { installGuard } from './guard.js';
import { installNulCharacterRule } from './nul-characters.js';
import { installOpsRoutes } from './ops-routes.js';
import { installSecurityHeaders } from './security-headers.js';
import { validatorCompiler } from './validation.js';
import { installRequestLog } from './request-log.js';

/** Clock difference between instances tolerated on iat (how old a token may be, and how far ahead). */
const ACCESS_TOKEN_SKEW_SECONDS = 30;

/** A hop count as the function Fastify's types accept (it trusts the nearest `hops` proxies). */
const trustedProxies = (setting: Config['trustProxy']) =>
  typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting;

export interface BuildAppOptions extends AppDeps {
  /** `false` silences logging (tests); `stream` sends the JSON lines elsewhere (tests that read the log). */
  logger?: false | { stream: NodeJS.WritableStream };
  ping(): Promise<void>;
  /** True once a shutdown has begun: /readyz answers 503. */
  shuttingDown?: () => boolean;
}

export async function buildApp(options: BuildAppOptions): Promise<TypedApp> {
  const { config, db } = options;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            // Database failures are logged without their SQL parameters (db/errors.ts).
            serializers: { err: serializeLoggedError },
            ...(options.logger?.stream ? { stream: options.logger.stream } : {}),
            // Never log credentials: tokens, cookies and passwords stay out of every line.
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                '*.headers.authorization',
                '*.headers.cookie',
                '*.accessToken',
                '*.ticket',
                'res.headers["set-cookie"]',
                '*.password',
                '*.newPassword',
                '*.currentPassword',
              ],
              censor: '[redacted]',
            },
          },
    genReqId: (req) =>
      typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].length <= 64
        ? req.headers['x-request-id']
        : randomUUID(),
    bodyLimit: 1024 * 1024,
    // One short line per request instead of two, at REQUEST_LOG_LEVEL (request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // The client address (sign-in limits, logs) comes from X-Forwarded-For of trusted proxies only.
    trustProxy: trustedProxies(config.trustProxy),
    // TLS_CERT_FILE/TLS_KEY_FILE: the one port speaks HTTPS and WSS only (OCPP security profile 2).
    ...(config.tls ? { https: { cert: config.tls.cert, key: config.tls.key } } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler());
  installErrorHandler(app);
  installRequestLog(app, config.requestLogLevel);
  installNulCharacterRule(app);
  await installSecurityHeaders(app, config);
  await app.register(cookie);
  await app.register(jwt, {
    secret: config.jwtSecret,
    sign: { algorithm: 'HS256' },
    // Only HS256 (never alg none or another algorithm), exp and iat required, and never older than
    // one access-token lifetime (plus a little clock skew) whatever exp says.
    verify: {
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat'],
      maxAge: config.accessTokenTtlSeconds + ACCESS_TOKEN_SKEW_SECONDS, // seconds, as @fastify/jwt counts
    },
  });
  await app.register(multipart, { limits: { fileSize: 512 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Chargeboard API',
        version: '1',
        description: 'EV charging management: organizations, sites, chargers, users, roles, audit.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  installGuard(app, {
    async authenticate(request: FastifyRequest) {
      const header = request.headers.authorization;
      if (!header?.startsWith('Bearer '))
        throw new AppError('UNAUTHENTICATED', 'Sign in first: send an access token as "Authorization: Bearer …"');
      let payload: { sub?: unknown; sid?: unknown; iat?: unknown };
      try {
        payload = await request.jwtVerify<{ sub?: unknown; sid?: unknown; iat?: unknown }>();
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED')
          throw new AppError('TOKEN_EXPIRED', 'The access token has expired; refresh it');
        throw new AppError('UNAUTHENTICATED', 'The access token is not valid');
      }
      const userId = typeof payload.sub === 'string' && isUuid(payload.sub) ? payload.sub : null;
      const issuedAhead = typeof payload.iat !== 'number' || payload.iat * 1000 > Date.now() + ACCESS_TOKEN_SKEW_SECONDS * 1000;
      if (!userId || issuedAhead) throw new AppError('UNAUTHENTICATED', 'The access token is not valid');
      const [actor, active] = await Promise.all([loadActor(db, userId), isSessionActive(db, userId, payload.sid)]);
      if (!actor) throw new AppError('UNAUTHENTICATED', 'This account no longer exists or is disabled');
      if (!active)
        throw new AppError('SESSION_REVOKED', 'This session has ended (signed out or password changed); sign in again');
      return { ...actor, sessionId: payload.sid as string };
    },
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  installOpsRoutes(
    app,
    { ping: options.ping, timeoutMs: config.readinessTimeoutMs, shuttingDown: options.shuttingDown ?? (() => false) },
    (registry) => {
      installJobMetrics(
        registry,
        db,
        [options.jobs, options.paymentJobs, options.noticeJobs].filter((q) => q !== undefined),
      );
      if (options.loadManager) installLoadMetrics(registry, options.loadManager);
    },
  );
  await registerModules(app, {
    config,
    db,
    charging: options.charging,
    jobs: options.jobs,
    noticeJobs: options.noticeJobs,
    payments: options.payments,
    loadManager: options.loadManager,
    gridMonitor: options.gridMonitor,
  });

  const hasWeb = existsSync(config.webDistDir);
  if (hasWeb) await app.register(fastifyStatic, { root: config.webDistDir, wildcard: false, maxAge: '1h' });
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes: any other GET outside the API serves the web app.
    if (hasWeb && request.method === 'GET' && !request.url.startsWith('/api') && !request.url.startsWith('/ocpp')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    // The path is not repeated back: it is the client's text, and the client knows it.
    return reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: `No ${request.method} route at this path`, requestId: request.id } });
  });
  return app;
}
