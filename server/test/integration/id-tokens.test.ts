import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeUser, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { makeToken } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  admin = (await signedIn(t.url, t.db, 'admin')).api;
});
afterAll(() => t?.close());

describe('ID tokens', () => {
  it('the list shows each token’s driver and the payment method settlement would use, in one request', async () => {
    const org = await makeOrganization(t.db);
    const driver = await makeUser(t.db, 'driver', { organizationId: org.id, name: 'Nimal Perera' });
    const own = await makeToken(t.db, org.id, { userId: driver.id, label: 'Own card' });
    const inherited = await makeToken(t.db, org.id, { userId: driver.id, label: 'Spare card' });
    const fleet = await makeToken(t.db, org.id, { kind: 'vehicle', vehicleRef: 'WP-CAB-1234', label: 'Van 7' });
    await admin.put(`/api/v1/users/${driver.id}/payment-method`, { gateway: 'wallet' });
    await admin.put(`/api/v1/id-tokens/${own.id}/payment-method`, { gateway: 'cybersource' });

    const list = await admin.get(`/api/v1/id-tokens?organizationId=${org.id}&pageSize=50`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(3);
    const byId = new Map(list.body.items.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(own.id)).toMatchObject({
      userName: 'Nimal Perera',
      paymentGateway: 'cybersource',
      effectiveGateway: 'cybersource',
      paymentSource: 'id_token',
    });
    expect(byId.get(inherited.id)).toMatchObject({
      userName: 'Nimal Perera',
      paymentGateway: null,
      effectiveGateway: 'wallet',
      paymentSource: 'user',
    });
    expect(byId.get(fleet.id)).toMatchObject({
      userName: null,
      vehicleRef: 'WP-CAB-1234',
      paymentGateway: null,
      effectiveGateway: 'manual',
      paymentSource: 'default',
    });

    // The one-token body agrees with the payment-method endpoint.
    const one = await admin.get(`/api/v1/id-tokens/${inherited.id}`);
    const method = await admin.get(`/api/v1/id-tokens/${inherited.id}/payment-method`);
    expect({
      gateway: one.body.paymentGateway,
      effectiveGateway: one.body.effectiveGateway,
      source: one.body.paymentSource,
    }).toEqual(method.body);
  });

  it('q finds a token by the driver’s name as well as by value, label and vehicle', async () => {
    const org = await makeOrganization(t.db);
    const driver = await makeUser(t.db, 'driver', { organizationId: org.id, name: 'Kumari Jayasuriya' });
    const card = await makeToken(t.db, org.id, { userId: driver.id });
    await makeToken(t.db, org.id, { label: 'Someone else' });
    const found = await admin.get(`/api/v1/id-tokens?organizationId=${org.id}&q=jayasur`);
    expect(found.body.total).toBe(1);
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([card.id]);
    const byVehicle = await admin.get(`/api/v1/id-tokens?organizationId=${org.id}&q=nothing-like-this`);
    expect(byVehicle.body.total).toBe(0);
  });

  it('issuing, blocking and relabelling answer the token with its payment method', async () => {
    const org = await makeOrganization(t.db);
    const driver = await makeUser(t.db, 'driver', { organizationId: org.id, name: 'Asanka Silva' });
    await admin.put(`/api/v1/users/${driver.id}/payment-method`, { gateway: 'amex' });
    const created = await admin.post('/api/v1/id-tokens', {
      organizationId: org.id,
      token: 'CARD-0042',
      kind: 'rfid',
      userId: driver.id,
      label: 'Office card',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      token: 'CARD-0042',
      status: 'active',
      userName: 'Asanka Silva',
      paymentGateway: null,
      effectiveGateway: 'amex',
      paymentSource: 'user',
    });

    const blocked = await admin.patch(`/api/v1/id-tokens/${created.body.id}`, {
      status: 'blocked',
      label: 'Lost card',
      expiresAt: '2027-01-31T18:30:00.000Z',
    });
    expect(blocked.status).toBe(200);
    expect(blocked.body).toMatchObject({
      status: 'blocked',
      label: 'Lost card',
      expiresAt: '2027-01-31T18:30:00.000Z',
      userName: 'Asanka Silva',
      effectiveGateway: 'amex',
    });
    const listed = await admin.get(`/api/v1/id-tokens?organizationId=${org.id}&status=blocked`);
    expect(listed.body.items.map((i: { token: string }) => i.token)).toEqual(['CARD-0042']);
  });

  it('a CPO reads its own organization’s tokens with their payment methods and cannot change them', async () => {
    const org = await makeOrganization(t.db);
    const foreign = await makeOrganization(t.db);
    const token = await makeToken(t.db, org.id);
    const foreignToken = await makeToken(t.db, foreign.id);
    await admin.put(`/api/v1/id-tokens/${token.id}/payment-method`, { gateway: 'dialog_fuel_card' });
    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: org.id })).api;

    const list = await cpo.get('/api/v1/id-tokens?pageSize=200');
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([token.id]);
    expect(list.body.items[0]).toMatchObject({ paymentGateway: 'dialog_fuel_card', effectiveGateway: 'dialog_fuel_card' });
    expect((await cpo.get(`/api/v1/id-tokens/${foreignToken.id}`)).status).toBe(404);
    expect((await cpo.patch(`/api/v1/id-tokens/${token.id}`, { status: 'blocked' })).status).toBe(403);
    expect((await cpo.put(`/api/v1/id-tokens/${token.id}/payment-method`, { gateway: 'wallet' })).status).toBe(403);
    expect((await admin.get(`/api/v1/id-tokens/${token.id}`)).body).toMatchObject({
      status: 'active',
      paymentGateway: 'dialog_fuel_card',
    });
  });
});
