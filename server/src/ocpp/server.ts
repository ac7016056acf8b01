import type { PaymentsDeps } from '../modules/payments/attempts.js';
import type { IncomingMessage, Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { AppError } from '../errors.js';
import { urlHasNul } from '../http/nul-characters.js';
import type { EventBus } from '../live/bus.js';
import type { CommandName } from '../modules/charging/command-schemas.js';
import { drainConnectionWriters } from '../modules/charging/connection-writes.js';
import { drainMeterWriter } from '../modules/charging/meter-writer.js';
import { recordBackOnline, recordConnected, recordOffline } from '../modules/charging/stations.js';
import type { ChargerLink, CommandAnswer, OcppProtocol, Station } from '../modules/charging/types.js';
import { UpgradeAuthenticator, type UpgradeCharger } from './auth.js';
import type { ConnectionPresence } from './command-relay.js';
import { ocppCallFor } from './commands.js';
import { ReportingSetup } from './reporting-setup.js';
import { type ChargerConnection, type HandlerEnv, inOrder } from './connection.js';
import { serveOcpp16 } from './handlers-16.js';
import { serveOcpp201 } from './handlers-201.js';
import { Liveness } from './liveness.js';
import { MessageLog } from './message-log.js';
import { translateCallError } from './protocol-errors.js';
import { RPCError, RPCServer, type RpcServer, type RpcServerClient, TimeoutError } from './rpc.js';

/** Offered subprotocols are matched in this order of preference (OCPP-J: ocpp1.6, ocpp2.0.1). */
const PROTOCOLS: readonly OcppProtocol[] = ['ocpp2.0.1', 'ocpp1.6'];

/**
 * The identity in /ocpp/{identity} must decode to text the database can hold: a NUL (%00) would
 * fail the auth-failure insert, and a broken %-escape throws inside the RPC library's upgrade.
 */
function identityPathDecodes(url: string): boolean {
  if (urlHasNul(url)) return false;
  try {
    decodeURIComponent(url.split('?')[0] ?? '');
    return true;
  } catch {
    return false;
  }
}

interface UpgradeSession {
  chargerId: string | null;
  /** The charger row the upgrade just read (fresh): the connection starts from it. */
  charger: UpgradeCharger | null;
  remoteAddress: string;
}

/**
 * The OCPP central system endpoint: ws://HOST:PORT/ocpp/{identity} on the API's own HTTP server
 * (wss:// when it serves TLS). Holds the live connections, hands each message to the version's
 * handlers, and sends remote commands. One instance holds a charger's socket; with several
 * instances, `presence` records which one (ocpp/command-relay.ts relays commands to it).
 */
export class OcppGateway implements ChargerLink {
  private readonly rpc: RpcServer;
  private readonly connections = new Map<string, ChargerConnection>();
  private readonly authenticator: UpgradeAuthenticator;
  private readonly messageLog: MessageLog;
  private readonly liveness: Liveness;
  private readonly reporting: ReportingSetup;
  private readonly work = new Set<Promise<unknown>>();
  private log: FastifyBaseLogger = pino({ level: 'silent' });
  private closed = false;
  private readonly calls = { inFlight: 0 };

  constructor(
    private readonly deps: {
      db: Db;
      bus: EventBus;
      config: Config;
      presence?: ConnectionPresence | null;
      payments?: PaymentsDeps;
    },
  ) {
    const ocpp = deps.config.ocpp;
    this.authenticator = new UpgradeAuthenticator({
      db: deps.db,
      config: ocpp,
      log: () => this.log,
      track: (work) => this.track(work),
    });
    this.messageLog = new MessageLog(deps.db, (error) => this.log.error({ err: error }, 'OCPP message log write failed'));
    this.liveness = new Liveness(
      { db: deps.db, bus: deps.bus },
      ocpp,
      () => this.connections.values(),
      (error) => this.log.error({ err: error }, 'OCPP liveness sweep failed'),
    );
    this.reporting = new ReportingSetup(
      { intervalSeconds: ocpp.meterIntervalSeconds, timeoutMs: ocpp.commandTimeoutMs },
      (conn) => this.connections.get(conn.identity) === conn && conn.accepted,
      this.calls,
      () => this.log,
    );
    this.rpc = new RPCServer({
      protocols: [...PROTOCOLS],
      strictMode: true,
      callTimeoutMs: ocpp.commandTimeoutMs,
      pingIntervalMs: 30_000,
      deferPingsOnActivity: true,
      respondWithDetailedErrors: false,
      maxBadMessages: ocpp.maxBadFrames,
      // Bigger frames close the connection with 1009 (RFC 6455 §7.4.1), checked by ws before parsing.
      wssOptions: { maxPayload: ocpp.maxFrameBytes },
    });
    this.rpc.on('error', (error: unknown) => this.log.warn({ err: error }, 'OCPP WebSocket server error'));
    this.rpc.auth((accept, reject, handshake) => {
      const protocol = PROTOCOLS.find((p) => handshake.protocols.has(p)) ?? null;
      const remoteAddress = handshake.remoteAddress ?? 'unknown';
      const decided = this.authenticator
        .decide({
          endpoint: handshake.endpoint,
          identity: handshake.identity,
          password: handshake.password,
          remoteAddress,
          protocol,
        })
        .then((decision) => {
          if (decision.kind === 'refused') return reject(decision.status, decision.message);
          const session: UpgradeSession = {
            chargerId: decision.kind === 'charger' ? decision.chargerId : null,
            charger: decision.kind === 'charger' ? decision.charger : null,
            remoteAddress,
          };
          // No common subprotocol: complete the handshake without one, then close (OCPP-J handshake rules).
          accept(session, protocol ?? false);
        })
        .catch((error: unknown) => {
          // 503: the charger retries later (or at another instance) instead of treating it as a fault of its own.
          if (isDatabaseUnavailable(error)) {
            this.log.warn({ err: error }, 'OCPP upgrade refused: the database is unreachable');
            return reject(503, 'Service Unavailable');
          }
          this.log.error({ err: error }, 'OCPP upgrade failed');
          reject(500, 'Internal Server Error');
        });
      this.track(decided);
    });
    this.rpc.on('client', (client: RpcServerClient) => this.onClient(client));
  }

  /** Takes the upgrade requests for /ocpp/… of the API's HTTP(S) server and starts offline detection. */
  attach(server: Server | HttpsServer, log: FastifyBaseLogger): void {
    this.log = log.child({ component: 'ocpp' });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!(request.url ?? '').startsWith('/ocpp/')) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (this.closed) {
        // Shutting down: the charger connects again later, to this instance restarted or another one.
        socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (!identityPathDecodes(request.url ?? '')) {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.track(this.rpc.handleUpgrade(request, socket as Socket, head));
    });
    this.liveness.start();
  }

  private track(promise: Promise<unknown>): void {
    const settled = promise.catch((error: unknown) => this.log.error({ err: error }, 'OCPP background work failed'));
    this.work.add(settled);
    void settled.finally(() => this.work.delete(settled));
  }

  private env(): HandlerEnv {
    return {
      deps: {
        db: this.deps.db,
        bus: this.deps.bus,
        clockSkewMs: this.deps.config.ocpp.clockSkewSeconds * 1000,
        ...(this.deps.payments ? { payments: this.deps.payments } : {}),
      },
      config: this.deps.config.ocpp,
      log: this.log,
      registered: (conn, station) => this.registered(conn, station),
      acceptedBoot: (conn) => this.reporting.afterAcceptedBoot(conn),
      calls: this.calls,
      shuttingDown: () => this.closed,
    };
  }

  /** Calls from chargers this server is handling now, queued ones included. */
  get callsInFlight(): number {
    return this.calls.inFlight;
  }

  private stationFor(
    conn: Pick<ChargerConnection, 'identity' | 'protocol'>,
    charger: { id: string; organizationId: string; siteId: string },
  ): Station {
    return {
      chargerId: charger.id,
      organizationId: charger.organizationId,
      siteId: charger.siteId,
      identity: conn.identity,
      protocol: conn.protocol,
    };
  }

  /** After a claim the identity has a charger: it becomes a registered connection, online from now. */
  private async registered(conn: ChargerConnection, station: Station): Promise<void> {
    const wasUnclaimed = conn.station === null;
    conn.station = station;
    if (wasUnclaimed)
      await recordConnected(this.env().deps, station, {
        remoteAddress: conn.remoteAddress,
        heartbeatSeconds: conn.heartbeatSeconds,
        at: new Date(),
      });
  }

  private onClient(client: RpcServerClient): void {
    const protocol = PROTOCOLS.find((p) => p === client.protocol);
    if (!protocol || this.closed) {
      void client.close({ code: 1002, reason: 'No supported OCPP subprotocol' });
      return;
    }
    const identity = client.identity!;
    const session = client.session as UpgradeSession;
    const now = Date.now();
    const conn: ChargerConnection = {
      identity,
      protocol,
      client,
      remoteAddress: session.remoteAddress,
      station: null,
      accepted: false,
      heartbeatSeconds: this.deps.config.ocpp.heartbeatSeconds,
      lastMessageAt: now,
      storedMessageAt: now,
      online: true,
      pendingCalls: 0,
      tail: Promise.resolve(),
    };
    // A second connection for the same identity replaces the first (the charger reconnected).
    const previous = this.connections.get(identity);
    this.connections.set(identity, conn);
    this.deps.presence?.held(identity);
    if (previous) void previous.client.close({ code: 1000, reason: 'Replaced by a newer connection' });

    const send = client.sendRaw.bind(client);
    client.sendRaw = (message: string) => send(translateCallError(message, protocol));
    client.on('message', ({ message, outbound }: { message: string; outbound: boolean }) =>
      this.onFrame(conn, message, outbound),
    );
    client.on('close', () => this.onClose(conn));
    const env = this.env();
    if (protocol === 'ocpp1.6') serveOcpp16(env, conn);
    else serveOcpp201(env, conn);
    // Handlers wait for this: the connection row exists before the first message is processed.
    conn.tail = this.connected(conn, session.charger);
    this.track(conn.tail);
  }

  private async connected(conn: ChargerConnection, charger: UpgradeCharger | null): Promise<void> {
    if (!charger) return;
    conn.station = this.stationFor(conn, charger);
    // A known, active charger that reconnects without rebooting carries on (no BootNotification is due).
    conn.accepted = charger.adminStatus !== 'inactive' && charger.retiredAt === null;
    await recordConnected(this.env().deps, conn.station, {
      remoteAddress: conn.remoteAddress,
      heartbeatSeconds: conn.heartbeatSeconds,
      at: new Date(),
    });
  }

  private onFrame(conn: ChargerConnection, frame: string, outbound: boolean): void {
    this.messageLog.record({
      chargerId: conn.station?.chargerId ?? null,
      identity: conn.identity,
      direction: outbound ? 'out' : 'in',
      frame,
    });
    if (outbound) return;
    conn.lastMessageAt = Date.now();
    if (!conn.online && conn.station) {
      conn.online = true;
      const station = conn.station;
      // Written before this message is handled, so its answer never precedes "online".
      this.track(inOrder(conn, () => recordBackOnline(this.env().deps, station, new Date(conn.lastMessageAt))));
    }
  }

  private onClose(conn: ChargerConnection): void {
    if (this.connections.get(conn.identity) !== conn) return; // replaced: the newer connection owns the state
    this.connections.delete(conn.identity);
    this.deps.presence?.released(conn.identity);
    const station = conn.station;
    const closedAt = new Date();
    if (station) this.track(inOrder(conn, () => recordOffline(this.env().deps, station, closedAt, true)));
  }

  protocolOf(identity: string): OcppProtocol | null {
    return this.connections.get(identity)?.protocol ?? null;
  }

  /** Sends a remote command; the answer, or CHARGER_OFFLINE at once, or CHARGER_TIMEOUT after the configured wait. */
  async send(identity: string, command: string, input: Record<string, unknown>): Promise<CommandAnswer> {
    const conn = this.connections.get(identity);
    if (!conn) throw new AppError('CHARGER_OFFLINE', 'The charger is not connected');
    const { action, payload } = ocppCallFor(conn.protocol, command as CommandName, input);
    const timeoutMs = this.deps.config.ocpp.commandTimeoutMs;
    try {
      const response = await conn.client.call(action, payload, { callTimeoutMs: timeoutMs });
      return { protocol: conn.protocol, action, response };
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw new AppError('CHARGER_TIMEOUT', `The charger did not answer ${action} within ${timeoutMs / 1000} s`, {
          action,
          timeoutMs,
        });
      }
      if (error instanceof RPCError) {
        const details = { action, errorCode: error.rpcErrorCode, description: error.message };
        throw new AppError('CHARGER_ERROR', `The charger answered ${action} with ${error.rpcErrorCode}`, details);
      }
      throw new AppError('CHARGER_OFFLINE', 'The charger disconnected before answering', { action });
    }
  }

  requestBoot(identity: string): void {
    const conn = this.connections.get(identity);
    if (!conn || conn.accepted) return;
    // 2.0.1 B02.FR.01 / 1.6 §4.2: a Pending charger may be asked to boot again at once.
    this.track(conn.client.call('TriggerMessage', { requestedMessage: 'BootNotification' }).catch(() => undefined));
  }

  /**
   * Shutdown: refuses new connections (503) and new calls (CALLERROR), waits up to `graceMs` for
   * the calls already in flight to be answered, then goes away with 1001 and writes what is queued
   * (offline marks, meter values, last-seen times, the message log).
   */
  async close({ graceMs = 0 }: { graceMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.reporting.stop();
    const sweeps = this.liveness.stop();
    const deadline = Date.now() + graceMs;
    while (this.calls.inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    if (this.calls.inFlight > 0)
      this.log.warn({ unanswered: this.calls.inFlight }, 'shutdown grace time over: closing charger connections anyway');
    const closing = this.rpc.close({ code: 1001, reason: 'Server shutting down' });
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
    await sweeps;
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
    await this.authenticator.flush();
    await drainMeterWriter(this.deps.db);
    await drainConnectionWriters(this.deps.db);
    await this.liveness.flushLastSeen();
    await this.messageLog.flush();
  }
}
