import type { FastifyBaseLogger } from 'fastify';
import { isDatabaseUnavailable } from '../db/errors.js';
import type { ChargingDeps, OcppProtocol, Station } from '../modules/charging/types.js';
import type { OcppConfig } from './config.js';
import { RPCError, type RpcServerClient, callError } from './rpc.js';

/** One live WebSocket of a charger, registered or waiting to be claimed. */
export interface ChargerConnection {
  identity: string;
  protocol: OcppProtocol;
  client: RpcServerClient;
  remoteAddress: string;
  /** Null while the identity is unclaimed. */
  station: Station | null;
  /** Registered, active and (if it booted on this connection) Accepted: may send more than BootNotification. */
  accepted: boolean;
  heartbeatSeconds: number;
  lastMessageAt: number;
  /** The last message time already written to the database. */
  storedMessageAt: number;
  online: boolean;
  pendingCalls: number;
  tail: Promise<unknown>;
}

/** What the message handlers of both versions need. */
export interface HandlerEnv {
  deps: ChargingDeps;
  config: OcppConfig;
  log: FastifyBaseLogger;
  /** The boot found this charger behind the identity (it may have been claimed meanwhile): the connection now serves it. */
  registered(conn: ChargerConnection, station: Station): Promise<void>;
  /** The boot is being answered Accepted: reporting is configured later, off the answer's path (reporting-setup.ts). */
  acceptedBoot(conn: ChargerConnection): void;
  /** Calls from chargers received and not yet answered, on this server (background work yields to them). */
  calls: { inFlight: number };
  /** The server is shutting down: calls in flight are answered, new ones are refused (the charger sends them again). */
  shuttingDown(): boolean;
}

export type Handler = (conn: ChargerConnection, params: never) => Promise<Record<string, unknown>>;

/** PostgreSQL text and jsonb cannot hold NUL characters: replaced before anything is stored. */
export function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)]));
  return value;
}

/**
 * A charger may have one CALL outstanding at a time (1.6J §4.1.1, 2.0.1 Part 4 §4.1.1
 * "synchronicity"). Calls are processed strictly one after another per charger — so queued
 * transactions are applied in the order sent — and a charger that piles up more than
 * `maxPendingCalls` is flooding: it is disconnected with 1008 (policy violation, RFC 6455 §7.4.1).
 */
function inTurn<T>(conn: ChargerConnection, maxPending: number, work: () => Promise<T>): Promise<T> {
  if (conn.pendingCalls >= maxPending) {
    void conn.client.close({ code: 1008, reason: 'Too many concurrent calls' }).catch(() => undefined);
    return Promise.reject(callError('GenericError', 'Too many concurrent calls'));
  }
  conn.pendingCalls++;
  return inOrder(conn, work).finally(() => {
    conn.pendingCalls--;
  });
}

/** Runs work in the connection's order: after the calls before it, before the calls after it. */
export function inOrder<T>(conn: ChargerConnection, work: () => Promise<T>): Promise<T> {
  const run = conn.tail.then(work, work);
  conn.tail = run.catch(() => undefined);
  return run;
}

/**
 * Registers one action. Schema validation (ocpp-rpc strict mode) has already run. Until the
 * charger is accepted only BootNotification is answered; anything else gets SecurityError
 * (2.0.1 B02.FR.09 / B03.FR.07; 1.6 §4.2 forbids sending it). Unexpected failures become
 * InternalError without leaking their message.
 */
export function serve(
  env: HandlerEnv,
  conn: ChargerConnection,
  action: string,
  handler: Handler,
  options: { beforeAcceptance?: boolean } = {},
): void {
  conn.client.handle(action, async ({ params }: { params?: unknown }) => {
    // A CALLERROR keeps the message at the charger, which sends it again to the next server it reaches.
    if (env.shuttingDown()) throw callError('InternalError', 'The central system is shutting down; send this again later');
    env.calls.inFlight++;
    try {
      return await inTurn(conn, env.config.maxPendingCalls, async () => {
        if (!options.beforeAcceptance && !conn.accepted) {
          throw callError('SecurityError', 'Not accepted by the central system: send BootNotification and wait for Accepted');
        }
        try {
          return await handler(conn, withoutNul(params) as never);
        } catch (error) {
          if (error instanceof RPCError) throw error;
          if (isDatabaseUnavailable(error)) {
            // Nothing was stored: InternalError makes the charger keep the message and send it again.
            env.log.warn({ err: error, identity: conn.identity, action }, 'OCPP call not stored: the database is unreachable');
            throw callError('InternalError', 'The central system cannot store this message now; send it again later');
          }
          env.log.error({ err: error, identity: conn.identity, action }, 'OCPP handler failed');
          throw callError('InternalError', 'The central system could not process this message');
        }
      });
    } finally {
      env.calls.inFlight--;
    }
  });
}

/** Actions of the schema set a charger may send that this central system does not take: NotSupported, not NotImplemented. */
export function refuseUnsupported(env: HandlerEnv, conn: ChargerConnection, actions: readonly string[]): void {
  for (const action of actions) {
    serve(env, conn, action, async () => {
      throw callError('NotSupported', `${action} is not supported by this central system`);
    });
  }
}

/** Timestamps from chargers: a valid date, or the receive time. */
export function dateOr(value: string | undefined, fallback = new Date()): Date {
  if (!value) return fallback;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? fallback : date;
}
