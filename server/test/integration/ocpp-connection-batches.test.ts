import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../src/live/bus.js';
import { connectionWritersOf } from '../../src/modules/charging/connection-writes.js';
import type { RpcClient } from '../../src/ocpp/rpc.js';
import { makeCharger, makeOrganization, makeSite } from '../support/factories.js';
import { chargerPasswordHash, connect, eventually, makeToken, rows, sessionOf } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

/**
 * Connection rows, boots and status reports of many chargers arriving at once are written in
 * shared statements (modules/charging/connection-writes.ts); each charger's answer still follows
 * the commit of its own data, and the database ends up exactly as if they had come one by one.
 */
let t: TestServer;
const open: RpcClient[] = [];
const stopped: SessionEvent[] = [];
let fleet: { id: string; ocppIdentity: string }[] = [];
let organizationId = '';

beforeAll(async () => {
  t = await startTestServer({ OCPP_HEARTBEAT_SECONDS: '120' });
  t.server.bus.on('session.stopped', (e) => stopped.push(e));
  const org = await makeOrganization(t.db);
  organizationId = org.id;
  const site = await makeSite(t.db, org.id);
  const hash = await chargerPasswordHash();
  fleet = await Promise.all(Array.from({ length: 30 }, () => makeCharger(t.db, site, { ocppPasswordHash: hash })));
});
afterAll(async () => {
  for (const cp of open) await cp.close({ force: true }).catch(() => undefined);
  await t?.close();
});

const connectAll = () => Promise.all(fleet.map((c) => connect(t.url, c.ocppIdentity, 'ocpp1.6')));
const boot = (cp: RpcClient, serial: string) =>
  cp.call('BootNotification', {
    chargePointVendor: 'Batch',
    chargePointModel: 'B1',
    chargePointSerialNumber: serial,
  }) as Promise<{ status: string; interval: number }>;

describe('connections, boots and status reports in shared statements', () => {
  it('a fleet connecting at once is online, booted Accepted with its hardware, and has each connector status', async () => {
    const before = structuredClone(connectionWritersOf(t.db).boot.stats);
    const clients = await connectAll();
    open.push(...clients);
    const answers = await Promise.all(clients.map((cp, i) => boot(cp, `SN-${i}`)));
    expect(answers.every((a) => a.status === 'Accepted' && a.interval === 120)).toBe(true);
    await Promise.all(
      clients.map((cp) => cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' })),
    );

    const ids = fleet.map((c) => c.id);
    const connections = await rows(
      t.db,
      sql`SELECT c.online, c.registration_status, c.protocol, c.connected_at, ch.serial_number
          FROM charger_connections c JOIN chargers ch ON ch.id = c.charger_id
          WHERE c.charger_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`,
    );
    expect(connections).toHaveLength(30);
    expect(connections.every((c) => c.online && c.registration_status === 'Accepted' && c.protocol === 'ocpp1.6')).toBe(true);
    expect(connections.every((c) => c.connected_at !== null)).toBe(true);
    expect(connections.map((c) => c.serial_number).sort()).toEqual(fleet.map((_, i) => `SN-${i}`).sort());

    const statuses = await rows(
      t.db,
      sql`SELECT status FROM connector_statuses
          WHERE charger_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`,
    );
    expect(statuses.map((s) => s.status)).toEqual(Array(30).fill('Available'));
    // Thirty boots at once share statements.
    const after = connectionWritersOf(t.db).boot.stats;
    expect(after.items - before.items).toBe(30);
    expect(after.batches - before.batches).toBeLessThan(30);
  });

  it('a late report goes to the history but does not replace a newer current status, even in the same batch', async () => {
    const [a, b] = open as [RpcClient, RpcClient];
    const now = Date.now();
    await Promise.all([
      a.call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: 'Preparing',
        timestamp: new Date(now).toISOString(),
      }),
      b.call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: 'Unavailable',
        timestamp: new Date(now).toISOString(),
      }),
    ]);
    await Promise.all([
      a.call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: 'Faulted',
        timestamp: new Date(now - 60_000).toISOString(),
      }),
      b.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }),
    ]);
    const current = async (chargerId: string) =>
      (await rows(t.db, sql`SELECT status FROM connector_statuses WHERE charger_id = ${chargerId} AND connector_id = 1`))[0]
        .status;
    expect(await current(fleet[0]!.id)).toBe('Preparing');
    expect(await current(fleet[1]!.id)).toBe('Available');
    const history = await rows(
      t.db,
      sql`SELECT status FROM connector_status_history WHERE charger_id = ${fleet[0]!.id} ORDER BY id`,
    );
    expect(history.map((h) => h.status)).toEqual(['Available', 'Preparing', 'Faulted']);
  });

  it('the whole fleet drops and reconnects at once: a boot closes each open session by rule and every charger is online again', async () => {
    const token = await makeToken(t.db, organizationId);
    const [first, second] = open as [RpcClient, RpcClient];
    const started = (await Promise.all(
      [first, second].map((cp) =>
        cp.call('StartTransaction', {
          connectorId: 1,
          idTag: token.token,
          meterStart: 1000,
          timestamp: new Date().toISOString(),
        }),
      ),
    )) as { transactionId: number }[];
    for (const cp of open.splice(0)) await cp.close({ force: true });
    await eventually(async () => {
      const [row] = await rows(t.db, sql`SELECT count(*)::int AS n FROM charger_connections WHERE online`);
      return row.n === 0;
    });

    const clients = await connectAll();
    open.push(...clients);
    const answers = await Promise.all(clients.map((cp, i) => boot(cp, `SN-${i}`)));
    expect(answers.every((a) => a.status === 'Accepted')).toBe(true);
    const auth = (await Promise.all(clients.map((cp) => cp.call('Authorize', { idTag: token.token })))) as {
      idTagInfo: { status: string };
    }[];
    expect(auth.every((a) => a.idTagInfo.status === 'Accepted')).toBe(true);

    for (const [i, s] of started.entries()) {
      const session = await sessionOf(t.db, fleet[i]!.id, s.transactionId);
      expect(session).toMatchObject({ status: 'completed', closedBy: 'boot', flagged: true, flagReason: 'closed_at_boot' });
      expect(session.stoppedAt).toEqual(session.startedAt);
      expect(stopped.find((e) => e.sessionId === session.id)).toMatchObject({
        status: 'completed',
        closedBy: 'boot',
        chargerId: fleet[i]!.id,
        stoppedAt: session.stoppedAt!.toISOString(),
      });
    }
    // The closes of the old sockets (written late) never mark the new connections offline.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [online] = await rows(t.db, sql`SELECT count(*)::int AS n FROM charger_connections WHERE online`);
    expect(online.n).toBe(30);
  });

  it('a batch that fails is written one by one: only the charger whose write is impossible gets an error', async () => {
    // A charger deleted while connected: its status cannot be stored (foreign key), the others' can.
    const doomed = fleet[fleet.length - 1]!;
    await t.db.execute(sql`DELETE FROM chargers WHERE id = ${doomed.id}`);
    const before = connectionWritersOf(t.db).status.stats.fallbacks;
    const results = await Promise.allSettled(
      open.map((cp) => cp.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Available' })),
    );
    expect(results.slice(0, -1).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results.at(-1)).toMatchObject({ status: 'rejected', reason: { rpcErrorCode: 'InternalError' } });
    expect(connectionWritersOf(t.db).status.stats.fallbacks).toBeGreaterThan(before);
    const [stored] = await rows(t.db, sql`SELECT count(*)::int AS n FROM connector_statuses WHERE connector_id = 2`);
    expect(stored.n).toBe(29);
  });
});
