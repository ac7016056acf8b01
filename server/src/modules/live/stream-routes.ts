import { Type } from 'typebox';
import { loadActor } from '../../auth/actor.js';
import { isSessionActive } from '../../auth/sessions.js';
import type { Db } from '../../db/client.js';
import type { Scope } from '../../domain/scope.js';
import { AppError } from '../../errors.js';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { errorResponses } from '../../http/schemas.js';
import { LiveStream } from '../../live/stream.js';
import { StreamTickets } from '../../live/tickets.js';
import { StreamQuery, TicketBody } from './schemas.js';

const tags = ['live'];

/**
 * The viewer's scope as it is now: null once the user is disabled, no longer holds monitoring:read,
 * or the session the ticket came from has ended (logout, password change), which also ends an open stream.
 */
async function monitoringScope(db: Db, userId: string, sessionId: string): Promise<Scope | null> {
  const [actor, active] = await Promise.all([loadActor(db, userId), isSessionActive(db, userId, sessionId)]);
  return active && actor && !actor.mustChangePassword && actor.scope.permissions.has('monitoring:read') ? actor.scope : null;
}

/** The browser's own reconnects send the Last-Event-ID header; the web app passes ?lastEventId= after a new ticket. */
function resumeFrom(header: string | string[] | undefined, query: number | undefined): number | null {
  const text = Array.isArray(header) ? header[0] : header;
  if (text !== undefined && /^\d{1,15}$/.test(text.trim())) return Number(text.trim());
  return query ?? null;
}

export function streamRoutes(app: TypedApp, { db, config, charging }: AppDeps): void {
  const tickets = new StreamTickets(config.jwtSecret, config.streamTicketTtlSeconds, Date.now, charging?.spentTickets);
  const stream = charging ? new LiveStream(charging.bus, { pingMs: config.streamPingSeconds * 1000 }) : null;
  if (stream) app.addHook('preClose', async () => stream.close());

  app.post(
    '/api/v1/stream/ticket',
    {
      config: { access: 'monitoring:read' },
      schema: {
        tags,
        summary: 'A short-lived ticket that opens one live event stream (EventSource cannot send a token)',
        response: { 200: TicketBody, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!actor.sessionId) throw new AppError('UNAUTHENTICATED', 'Sign in first');
      return tickets.issue(actor.id, actor.sessionId);
    },
  );

  app.get(
    '/api/v1/stream',
    {
      // Authenticated by the ticket, checked below: never by an access token in the URL.
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Server-Sent Events of the chargers and sessions in scope; resumes after Last-Event-ID',
        querystring: StreamQuery,
        response: { 200: Type.String({ description: 'text/event-stream' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!stream) throw new AppError('UNAVAILABLE', 'Live events are not available on this instance');
      const holder = await tickets.redeem(request.query.ticket);
      if (!holder) throw new AppError('UNAUTHENTICATED', 'The stream ticket is invalid, used or expired: ask for a new one');
      const { userId, sessionId } = holder;
      const scope = await monitoringScope(db, userId, sessionId);
      if (!scope) throw new AppError('UNAUTHENTICATED', 'This account can no longer watch live events');
      reply.hijack();
      stream.attach(
        reply.raw,
        { scope, reload: () => monitoringScope(db, userId, sessionId) },
        resumeFrom(request.headers['last-event-id'], request.query.lastEventId),
      );
    },
  );
}
