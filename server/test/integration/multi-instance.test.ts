import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { type RunningServer, startServer } from '../../src/main.js';
import type { RpcClient } from '../../src/ocpp/rpc.js';
import { isolatedDatabaseUrl } from '../support/database.js';
import { TEST_PASSWORD, login, makeUser, signedIn } from '../support/factories.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { connect, eventually, makeOcppCharger, makeToken, rows } from '../support/ocpp.js';
import { type SseStream, openStream } from '../support/sse.js';

/**
 * Two instances on one database and one Redis (REDIS_URL), as behind a load balancer: chargers
 * connect to instance B, browsers and API calls go to instance A.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisProblem(): Promise<string | null> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return null;
  } catch (error) {
    return `Redis at ${REDIS_URL} is not reachable (${(error as Error).message})`;
  } finally {
    probe.disconnect();
  }
}

const problem = await redisProblem();
if (problem && process.env.CI === 'true') throw new Error(`${problem}: CI needs Redis for the multi-instance tests`);
if (problem) console.warn(`multi-instance tests skipped: ${problem}`);

const prefix = `cbtest:${process.pid}:${randomBytes(4).toString('hex')}:`;
const env = {
  JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'never',
  DEMO_SIMULATOR: 'off',
  OCPP_HEARTBEAT_SECONDS: '120',
  STREAM_PING_SECONDS: '1',
  // Clients' addresses are given in X-Forwarded-For, as a load balancer would.
  TRUST_PROXY: 'true',
  REDIS_URL,
  REDIS_PREFIX: prefix,
};

let a: RunningServer;
let b: RunningServer;
let dropDatabase: () => Promise<void> = async () => undefined;
let db: Db;
const streams: SseStream[] = [];
const clients: RpcClient[] = [];
let f: {
  org: { id: string };
  x: { id: string; ocppIdentity: string; siteId: string };
  y: { id: string; ocppIdentity: string };
  idle: { id: string; ocppIdentity: string };
  cpoA: ApiClient;
  cpoB: ApiClient;
  adminA: ApiClient;
  adminB: ApiClient;
  token: string;
};
/** The OCPP calls each charger received from the central system. */
const received = new Map<string, { action: string; params: any }[]>();

beforeAll(async () => {
  if (problem) return;
  const database = await isolatedDatabaseUrl();
  dropDatabase = database.drop;
  const overrides = { port: 0, host: '127.0.0.1', databaseUrl: database.url, memoryDatabase: true };
  a = await startServer(loadConfig(env, overrides), { logger: false });
  // PostgreSQL: two connection pools to one database. Embedded: both instances share the one in-memory database.
  b = await startServer(loadConfig(env, overrides), { logger: false, ...(database.url ? {} : { database: a.database }) });
  db = a.database.db;
  const one = await makeOcppCharger(db);
  const two = await makeOcppCharger(db);
  const idle = await makeOcppCharger(db, { siteId: one.site.id, organizationId: one.org.id });
  const cpo = await signedIn(a.url, db, 'cpo', { organizationId: one.org.id });
  const admin = await signedIn(a.url, db, 'admin');
  f = {
    org: one.org,
    x: one.charger,
    y: two.charger,
    idle: idle.charger,
    cpoA: cpo.api,
    // The same users, signed in at B: an access token from either instance works on both.
    cpoB: apiClient(b.url, await login(b.url, cpo.user.email)),
    adminB: apiClient(b.url, await login(b.url, admin.user.email)),
    adminA: admin.api,
    token: (await makeToken(db, one.org.id)).token,
  };
});

afterAll(async () => {
  streams.forEach((s) => s.close());
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await b?.close();
  await a?.close();
  await dropDatabase();
});

/** A live stream opened with a ticket from `api` (tickets are signed with the shared secret: any instance takes them). */
async function watch(api: ApiClient, server: RunningServer, lastEventId?: number): Promise<SseStream> {
  const issued = await api.post('/api/v1/stream/ticket');
  expect(issued.status).toBe(200);
  const headers: Record<string, string> = lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) };
  const stream = await openStream(`${server.url}/api/v1/stream?ticket=${encodeURIComponent(issued.body.ticket)}`, headers);
  expect(stream.status).toBe(200);
  streams.push(stream);
  return stream;
}

