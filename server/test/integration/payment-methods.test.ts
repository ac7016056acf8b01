import { eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations } from '../../src/db/schema/index.js';
import { makeCharger, makeOrganization, makeUser, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { chargerPasswordHash, connect, eventually, makeToken, rows, sessionOf } from '../support/ocpp.js';
import { settledSession, workedExampleOrganization, workedExampleReadings, ZONE } from '../support/pricing.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
});
afterAll(() => t?.close());

type Net = Awaited<ReturnType<typeof workedExampleOrganization>>;
const settleWith = async (net: Net, holder: { idTokenId?: string; userId?: string }) => {
  const sessionId = await settledSession(t.db, {
    organizationId: net.org.id,
    siteId: net.site.id,
    chargerId: net.charger.id,
    readings: workedExampleReadings(),
    ...holder,
  });
  return (await accounts.get(`/api/v1/sessions/${sessionId}/settlement`)).body;
};

describe('payment methods', () => {
  it('end to end over OCPP: a token set to CyberSource is charged the worked example’s gateway fee (docs/finance.md §13.1)', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const charger = await makeCharger(t.db, net.site, {
      ocppPasswordHash: await chargerPasswordHash(),
      locationOwnerId: net.owner.id,
      locationOwnerShare: '0.05',
    });
    const token = await makeToken(t.db, net.org.id);
    const set = await accounts.put(`/api/v1/id-tokens/${token.id}/payment-method`, { gateway: 'cybersource' });
    expect(set.body).toEqual({ gateway: 'cybersource', effectiveGateway: 'cybersource', source: 'id_token' });

    const day = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate();
    const at = (time: string) => DateTime.fromISO(`${day}T${time}`, { zone: ZONE }).toUTC().toISO()!;
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    const start = (await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: token.token,
      meterStart: 0,
      timestamp: at('17:50'),
    })) as {
      transactionId: number;
    };
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: start.transactionId,
      meterValue: [{ timestamp: at('18:30'), sampledValue: [{ value: '14000', context: 'Sample.Periodic' }] }],
    });
    await cp.call('StopTransaction', {
      transactionId: start.transactionId,
      idTag: token.token,
      meterStop: 27_500,
      timestamp: at('19:10'),
    });
    const session = await sessionOf(t.db, charger.id, start.transactionId);
    const settled = await eventually(async () => {
      const response = await accounts.get(`/api/v1/sessions/${session.id}/settlement`);
      return response.status === 200 ? response.body : null;
    });
    expect(settled).toMatchObject({
      paymentMethod: 'cybersource',
      gateway: 'cybersource',
      grossMinor: 354_384,
      gatewayFeeMinor: 8_860,
      partnerShareMinor: 240_190,
    });
    await cp.close();
  });

  it('a user’s method covers its tokens, a token’s own wins; wallet pays no fee unless the organization configures one', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const driver = await makeUser(t.db, 'driver', { organizationId: net.org.id });
    const token = await makeToken(t.db, net.org.id, { userId: driver.id });
    expect((await accounts.get(`/api/v1/id-tokens/${token.id}/payment-method`)).body).toEqual({
      gateway: null,
      effectiveGateway: 'manual',
      source: 'default',
    });
    const set = await accounts.put(`/api/v1/users/${driver.id}/payment-method`, { gateway: 'wallet' });
    expect(set.body).toEqual({ gateway: 'wallet', effectiveGateway: 'wallet', source: 'user' });
    expect((await accounts.get(`/api/v1/id-tokens/${token.id}/payment-method`)).body).toEqual({
      gateway: null,
      effectiveGateway: 'wallet',
      source: 'user',
    });
    expect(await settleWith(net, { idTokenId: token.id, userId: driver.id })).toMatchObject({
      paymentMethod: 'wallet',
      gateway: null,
      gatewayFeeMinor: 0,
      grossMinor: 354_384,
    });

    // The organization agrees a wallet charge of 1 % + 5.00: now a wallet session pays it.
    await t.db
      .update(organizations)
      .set({
        gatewayCharges: [
          { gateway: 'cybersource', percent: '0.025', fixed: 0 },
          { gateway: 'wallet', percent: '0.01', fixed: 500 },
        ],
      })
      .where(eq(organizations.id, net.org.id));
    // 1 % of 3 543.84 = 35.4384 → 35.44, + 5.00 = 40.44.
    expect(await settleWith(net, { idTokenId: token.id, userId: driver.id })).toMatchObject({
      gateway: 'wallet',
      gatewayFeeMinor: 4_044,
    });

    // The token's own method wins over its owner's; setting it again replaces it.
    await accounts.put(`/api/v1/id-tokens/${token.id}/payment-method`, { gateway: 'amex' });
    const replaced = await accounts.put(`/api/v1/id-tokens/${token.id}/payment-method`, { gateway: 'dialog_fuel_card' });
    expect(replaced.body).toEqual({ gateway: 'dialog_fuel_card', effectiveGateway: 'dialog_fuel_card', source: 'id_token' });
    expect(await settleWith(net, { idTokenId: token.id, userId: driver.id })).toMatchObject({
      paymentMethod: 'dialog_fuel_card',
      gatewayFeeMinor: 0,
    });

    const [stored] = await rows(t.db, sql`SELECT count(*)::int AS n FROM payment_methods WHERE id_token_id = ${token.id}`);
    expect(stored.n).toBe(1);

    // Removing the token's own method: its driver's applies again; removing it twice changes nothing.
    const removed = await accounts.delete(`/api/v1/id-tokens/${token.id}/payment-method`);
    expect(removed.body).toEqual({ gateway: null, effectiveGateway: 'wallet', source: 'user' });
    expect((await accounts.delete(`/api/v1/id-tokens/${token.id}/payment-method`)).body).toEqual(removed.body);
    expect(await settleWith(net, { idTokenId: token.id, userId: driver.id })).toMatchObject({ paymentMethod: 'wallet' });
    // …and without the driver's, manual (postpaid).
    expect((await accounts.delete(`/api/v1/users/${driver.id}/payment-method`)).body).toEqual({
      gateway: null,
      effectiveGateway: 'manual',
      source: 'default',
    });
    expect((await accounts.get(`/api/v1/id-tokens/${token.id}/payment-method`)).body.effectiveGateway).toBe('manual');

    const audits = await rows(
      t.db,
      sql`SELECT action FROM audit_log WHERE entity_type = 'payment_method' AND organization_id = ${net.org.id} ORDER BY seq`,
    );
    expect(audits.map((a) => a.action)).toEqual(['create', 'create', 'update', 'delete', 'delete']);
  });

  it('who may read and set: payments:read or the holder’s read permission to read, payments:write to set, within scope', async () => {
    const org = await makeOrganization(t.db);
    const foreign = await makeOrganization(t.db);
    const driver = await makeUser(t.db, 'driver', { organizationId: org.id });
    const token = await makeToken(t.db, org.id, { userId: driver.id });
    const as = async (role: 'cpo' | 'network_manager' | 'location_owner' | 'driver', organizationId: string | null = org.id) =>
      (await signedIn(t.url, t.db, role, organizationId ? { organizationId } : {})).api;
    const cpo = await as('cpo');
    const network = await as('network_manager', null);
    const owner = await as('location_owner');
    const foreignCpo = await as('cpo', foreign.id);

    const tokenUrl = `/api/v1/id-tokens/${token.id}/payment-method`;
    const userUrl = `/api/v1/users/${driver.id}/payment-method`;
    expect((await cpo.get(tokenUrl)).status).toBe(200); // chargers:read
    expect((await cpo.get(userUrl)).status).toBe(200); // users:read
    expect((await network.get(tokenUrl)).status).toBe(200); // chargers:read
    expect((await network.get(userUrl)).body.error.code).toBe('FORBIDDEN'); // neither payments:read nor users:read
    expect((await owner.get(tokenUrl)).status).toBe(403);
    expect((await foreignCpo.get(tokenUrl)).status).toBe(404);
    expect((await foreignCpo.get(userUrl)).status).toBe(404);
    for (const api of [cpo, network, owner]) {
      expect((await api.put(tokenUrl, { gateway: 'wallet' })).status).toBe(403);
      expect((await api.put(userUrl, { gateway: 'wallet' })).status).toBe(403);
    }
    const [none] = await rows(
      t.db,
      sql`SELECT count(*)::int AS n FROM payment_methods WHERE id_token_id = ${token.id} OR user_id = ${driver.id}`,
    );
    expect(none.n).toBe(0);
  });

  it('bad input gets a clear 4xx and writes nothing', async () => {
    const org = await makeOrganization(t.db);
    const token = await makeToken(t.db, org.id);
    const cases: [string, unknown, number, string][] = [
      [`/api/v1/id-tokens/${token.id}/payment-method`, { gateway: 'paypal' }, 400, 'VALIDATION_FAILED'],
      [`/api/v1/id-tokens/${token.id}/payment-method`, {}, 400, 'VALIDATION_FAILED'],
      [`/api/v1/id-tokens/${token.id}/payment-method`, { gateway: 'wallet', extra: true }, 400, 'VALIDATION_FAILED'],
      [`/api/v1/id-tokens/00000000-0000-4000-8000-000000000000/payment-method`, { gateway: 'wallet' }, 404, 'NOT_FOUND'],
      [`/api/v1/users/00000000-0000-4000-8000-000000000000/payment-method`, { gateway: 'wallet' }, 404, 'NOT_FOUND'],
      [`/api/v1/users/not-a-uuid/payment-method`, { gateway: 'wallet' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [url, body, status, code] of cases) {
      const response = await accounts.put(url, body);
      expect([url, response.status, response.body.error?.code]).toEqual([url, status, code]);
    }
    const [count] = await rows(t.db, sql`SELECT count(*)::int AS n FROM payment_methods WHERE id_token_id = ${token.id}`);
    expect(count.n).toBe(0);
  });
});
