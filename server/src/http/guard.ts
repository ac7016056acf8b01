import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.js';
import type { Permission } from '../domain/permissions.js';
import { AppError } from '../errors.js';

/** What a route requires. `public`: nobody signed in; `authenticated`: any signed-in user. */
export type RouteAccess = Permission | 'public' | 'authenticated';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Allowed while the user still has to change the password (the password and profile routes). */
    allowPendingPasswordChange?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The signed-in user of a request that passed the guard. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return request.actor;
}

export interface GuardDeps {
  authenticate(request: FastifyRequest): Promise<Actor>;
}

/**
 * Every /api route must say what it requires; one that does not stops the server at start-up,
 * so a new endpoint without a rule can never ship.
 */
export function installGuard(app: FastifyInstance, deps: GuardDeps): void {
  app.decorateRequest('actor', null);
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    if (route.url.startsWith('/api/v1') && !access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access rule`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config as { access?: RouteAccess; allowPendingPasswordChange?: boolean };
    const access = config.access;
    if (!access || access === 'public') return;
    const actor = await deps.authenticate(request);
    request.actor = actor;
    if (actor.mustChangePassword && !config.allowPendingPasswordChange) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Change your password before continuing');
    }
    if (access !== 'authenticated' && !actor.scope.permissions.has(access)) {
      throw new AppError('FORBIDDEN', `Requires permission ${access}`);
    }
  });
}
