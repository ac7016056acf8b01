import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema/index.js';
import type { RpcClient } from '../../src/ocpp/rpc.js';
import {
  TEST_PASSWORD,
  login,
  makeCharger,
  makeCustomRole,
  makeOrganization,
  makeSite,
  makeUser,
  signedIn,
} from '../support/factories.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { chargerPasswordHash, connect } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { type SseStream, openStream } from '../support/sse.js';

let t: TestServer;
const streams: SseStream[] = [];
const clients: RpcClient[] = [];
let f: {
  chargerA1: { id: string; ocppIdentity: string };
  chargerA2: { id: string; ocppIdentity: string };
  chargerB: { id: string; ocppIdentity: string };
  cpo: ApiClient;
  owner: ApiClient;
  siteViewer: ApiClient;
  admin: ApiClient;
};

beforeAll(async () => {
  t = await startTestServer({ STREAM_PING_SECONDS: '1', STREAM_TICKET_TTL_SECONDS: '2', OCPP_HEARTBEAT_SECONDS: '120' });
  const orgA = await makeOrganization(t.db);
  const orgB = await makeOrganization(t.db);
  const siteA1 = await makeSite(t.db, orgA.id);
  const siteA2 = await makeSite(t.db, orgA.id);
  const siteB = await makeSite(t.db, orgB.id);
  const ownerUser = await makeUser(t.db, 'location_owner', { organizationId: orgA.id });
  const password = await chargerPasswordHash();
  const chargerA1 = await makeCharger(t.db, siteA1, {
    ocppPasswordHash: password,
    locationOwnerId: ownerUser.id,
    locationOwnerShare: '0.1',
  });
  const chargerA2 = await makeCharger(t.db, siteA2, { ocppPasswordHash: password });
  const chargerB = await makeCharger(t.db, siteB, { ocppPasswordHash: password });
  const role = await makeCustomRole(t.db, orgA.id, ['chargers:read', 'monitoring:read'], [siteA2.id]);
  f = {
    chargerA1,
    chargerA2,
    chargerB,
    cpo: (await signedIn(t.url, t.db, 'cpo', { organizationId: orgA.id })).api,
    owner: apiClient(t.url, await login(t.url, ownerUser.email)),
    siteViewer: (await signedIn(t.url, t.db, 'custom', { organizationId: orgA.id, customRoleId: role.id })).api,
    admin: (await signedIn(t.url, t.db, 'admin')).api,
  };
});
afterAll(async () => {
  streams.forEach((s) => s.close());
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await t?.close();
});

async function watch(api: ApiClient, resume: { header?: number; query?: number } = {}): Promise<SseStream> {
  const issued = await api.post('/api/v1/stream/ticket');
  expect(issued.status).toBe(200);
  expect(issued.body.expiresIn).toBe(2);
  const query = new URLSearchParams({ ticket: issued.body.ticket });
  if (resume.query !== undefined) query.set('lastEventId', String(resume.query));
  const headers: Record<string, string> = resume.header === undefined ? {} : { 'last-event-id': String(resume.header) };
  const stream = await openStream(`${t.url}/api/v1/stream?${query.toString()}`, headers);
  streams.push(stream);
  return stream;
}

const chargers = new Map<string, RpcClient>();
async function charger(identity: string): Promise<RpcClient> {
  if (!chargers.has(identity)) {
    const client = await connect(t.url, identity, 'ocpp1.6');
    clients.push(client);
    await client.call('BootNotification', { chargePointVendor: 'ABB', chargePointModel: 'Terra' });
    chargers.set(identity, client);
  }
  return chargers.get(identity)!;
}
const report = async (identity: string, status: string, connectorId = 1) =>
  (await charger(identity)).call('StatusNotification', { connectorId, errorCode: 'NoError', status });

/** The chargers of the charger events a viewer received (alerts and notifications are checked on their own). */
const chargerIdsIn = (stream: SseStream) =>
  new Set(
    stream
      .events()
      .filter((e) => e.type.startsWith('charger.'))
      .map((e) => e.payload.chargerId),
  );
const statusesOf = (stream: SseStream, chargerId: string) =>
  stream
    .events()
    .filter((e) => e.type === 'charger.status' && e.payload.chargerId === chargerId)
    .map((e) => e.payload.status);

