import type { FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { loadActor } from '../../auth/actor.js';
import { users } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../../http/guard.js';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { auditContext } from '../../http/request-context.js';
import { ErrorBody } from '../../http/schemas.js';
import { recordAudit } from '../audit/service.js';
import { describeMe } from './me.js';
import { ChangePasswordBody, LoginBody, LoginReply, MeBody, UpdateProfileBody } from './schemas.js';
import { isUuid } from '../../auth/sessions.js';
import {
  authenticateWithPassword,
  changeOwnPassword,
  issueRefreshToken,
  revokeByToken,
  revokeSession,
  rotateRefreshToken,
} from './service.js';

export const REFRESH_COOKIE = 'cb_refresh';
const COOKIE_PATH = '/api/v1/auth';
/**
 * Beside the httpOnly refresh cookie, one the page can read and that holds nothing secret: "a session
 * may be waiting". Without it the web app does not ask to refresh at start, so a signed-out visit does
 * not log a 401 in the browser console.
 */
export const SIGNED_IN_HINT_COOKIE = 'cb_signed_in';

/** The session a valid access token on a public route names, if any (expired ones count: they still name it). */
async function bearerSession(request: FastifyRequest): Promise<{ sub: string; sid: string } | null> {
  if (!request.headers.authorization?.startsWith('Bearer ')) return null;
  try {
    const payload = await request.jwtVerify<{ sub?: unknown; sid?: unknown }>({ ignoreExpiration: true });
    const { sub, sid } = payload;
    return typeof sub === 'string' && isUuid(sub) && typeof sid === 'string' && isUuid(sid) ? { sub, sid } : null;
  } catch {
    return null;
  }
}

export function authRoutes(app: TypedApp, deps: AppDeps): void {
  const authDeps = {
    db: deps.db,
    bcryptCost: deps.config.bcryptCost,
    refreshTokenTtlDays: deps.config.refreshTokenTtlDays,
    loginFailuresPerAddress: deps.config.loginFailuresPerAddress,
  };

  const setRefreshCookie = (reply: FastifyReply, token: string, expiresAt: Date) =>
    reply
      .setCookie(REFRESH_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.config.cookieSecure,
        path: COOKIE_PATH,
        expires: expiresAt,
      })
      .setCookie(SIGNED_IN_HINT_COOKIE, '1', {
        sameSite: 'strict',
        secure: deps.config.cookieSecure,
        path: '/',
        expires: expiresAt,
      });
  const clearSessionCookies = (reply: FastifyReply) =>
    reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH }).clearCookie(SIGNED_IN_HINT_COOKIE, { path: '/' });

  /** The access token names its session (`sid`), so logging out of it ends the token too. */
  const session = async (userId: string, sessionId: string) => {
    const actor = await loadActor(deps.db, userId);
    if (!actor) throw new AppError('REFRESH_TOKEN_INVALID', 'Your session has ended; sign in again');
    const accessToken = app.jwt.sign({ sub: userId, sid: sessionId }, { expiresIn: deps.config.accessTokenTtlSeconds });
    return { accessToken, expiresIn: deps.config.accessTokenTtlSeconds, me: await describeMe(deps.db, actor) };
  };

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password',
        body: LoginBody,
        response: { 200: LoginReply, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = await authenticateWithPassword(authDeps, request.body.email, request.body.password, request.ip);
      const refresh = await issueRefreshToken(authDeps, user.id);
      setRefreshCookie(reply, refresh.token, refresh.expiresAt);
      return session(user.id, refresh.sessionId);
    },
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Exchange the refresh cookie for a new access token (single use)',
        response: { 200: LoginReply, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      const token = request.cookies[REFRESH_COOKIE];
      if (!token) {
        clearSessionCookies(reply);
        throw new AppError('REFRESH_TOKEN_INVALID', 'No session; sign in');
      }
      const { userId, next } = await rotateRefreshToken(authDeps, token).catch((error: unknown) => {
        // The session has ended (expired, revoked, replayed): the page should stop asking.
        if (error instanceof AppError && error.code === 'REFRESH_TOKEN_INVALID') clearSessionCookies(reply);
        throw error;
      });
      setRefreshCookie(reply, next.token, next.expiresAt);
      return session(userId, next.sessionId);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'End this session: revokes its refresh token, access tokens and stream tickets',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const token = request.cookies[REFRESH_COOKIE];
      if (token) await revokeByToken(deps.db, token);
      const bearer = await bearerSession(request);
      if (bearer) await revokeSession(deps.db, bearer.sub, bearer.sid);
      clearSessionCookies(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { access: 'authenticated', allowPendingPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, role, scope and computed permissions',
        response: { 200: MeBody, 401: ErrorBody },
      },
    },
    async (request) => describeMe(deps.db, actorOf(request)),
  );

  app.patch(
    '/api/v1/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Change your own name or phone',
        body: UpdateProfileBody,
        response: { 200: MeBody, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await deps.db.transaction(async (tx) => {
        const [before] = await tx
          .select({ name: users.name, phone: users.phone, organizationId: users.organizationId })
          .from(users)
          .where(eq(users.id, actor.id));
        const [after] = await tx
          .update(users)
          .set({ ...request.body, updatedAt: new Date() })
          .where(eq(users.id, actor.id))
          .returning({ name: users.name, phone: users.phone });
        await recordAudit(tx, auditContext(request), {
          entityType: 'user',
          entityId: actor.id,
          action: 'profile_updated',
          organizationId: before?.organizationId ?? null,
          before: { name: before?.name, phone: before?.phone },
          after,
        });
      });
      return describeMe(deps.db, actor);
    },
  );

  app.post(
    '/api/v1/me/password',
    {
      config: { access: 'authenticated', allowPendingPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; ends every other session',
        body: ChangePasswordBody,
        response: { 200: LoginReply, 400: ErrorBody, 401: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await changeOwnPassword(authDeps, auditContext(request), actor.id, request.body.currentPassword, request.body.newPassword);
      const refresh = await issueRefreshToken(authDeps, actor.id);
      setRefreshCookie(reply, refresh.token, refresh.expiresAt);
      return session(actor.id, refresh.sessionId);
    },
  );
}