/** A booted charger on instance B that answers the commands it is sent. */
async function onB(charger: { ocppIdentity: string }, protocol: 'ocpp1.6' | 'ocpp2.0.1'): Promise<RpcClient> {
  const client = await connect(b.url, charger.ocppIdentity, protocol);
  clients.push(client);
  const log: { action: string; params: any }[] = [];
  received.set(charger.ocppIdentity, log);
  const accept = (action: string) =>
    client.handle(action, async ({ params }) => {
      log.push({ action, params });
      return { status: 'Accepted' };
    });
  ['Reset', 'RemoteStartTransaction', 'RequestStartTransaction'].forEach(accept);
  await client.call(
    'BootNotification',
    protocol === 'ocpp1.6'
      ? { chargePointVendor: 'ABB', chargePointModel: 'Terra' }
      : { reason: 'PowerUp', chargingStation: { vendorName: 'Kempower', model: 'S' } },
  );
  return client;
}

/** Kills this test's Redis connections whose name starts with `prefix` + `role`; returns how many. */
async function killRedisConnections(role: 'subscriber' | ''): Promise<number> {
  const admin = new Redis(REDIS_URL);
  try {
    const list = (await admin.client('LIST')) as string;
    const ours = list
      .split('\n')
      .filter((line) => line.includes(` name=${prefix}${role}`))
      .map((line) => /\bid=(\d+)/.exec(line)![1]!);
    for (const id of ours) await admin.client('KILL', 'ID', id);
    return ours.length;
  } finally {
    admin.disconnect();
  }
}

const of = (stream: SseStream, chargerId: string) => stream.events().filter((e) => e.payload.chargerId === chargerId);

