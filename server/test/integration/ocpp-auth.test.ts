import { sql } from 'drizzle-orm';
import WebSocket from 'ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CHARGER_PASSWORD,
  basic,
  connect,
  legacyChargerPasswordHash,
  makeOcppCharger,
  rows,
  upgradeStatus,
  wsBase,
} from '../support/ocpp.js';
import { verifyPassword } from '../../src/auth/passwords.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ OCPP_AUTH_MAX_FAILURES: '6', OCPP_AUTH_FAILURE_WINDOW_SECONDS: '600' });
});
afterAll(() => t?.close());
// Every attempt here comes from 127.0.0.1: start each test with a clean failure count.
beforeEach(async () => {
  await t.db.execute(sql`DELETE FROM ocpp_auth_failures`);
});

const failures = () =>
  rows<{ identity: string; reason: string }>(t.db, sql`SELECT identity, reason FROM ocpp_auth_failures ORDER BY id`);

describe('OCPP security profile 1 (basic auth at the upgrade)', () => {
  it('accepts the right password for the identity and negotiates the offered subprotocol', async () => {
    const { charger } = await makeOcppCharger(t.db);
    expect(await upgradeStatus(t.url, charger.ocppIdentity, basic(charger.ocppIdentity, CHARGER_PASSWORD))).toBe(101);
    const cs = await connect(t.url, charger.ocppIdentity, 'ocpp2.0.1');
    expect(cs.protocol).toBe('ocpp2.0.1');
    await cs.close();
    expect(await failures()).toEqual([]);
  });

  it('refuses a wrong password, a missing one, an unknown identity and a charger without a password with 401, and counts each', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const { charger: bare } = await makeOcppCharger(t.db, { ocppPasswordHash: null });
    expect(await upgradeStatus(t.url, charger.ocppIdentity, basic(charger.ocppIdentity, 'not-the-password'))).toBe(401);
    expect(await upgradeStatus(t.url, charger.ocppIdentity, null)).toBe(401);
    // The username must be the identity itself.
    expect(await upgradeStatus(t.url, charger.ocppIdentity, basic('someone-else', CHARGER_PASSWORD))).toBe(401);
    expect(await upgradeStatus(t.url, 'NO-SUCH-CHARGER', basic('NO-SUCH-CHARGER', CHARGER_PASSWORD))).toBe(401);
    expect(await upgradeStatus(t.url, bare.ocppIdentity, basic(bare.ocppIdentity, 'anything-at-all'))).toBe(401);
    expect((await failures()).map((f) => f.reason)).toEqual([
      'bad_password',
      'bad_password',
      'bad_password',
      'unknown_identity',
      'no_password',
    ]);
  });

  it('locks out one identity after repeated failures from an address, not its neighbours behind the same address', async () => {
    const { charger: a } = await makeOcppCharger(t.db);
    const { charger: b } = await makeOcppCharger(t.db);
    for (let i = 0; i < 6; i++) expect(await upgradeStatus(t.url, a.ocppIdentity, basic(a.ocppIdentity, `wrong-${i}`))).toBe(401);
    // A is refused before any password check, even with the right one…
    expect(await upgradeStatus(t.url, a.ocppIdentity, basic(a.ocppIdentity, CHARGER_PASSWORD))).toBe(429);
    // …while B, at the same site's address, keeps connecting.
    expect(await upgradeStatus(t.url, b.ocppIdentity, basic(b.ocppIdentity, CHARGER_PASSWORD))).toBe(101);
    await t.db.execute(sql`UPDATE ocpp_auth_failures SET at = now() - interval '11 minutes'`);
    expect(await upgradeStatus(t.url, a.ocppIdentity, basic(a.ocppIdentity, CHARGER_PASSWORD))).toBe(101);
  });

  it('caps unknown identities per address as a whole, while known chargers from it still connect', async () => {
    const { charger } = await makeOcppCharger(t.db);
    for (let i = 0; i < 6; i++) expect(await upgradeStatus(t.url, `GUESS-${i}`, basic(`GUESS-${i}`, CHARGER_PASSWORD))).toBe(401);
    expect(await upgradeStatus(t.url, 'GUESS-NEW', basic('GUESS-NEW', CHARGER_PASSWORD))).toBe(429);
    expect(await upgradeStatus(t.url, charger.ocppIdentity, basic(charger.ocppIdentity, CHARGER_PASSWORD))).toBe(101);
    // The 429s are not stored: a locked-out sender does not extend its own lockout.
    expect(await failures()).toHaveLength(6);
  });

  it('accepts an old bcrypt hash once and replaces it with the fast format, the password unchanged', async () => {
    const { charger } = await makeOcppCharger(t.db, { ocppPasswordHash: await legacyChargerPasswordHash() });
    const hashOf = async () =>
      (await rows<{ h: string }>(t.db, sql`SELECT ocpp_password_hash AS h FROM chargers WHERE id = ${charger.id}`))[0]!.h;
    expect(await hashOf()).toMatch(/^\$2b\$12\$/);
    expect(await upgradeStatus(t.url, charger.ocppIdentity, basic(charger.ocppIdentity, CHARGER_PASSWORD))).toBe(101);
    await expect.poll(hashOf, { timeout: 5000 }).toMatch(/^sha256\$/);
    expect(await upgradeStatus(t.url, charger.ocppIdentity, basic(charger.ocppIdentity, CHARGER_PASSWORD))).toBe(101);
    expect(await upgradeStatus(t.url, charger.ocppIdentity, basic(charger.ocppIdentity, 'charger-secret-0002'))).toBe(401);
  });

  it('a wrong password for the fast format is refused as quickly as an unknown identity (no bcrypt on either path)', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const timed = async (identity: string, password: string) => {
      const started = performance.now();
      expect(await upgradeStatus(t.url, identity, basic(identity, password))).toBe(401);
      return performance.now() - started;
    };
    // One bcrypt at cost 12, timed on this machine as it is loaded now: a refusal must cost less than
    // that alone, HTTP round trip included — a fixed figure in milliseconds would only measure the machine.
    const legacy = await legacyChargerPasswordHash();
    const bcryptStarted = performance.now();
    expect(await verifyPassword('not-the-password-at-all', legacy)).toBe(false);
    const bcryptMs = performance.now() - bcryptStarted;
    const wrong = await timed(charger.ocppIdentity, 'not-the-password-at-all');
    const unknown = await timed('NOBODY-AT-ALL', 'not-the-password-at-all');
    expect(Math.max(wrong, unknown)).toBeLessThan(bcryptMs);
  });

  it('answers 404 outside /ocpp/{identity}', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const auth = basic(charger.ocppIdentity, CHARGER_PASSWORD);
    const status = (url: string) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(url, ['ocpp1.6'], { headers: { authorization: auth } });
        ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', reject);
      });
    expect(await status(`${wsBase(t.url).replace('/ocpp', '/api')}/${charger.ocppIdentity}`)).toBe(404);
    expect(await status(`${wsBase(t.url)}/nested/${charger.ocppIdentity}`)).toBe(404);
  });

  it('without a common subprotocol the handshake completes without one (the client then gives up)', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const ws = new WebSocket(`${wsBase(t.url)}/${charger.ocppIdentity}`, ['ocpp1.5'], {
      headers: { authorization: basic(charger.ocppIdentity, CHARGER_PASSWORD) },
    });
    const error = await new Promise<Error>((resolve) => ws.once('error', resolve));
    // ws checks RFC 6455 §4.1: a 101 answer without any of the requested subprotocols.
    expect(error.message).toMatch(/no subprotocol/);
  });

  it('a second connection for the same identity replaces the first', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const first = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    const closed = new Promise<{ code: number }>((resolve) => first.once('close', resolve));
    const second = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    expect((await closed).code).toBe(1000);
    expect(await second.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' })).toMatchObject({
      status: 'Accepted',
    });
    const [connection] = await rows(t.db, sql`SELECT online FROM charger_connections WHERE charger_id = ${charger.id}`);
    expect(connection.online).toBe(true);
    await second.close();
  });
});