describe('live event stream', () => {
  it('delivers each event only to the viewers whose scope reaches its charger', async () => {
    const cpo = await watch(f.cpo);
    const owner = await watch(f.owner);
    const siteViewer = await watch(f.siteViewer);
    const admin = await watch(f.admin);
    expect(cpo.status).toBe(200);
    expect(cpo.contentType).toMatch(/^text\/event-stream/);
    expect(cpo.messages[0] ?? (await cpo.waitFor((m) => m.retry !== undefined))).toMatchObject({ retry: 3000 });

    await report(f.chargerB.ocppIdentity, 'Faulted');
    await report(f.chargerA2.ocppIdentity, 'Preparing');
    await report(f.chargerA1.ocppIdentity, 'Charging');
    await admin.waitFor((m) => m.event === 'charger.status' && m.data!.includes(f.chargerA1.id));
    await cpo.waitFor((m) => m.event === 'charger.status' && m.data!.includes(f.chargerA1.id));
    await owner.waitFor((m) => m.event === 'charger.status' && m.data!.includes(f.chargerA1.id));
    await siteViewer.waitFor((m) => m.event === 'charger.status' && m.data!.includes(f.chargerA2.id));
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(chargerIdsIn(admin)).toEqual(new Set([f.chargerA1.id, f.chargerA2.id, f.chargerB.id]));
    expect(chargerIdsIn(cpo)).toEqual(new Set([f.chargerA1.id, f.chargerA2.id]));
    expect(chargerIdsIn(owner)).toEqual(new Set([f.chargerA1.id]));
    expect(chargerIdsIn(siteViewer)).toEqual(new Set([f.chargerA2.id]));
    expect(statusesOf(owner, f.chargerA1.id)).toEqual(['Charging']);
    expect(owner.events().map((e) => e.type)).toEqual(['charger.connection', 'charger.status']);
    // The fault on the foreign charger is an alert for the admin, and for nobody of the own organization.
    await admin.waitFor((m) => m.event === 'alert.changed' && m.data!.includes(f.chargerB.id));
    for (const viewer of [cpo, owner, siteViewer]) expect(viewer.events().filter((e) => e.type.startsWith('alert.'))).toEqual([]);

    const status = cpo.messages.find((m) => m.event === 'charger.status' && m.data!.includes(f.chargerA2.id))!;
    expect(JSON.parse(status.data!)).toMatchObject({
      chargerId: f.chargerA2.id,
      evseId: 1,
      connectorId: 1,
      status: 'Preparing',
      errorCode: 'NoError',
    });
    const ids = admin.events().map((e) => e.id);
    expect(ids.every((id, i) => Number.isInteger(id) && (i === 0 || id > ids[i - 1]!))).toBe(true);
  });

  it('a viewer reconnecting with Last-Event-ID gets the missed events in order, once, then live ones', async () => {
    const first = await watch(f.cpo);
    await report(f.chargerA2.ocppIdentity, 'Available');
    const seen = await first.waitFor((m) => m.event === 'charger.status' && m.data!.includes('"Available"'));
    first.close();

    for (const status of ['Preparing', 'Charging', 'SuspendedEV']) await report(f.chargerA2.ocppIdentity, status);
    await report(f.chargerB.ocppIdentity, 'Available');

    const resumed = await watch(f.cpo, { header: Number(seen.id) });
    await resumed.waitFor((m) => m.event === 'charger.status' && m.data!.includes('SuspendedEV'));
    await report(f.chargerA2.ocppIdentity, 'Finishing');
    await resumed.waitFor((m) => m.event === 'charger.status' && m.data!.includes('Finishing'));
    expect(statusesOf(resumed, f.chargerA2.id)).toEqual(['Preparing', 'Charging', 'SuspendedEV', 'Finishing']);
    expect(chargerIdsIn(resumed)).toEqual(new Set([f.chargerA2.id]));
    const ids = resumed.events().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBeGreaterThan(Number(seen.id));
  });

  it('a viewer whose last event fell out of the buffer is told to start over', async () => {
    const before = await watch(f.cpo);
    await report(f.chargerA1.ocppIdentity, 'Available');
    const seen = await before.waitFor((m) => m.event === 'charger.status' && m.data!.includes('"Available"'));
    before.close();
    const payload = { chargerId: f.chargerA1.id, organizationId: 'x', siteId: 'y', evseId: 1, connectorId: 1, at: '' };
    const vendor = { info: null, vendorId: null, vendorErrorCode: null };
    for (let i = 0; i <= 10_000; i++)
      t.server.bus.publish('charger.status', { ...payload, ...vendor, status: 'Charging', errorCode: null });

    const late = await watch(f.cpo, { query: Number(seen.id) });
    const reset = await late.waitFor((m) => m.event !== undefined);
    expect(reset.event).toBe('reset');
    expect(reset.data).toBe('{}');
    expect(late.events()).toEqual([]);

    const current = await watch(f.cpo, { query: Number(reset.id) });
    await current.waitFor((m) => m.comment === 'ping', 3000);
    expect(current.messages.some((m) => m.event === 'reset')).toBe(false);
  });

  it('keeps proxies awake with a ping comment and outlives its ticket', async () => {
    const stream = await watch(f.owner);
    await stream.waitFor((m) => m.comment === 'ping', 3000);
    await new Promise((resolve) => setTimeout(resolve, 2200));
    await report(f.chargerA1.ocppIdentity, 'Finishing');
    await stream.waitFor((m) => m.event === 'charger.status' && m.data!.includes('Finishing'));
    expect(stream.messages.filter((m) => m.comment === 'ping').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses invalid, used and expired tickets, and access tokens, with 401', async () => {
    const invalid = await openStream(`${t.url}/api/v1/stream?ticket=not-a-ticket`);
    expect(invalid.status).toBe(401);
    expect(invalid.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });

    const { user, api } = await signedIn(t.url, t.db, 'network_manager');
    const ticket = (await api.post('/api/v1/stream/ticket')).body.ticket as string;
    const opened = await openStream(`${t.url}/api/v1/stream?ticket=${encodeURIComponent(ticket)}`);
    streams.push(opened);
    expect(opened.status).toBe(200);
    const again = await openStream(`${t.url}/api/v1/stream?ticket=${encodeURIComponent(ticket)}`);
    expect(again.status).toBe(401);

    const expiring = (await api.post('/api/v1/stream/ticket')).body.ticket as string;
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await openStream(`${t.url}/api/v1/stream?ticket=${encodeURIComponent(expiring)}`)).status).toBe(401);

    const accessToken = await login(t.url, user.email);
    expect((await openStream(`${t.url}/api/v1/stream?ticket=${encodeURIComponent(accessToken)}`)).status).toBe(401);
    expect((await openStream(`${t.url}/api/v1/stream?access_token=${accessToken}&ticket=x`)).status).toBe(400);
  });

  it('refuses a disabled user, and ends the stream of one disabled while watching', async () => {
    const { user, api } = await signedIn(t.url, t.db, 'network_manager');
    const watching = await watch(api);
    const ticket = (await api.post('/api/v1/stream/ticket')).body.ticket as string;
    await t.db.update(users).set({ disabled: true }).where(eq(users.id, user.id));
    const refused = await openStream(`${t.url}/api/v1/stream?ticket=${encodeURIComponent(ticket)}`);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    await Promise.race([
      watching.ended,
      new Promise((_, reject) => setTimeout(() => reject(new Error('stream still open')), 3000)),
    ]);
  });

  it('after logout a ticket issued before it opens nothing, and the stream opened in that session ends', async () => {
    const user = await makeUser(t.db, 'network_manager');
    const signIn = await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('cb_refresh='))!
      .split(';')[0]!;
    const api = apiClient(t.url, signIn.body.accessToken as string);
    const other = (await signedIn(t.url, t.db, 'network_manager')).api;
    const watching = await watch(api);
    const otherWatching = await watch(other);
    const ticket = (await api.post('/api/v1/stream/ticket')).body.ticket as string;
    expect((await apiClient(t.url).request('POST', '/api/v1/auth/logout', undefined, { cookie })).status).toBe(204);
    const refused = await openStream(`${t.url}/api/v1/stream?ticket=${encodeURIComponent(ticket)}`);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    await Promise.race([
      watching.ended,
      new Promise((_, reject) => setTimeout(() => reject(new Error('stream still open')), 3000)),
    ]);
    // Another user's stream (another session) goes on past the next ping.
    const still = await Promise.race([
      otherWatching.ended.then(() => 'ended'),
      new Promise((resolve) => setTimeout(() => resolve('open'), 1500)),
    ]);
    expect(still).toBe('open');
  });
});
