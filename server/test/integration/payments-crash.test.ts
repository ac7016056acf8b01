import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { isolatedDatabaseUrl } from '../support/database.js';
import { signedIn } from '../support/factories.js';
import { CYBERSOURCE_CREDENTIALS, startCyberSourceServer } from '../support/gateways/cybersource-server.js';
import { chargerPasswordHash, connect, eventually, isoAgo, makeToken, rows, sessionOf } from '../support/ocpp.js';
import { gatewayConfig, putCardOnFile, setPreauth } from '../support/payments.js';
import { workedExampleOrganization } from '../support/pricing.js';
import { TEST_SECRETS_KEY } from '../support/server.js';
import { freePort, spawnServe } from '../support/throwaway-postgres.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/**
 * In front of the gateway: passes every request on, except that it keeps the answer to the first
 * capture (the gateway has captured; the server never hears it) until `release`.
 */
async function holdingProxy(target: string) {
  let captured: () => void = () => undefined;
  const captureDone = new Promise<void>((resolve) => (captured = resolve));
  let held = false;
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', target);
      const forward = request(url, { method: req.method, headers: req.headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          if (!held && /\/captures$/.test(url.pathname)) {
            held = true;
            captured();
            return; // the answer never leaves: the server is killed while waiting for it
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(body));
        });
      });
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    captureDone,
    close: () => new Promise<void>((resolve) => (proxy.closeAllConnections(), proxy.close(() => resolve()))),
  };
}

// A process killed with SIGKILL and started again needs a database that outlives it: PostgreSQL.
describe.runIf(process.env.TEST_DATABASE_URL)('money after a crash', () => {
  it('kill -9 after the gateway captured but before the server heard it: after the restart the capture happens exactly once', async () => {
    const database = await isolatedDatabaseUrl();
    cleanups.push(() => database.drop());
    const gateway = await startCyberSourceServer();
    cleanups.push(() => gateway.close());
    const proxy = await holdingProxy(gateway.url);
    cleanups.push(() => proxy.close());
    const env = {
      DATABASE_URL: database.url!,
      SECRETS_KEY: TEST_SECRETS_KEY,
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'never',
      DEMO_SIMULATOR: 'off',
      INVOICE_SCHEDULE: 'off',
      JOB_LEASE_SECONDS: '2',
      JOB_POLL_MS: '100',
      PAYMENT_GATEWAY_TIMEOUT_MS: '60000',
    };
    const serve = async () => {
      const port = await freePort();
      const process = spawnServe({ ...env, PORT: String(port) });
      cleanups.push(() => process.child.exitCode === null && process.child.kill('SIGKILL'));
      await eventually(
        async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.status === 200,
        60_000,
        200,
      );
      return { ...process, url: `http://localhost:${port}` };
    };
    const first = await serve();
    const opened: Database = await openDatabase({ databaseUrl: database.url, dataDir: '' });
    cleanups.push(() => opened.close());
    const db = opened.db;
    const accounts = (await signedIn(first.url, db, 'accounts')).api;
    const { org, charger } = await workedExampleOrganization(db, accounts, {
      charger: { ocppPasswordHash: await chargerPasswordHash() },
    });
    await gatewayConfig(db, {
      organizationId: org.id,
      gateway: 'cybersource',
      baseUrl: proxy.url,
      credentials: CYBERSOURCE_CREDENTIALS,
    });
    await setPreauth(db, org.id, 500_000n);
    const token = await makeToken(db, org.id);
    await putCardOnFile(db, token.id, 'cybersource');

    const cp = await connect(first.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    const start = (await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: token.token,
      meterStart: 0,
      timestamp: isoAgo(3_600_000),
    })) as {
      transactionId: number;
    };
    await cp.call('StopTransaction', {
      transactionId: start.transactionId,
      idTag: token.token,
      meterStop: 9_000,
      timestamp: isoAgo(60_000),
    });
    const session = await sessionOf(db, charger.id, start.transactionId);

    await proxy.captureDone;
    first.child.kill('SIGKILL');
    await first.exited;
    cp.close({ force: true }).catch(() => undefined);
    const [open] = await rows(db, sql`SELECT status FROM payments WHERE session_id = ${session.id} AND type = 'capture'`);
    expect(open.status).toBe('pending'); // written before the call, never answered

    await serve();
    await eventually(
      async () =>
        (await rows(db, sql`SELECT payment_status FROM charging_sessions WHERE id = ${session.id}`))[0].payment_status ===
        'captured',
      30_000,
      100,
    );
    const [gross] = await rows(db, sql`SELECT gross_minor::text AS g FROM session_settlements WHERE session_id = ${session.id}`);
    const attempts = await rows(db, sql`SELECT type, status FROM payments WHERE session_id = ${session.id} ORDER BY created_at`);
    expect(attempts).toEqual([
      { type: 'authorization', status: 'approved' },
      { type: 'capture', status: 'approved' },
    ]);
    // The gateway captured the gross once, although it was asked twice (the same idempotency key).
    const atGateway = gateway.payments.filter((p) => p.code === session.id);
    expect(atGateway).toHaveLength(1);
    expect(atGateway[0]!.capturedMinor).toBe(BigInt(gross.g));
    const [ledger] = await rows(
      db,
      sql`SELECT sum(amount_minor)::text AS balance, count(*) FILTER (WHERE entry_kind = 'payment')::int AS payment_legs
          FROM ledger_postings WHERE session_id = ${session.id}`,
    );
    expect(ledger).toEqual({ balance: '0', payment_legs: 2 });
  }, 120_000);
});