describe.skipIf(problem !== null)('several instances over Redis', () => {
  let x: RpcClient;
  let y: RpcClient;
  let cpoStream: SseStream;
  let adminStream: SseStream;

  it('streams the events of a charger connected to B to a viewer on A, in scope, with the same ids everywhere', async () => {
    cpoStream = await watch(f.cpoA, a);
    adminStream = await watch(f.adminB, b);
    x = await onB(f.x, 'ocpp1.6');
    y = await onB(f.y, 'ocpp2.0.1');
    await x.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });
    await x.call('StartTransaction', { connectorId: 1, idTag: f.token, meterStart: 1000, timestamp: new Date().toISOString() });
    await x.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await y.call('StatusNotification', {
      timestamp: new Date().toISOString(),
      connectorStatus: 'Faulted',
      evseId: 1,
      connectorId: 1,
    });

    await cpoStream.waitFor((m) => m.event === 'charger.status' && m.data!.includes('"Charging"'));
    await adminStream.waitFor((m) => m.event === 'charger.status' && m.data!.includes(f.y.id));
    const seen = of(cpoStream, f.x.id);
    expect(seen.map((e) => e.type)).toEqual(
      expect.arrayContaining(['charger.connection', 'charger.status', 'session.started', 'charger.status']),
    );
    expect(seen.find((e) => e.type === 'session.started')!.payload).toMatchObject({
      chargerId: f.x.id,
      organizationId: f.org.id,
      status: 'active',
    });
    // Scope still applies: the CPO never sees the other organization's charger.
    expect(of(cpoStream, f.y.id)).toEqual([]);
    expect(of(adminStream, f.y.id).map((e) => e.payload.status)).toContain('Faulted');
    // One sequence for all instances: A and B number every event alike, in the same order.
    const onA = seen.map((e) => `${e.id} ${e.type} ${JSON.stringify(e.payload)}`);
    const onBoth = of(adminStream, f.x.id).map((e) => `${e.id} ${e.type} ${JSON.stringify(e.payload)}`);
    expect(onBoth).toEqual(onA);
    expect(seen.every((e, i) => i === 0 || e.id > seen[i - 1]!.id)).toBe(true);
  });

  it('resumes on the other instance with Last-Event-ID: only what was missed, nothing twice', async () => {
    const last = cpoStream.events().at(-1)!.id;
    cpoStream.close();
    // Missed while the browser was away.
    await x.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'SuspendedEV' });
    await y.call('StatusNotification', {
      timestamp: new Date().toISOString(),
      connectorStatus: 'Available',
      evseId: 1,
      connectorId: 1,
    });
    await x.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await adminStream.waitFor((m) => m.event === 'charger.status' && m.data!.includes('"Available"'));
    await eventually(async () => of(adminStream, f.x.id).filter((e) => e.id > last).length >= 2);

    const resumed = await watch(f.cpoB, b, last);
    await resumed.waitFor((m) => m.event === 'charger.status' && m.data!.includes('"Charging"'));
    const replayed = resumed.events();
    expect(replayed.map((e) => e.payload.status)).toEqual(['SuspendedEV', 'Charging']);
    expect(replayed.every((e) => e.id > last && e.payload.chargerId === f.x.id)).toBe(true);
    expect(replayed.map((e) => e.id)).toEqual(
      of(adminStream, f.x.id)
        .filter((e) => e.id > last)
        .map((e) => e.id),
    );
    expect(resumed.messages.some((m) => m.event === 'reset')).toBe(false);
  });

  it('a stream ticket opens one stream on any instance, and never a second one on another', async () => {
    const issued = await f.cpoA.post('/api/v1/stream/ticket');
    const url = (server: RunningServer) => `${server.url}/api/v1/stream?ticket=${encodeURIComponent(issued.body.ticket)}`;
    const first = await openStream(url(b));
    streams.push(first);
    expect(first.status).toBe(200);
    const replayedOnA = await openStream(url(a));
    streams.push(replayedOnA);
    expect(replayedOnA.status).toBe(401);
    const replayedOnB = await openStream(url(b));
    streams.push(replayedOnB);
    expect(replayedOnB.status).toBe(401);
    first.close();
  });

  it('relays a command sent to A to the charger on B and returns its answer', async () => {
    const reset = await f.adminA.post(`/api/v1/chargers/${f.x.id}/commands/reset`, { type: 'soft' });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(reset.body).toEqual({ command: 'reset', protocol: 'ocpp1.6', action: 'Reset', response: { status: 'Accepted' } });
    const start = await f.adminA.post(`/api/v1/chargers/${f.x.id}/commands/remote-start`, { idTag: f.token, connectorId: 1 });
    expect(start.status, JSON.stringify(start.body)).toBe(200);
    expect(start.body).toMatchObject({ action: 'RemoteStartTransaction', response: { status: 'Accepted' } });
    const resetY = await f.adminA.post(`/api/v1/chargers/${f.y.id}/commands/reset`, { type: 'hard' });
    expect(resetY.body).toEqual({ command: 'reset', protocol: 'ocpp2.0.1', action: 'Reset', response: { status: 'Accepted' } });

    expect(received.get(f.x.ocppIdentity)).toEqual([
      { action: 'Reset', params: { type: 'Soft' } },
      { action: 'RemoteStartTransaction', params: { idTag: f.token, connectorId: 1 } },
    ]);
    expect(received.get(f.y.ocppIdentity)).toEqual([{ action: 'Reset', params: { type: 'Immediate' } }]);
    // Audited on the instance that took the request, with the charger's answer.
    const audits = await rows(
      db,
      sql`SELECT action, changes FROM audit_log WHERE entity_id = ${f.x.id} AND action LIKE 'command.%' ORDER BY seq`,
    );
    expect(audits.map((r) => r.action)).toEqual(['command.reset', 'command.remote-start']);
    expect(JSON.stringify(audits[0].changes)).toContain('answered');
  });

  it('relays the charger’s own error back', async () => {
    // The 2.0.1 charger has no ClearCache handler: it answers NotImplemented.
    const answer = await f.adminA.post(`/api/v1/chargers/${f.y.id}/commands/clear-cache`, {});
    expect(answer.status).toBe(502);
    expect(answer.body.error).toMatchObject({
      code: 'CHARGER_ERROR',
      details: { action: 'ClearCache', errorCode: 'NotImplemented' },
    });
  });

  it('answers CHARGER_OFFLINE for a charger no instance holds', async () => {
    const never = await f.adminA.post(`/api/v1/chargers/${f.idle.id}/commands/reset`, { type: 'soft' });
    expect(never.status).toBe(409);
    expect(never.body.error.code).toBe('CHARGER_OFFLINE');
    const leaving = await onB(f.idle, 'ocpp1.6');
    expect((await f.adminA.post(`/api/v1/chargers/${f.idle.id}/commands/reset`, { type: 'soft' })).status).toBe(200);
    await leaving.close({ code: 1000 });
    await eventually(async () => {
      const gone = await f.adminA.post(`/api/v1/chargers/${f.idle.id}/commands/reset`, { type: 'soft' });
      return gone.status === 409 && gone.body.error.code === 'CHARGER_OFFLINE';
    });
  });

  it('fails a relayed command at once when its answer can no longer arrive (the subscriptions drop)', async () => {
    let asked!: () => void;
    const reached = new Promise<void>((resolve) => (asked = resolve));
    // The charger takes the command and answers late: only the lost subscription can end the wait early.
    y.handle('UnlockConnector', () => {
      asked();
      return new Promise((resolve) => setTimeout(() => resolve({ status: 'Unlocked' }), 2000));
    });
    const pending = f.adminA.post(`/api/v1/chargers/${f.y.id}/commands/unlock-connector`, { connectorId: 1 });
    await reached;
    const dropped = Date.now();
    expect(await killRedisConnections('subscriber')).toBe(2);
    const answer = await pending;
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('UNAVAILABLE');
    expect(answer.body.error.message).toMatch(/may have received the command/);
    expect(Date.now() - dropped).toBeLessThan(5000);
    // Both subscribe again by themselves: a relayed command is answered again.
    await eventually(async () => {
      const reset = await f.adminA.post(`/api/v1/chargers/${f.x.id}/commands/reset`, { type: 'soft' });
      return reset.status === 200;
    }, 10_000);
  });

  it('keeps going after the Redis connections drop: both instances reconnect and relay again', async () => {
    expect(await killRedisConnections('')).toBe(4);
    await eventually(async () => {
      const reset = await f.adminA.post(`/api/v1/chargers/${f.x.id}/commands/reset`, { type: 'soft' });
      return reset.status === 200;
    }, 10_000);
    const viewer = await watch(f.cpoA, a);
    await x.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Finishing' });
    const finishing = await viewer.waitFor((m) => m.event === 'charger.status' && m.data!.includes('"Finishing"'));
    expect(Number(finishing.id)).toBeGreaterThan(0);
  });
});

