import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../support/factories.js';
import { CHARGER_PASSWORD, basic, makeOcppCharger, upgradeStatus } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ OCPP_AUTH_MAX_FAILURES: '3', OCPP_AUTH_FAILURE_WINDOW_SECONDS: '600' });
});
afterAll(() => t?.close());

interface Group {
  identity: string;
  remoteAddress: string;
  count: number;
  firstAt: string;
  lastAt: string;
  reasons: string[];
  lastReason: string;
  knownCharger: boolean;
  chargerId: string | null;
  lockedOut: boolean;
}

describe('GET /api/v1/chargers/auth-failures (refused OCPP connections)', () => {
  it('groups refusals per identity and address; platform users see all, a CPO only its own chargers', async () => {
    const own = await makeOcppCharger(t.db);
    const foreign = await makeOcppCharger(t.db);
    for (let i = 0; i < 3; i++)
      await upgradeStatus(t.url, own.charger.ocppIdentity, basic(own.charger.ocppIdentity, `wrong-${i}`));
    await upgradeStatus(t.url, own.charger.ocppIdentity, basic(own.charger.ocppIdentity, CHARGER_PASSWORD)); // 429, not stored
    await upgradeStatus(t.url, foreign.charger.ocppIdentity, null);
    await upgradeStatus(t.url, 'STRANGER-1', basic('STRANGER-1', CHARGER_PASSWORD));

    const { api: admin } = await signedIn(t.url, t.db, 'admin');
    const all = await admin.get('/api/v1/chargers/auth-failures');
    expect(all.status).toBe(200);
    const byIdentity = new Map((all.body as Group[]).map((g) => [g.identity, g]));
    expect(byIdentity.get(own.charger.ocppIdentity)).toMatchObject({
      remoteAddress: '127.0.0.1',
      count: 3,
      reasons: ['bad_password'],
      lastReason: 'bad_password',
      knownCharger: true,
      chargerId: own.charger.id,
      lockedOut: true,
    });
    const first = byIdentity.get(own.charger.ocppIdentity)!;
    expect(Date.parse(first.firstAt)).toBeLessThanOrEqual(Date.parse(first.lastAt));
    expect(byIdentity.get(foreign.charger.ocppIdentity)).toMatchObject({ count: 1, reasons: ['bad_password'], lockedOut: false });
    expect(byIdentity.get('STRANGER-1')).toMatchObject({ knownCharger: false, chargerId: null, reasons: ['unknown_identity'] });

    const { api: cpo } = await signedIn(t.url, t.db, 'cpo', { organizationId: own.org.id });
    const mine = await cpo.get('/api/v1/chargers/auth-failures');
    expect(mine.status).toBe(200);
    expect((mine.body as Group[]).map((g) => g.identity)).toEqual([own.charger.ocppIdentity]);
  });

  it('refuses a bad query with 400 and callers without chargers:read with 403', async () => {
    const { api: admin } = await signedIn(t.url, t.db, 'admin');
    const bad = await admin.get('/api/v1/chargers/auth-failures?sinceHours=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const { api: driver } = await signedIn(t.url, t.db, 'driver');
    expect((await driver.get('/api/v1/chargers/auth-failures')).status).toBe(403);
  });
});