describe.skipIf(problem !== null)('sessions and sign-in limits across instances', () => {
  const signIn = (server: RunningServer, email: string, password: string, address: string) =>
    apiClient(server.url).request('POST', '/api/v1/auth/login', { email, password }, { 'x-forwarded-for': address });

  it('logging out on A ends the session on B at once', async () => {
    const user = await makeUser(db, 'technical');
    const login = await signIn(a, user.email, TEST_PASSWORD, '192.0.2.10');
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('cb_refresh='))!
      .split(';')[0]!;
    const onB = apiClient(b.url, login.body.accessToken as string);
    expect((await onB.get('/api/v1/me')).status).toBe(200);
    expect((await apiClient(a.url).request('POST', '/api/v1/auth/logout', undefined, { cookie })).status).toBe(204);
    const refused = await onB.get('/api/v1/me');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('SESSION_REVOKED');
  });

  it('failures on A count on B: that address is locked out there, the owner elsewhere is not', async () => {
    const user = await makeUser(db, 'admin');
    for (let i = 0; i < 5; i++) expect((await signIn(a, user.email, 'not-the-password', '203.0.113.50')).status).toBe(401);
    const locked = await signIn(b, user.email, TEST_PASSWORD, '203.0.113.50');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
    expect((await signIn(b, user.email, TEST_PASSWORD, '198.51.100.50')).status).toBe(200);
  });
});

describe.skipIf(problem !== null)('lost events', () => {
  it('tells viewers to reload when the shared ids jump (events were lost), and resumes from there', async () => {
    const viewer = await watch(f.adminA, a);
    const redis = new Redis(REDIS_URL);
    let jumped: number;
    try {
      // As if five events had been numbered but never reached this instance.
      jumped = await redis.incrby(`${prefix}events:id`, 6);
      const event = {
        type: 'charger.status',
        payload: {
          chargerId: f.x.id,
          organizationId: f.org.id,
          siteId: f.x.siteId,
          evseId: 1,
          connectorId: 1,
          status: 'Unavailable',
          errorCode: null,
          at: new Date().toISOString(),
        },
      };
      await redis.publish(`${prefix}events`, `${jumped} ${JSON.stringify(event)}`);
    } finally {
      redis.disconnect();
    }
    const status = await viewer.waitFor((m) => m.event === 'charger.status' && m.data!.includes('"Unavailable"'));
    expect(Number(status.id)).toBe(jumped);
    const reset = viewer.messages.find((m) => m.event === 'reset');
    expect(reset?.id).toBe(String(jumped - 1));
    expect(viewer.messages.indexOf(reset!)).toBeLessThan(viewer.messages.indexOf(status));
    // B saw the same jump: a viewer resuming there from before it must start over, from after it resumes.
    const before = await watch(f.adminB, b, jumped - 2);
    await before.waitFor((m) => m.event === 'reset');
    const after = await watch(f.adminB, b, jumped - 1);
    await after.waitFor((m) => m.event === 'charger.status' && m.id === String(jumped));
  });
});

describe.skipIf(problem !== null)('Redis at start-up', () => {
  it('stops start-up with a clear error when Redis is unreachable, before touching the database', async () => {
    const config = loadConfig(
      { ...env, REDIS_URL: 'redis://:secret@127.0.0.1:1' },
      { port: 0, host: '127.0.0.1', databaseUrl: null, memoryDatabase: true },
    );
    const failed = await startServer(config, { logger: false }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failed).toMatch(/^Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1\/? \(REDIS_URL\) is not reachable: .*ECONNREFUSED/);
  });
});
