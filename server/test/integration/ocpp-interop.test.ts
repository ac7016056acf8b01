import { sql } from 'drizzle-orm';
import { paymentMethods } from '../../src/db/schema/index.js';
import type { RpcClient } from '../../src/ocpp/rpc.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { connect, eventually, isoAgo, makeOcppCharger, makeToken, rows, sessionOf } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

/** Defects a third-party charging-station simulator found (issue 9, part 4), each replayed over a real WebSocket. */

let t: TestServer;
let accounts: ApiClient;
let admin: ApiClient;
beforeAll(async () => {
  t = await startTestServer({ OCPP_METER_INTERVAL_SECONDS: '15' });
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
  admin = (await signedIn(t.url, t.db, 'admin')).api;
});
afterAll(() => t?.close());

const boot201 = { reason: 'PowerUp', chargingStation: { vendorName: 'Sim', model: 'S-201' } };
const boot16 = { chargePointVendor: 'Sim', chargePointModel: 'S-16' };
const wh = (value: number, context: string) => ({
  value,
  context,
  measurand: 'Energy.Active.Import.Register',
  unitOfMeasure: { unit: 'Wh' },
});

async function station16() {
  const made = await makeOcppCharger(t.db);
  const cp = await connect(t.url, made.charger.ocppIdentity, 'ocpp1.6');
  await cp.call('BootNotification', boot16);
  return { ...made, cp };
}

const register16 = (timestamp: string, value: number) => ({ timestamp, sampledValue: [{ value: String(value) }] });

async function start16(cp: RpcClient, idTag: string, meterStart: number, timestamp: string) {
  const answer = (await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart, timestamp })) as {
    transactionId: number;
  };
  return answer.transactionId;
}

async function station201() {
  const made = await makeOcppCharger(t.db);
  const cs = await connect(t.url, made.charger.ocppIdentity, 'ocpp2.0.1');
  await cs.call('BootNotification', boot201);
  return { ...made, cs };
}

const settlementOf = (sessionId: string) =>
  eventually(async () => {
    const response = await accounts.get(`/api/v1/sessions/${sessionId}/settlement`);
    return response.status === 200 ? (response.body as { energyWh: number }) : null;
  });

describe('OCPP interoperability findings', () => {
  it('2.0.1: an Ended event repeating a periodic instant with a lower value is not a reset; every figure agrees', async () => {
    const { charger, cs } = await station201();
    // The simulator's exact sequence, one minute ago.
    const base = Date.now() - 60_000;
    const at = (seconds: number) => new Date(base + seconds * 1000).toISOString();
    const event = (eventType: string, seqNo: number, timestamp: string, meterValue: object[], extra: object = {}) =>
      cs.call('TransactionEvent', {
        eventType,
        timestamp,
        triggerReason: eventType === 'Started' ? 'CablePluggedIn' : eventType === 'Ended' ? 'EVDeparted' : 'MeterValuePeriodic',
        seqNo,
        transactionInfo: { transactionId: 'sim-1', ...extra },
        evse: { id: 1, connectorId: 1 },
        meterValue,
      });
    await event('Started', 0, at(37.335), [{ timestamp: at(37.335), sampledValue: [wh(0, 'Transaction.Begin')] }]);
    await event('Updated', 1, at(37.351), [{ timestamp: at(37.351), sampledValue: [wh(466.81, 'Sample.Periodic')] }]);
    await event(
      'Ended',
      2,
      at(49.351),
      [
        { timestamp: at(37.335), sampledValue: [wh(0, 'Transaction.Begin')] },
        { timestamp: at(37.351), sampledValue: [wh(286.26, 'Sample.Periodic')] },
        { timestamp: at(49.351), sampledValue: [wh(466.81, 'Transaction.End')] },
      ],
      { stoppedReason: 'EVDisconnected' },
    );

    const session = await sessionOf(t.db, charger.id, 'sim-1');
    expect(session.energyWh).toBe(467);
    expect((await settlementOf(session.id)).energyWh).toBe(467);
    const list = await accounts.get(`/api/v1/transactions?chargerId=${charger.id}`);
    expect(list.body.items.map((i: { energyWh: number }) => i.energyWh)).toEqual([467]);
    const detail = await accounts.get(`/api/v1/sessions/${session.id}`);
    expect(detail.body.energyWh).toBe(467);
    expect(detail.body.samples.at(-1).energyWh).toBe(467);
    await cs.close();
  });

  it('2.0.1: a remote start whose Started event carries only the remoteStartId gets the token, driver and vehicle sent', async () => {
    const made = await makeOcppCharger(t.db);
    const driver = await makeUser(t.db, 'driver', { organizationId: made.org.id });
    await t.db.insert(paymentMethods).values({ userId: driver.id, gateway: 'cybersource' });
    const token = await makeToken(t.db, made.org.id, { userId: driver.id, vehicleRef: 'EV-42' });
    const cs = await connect(t.url, made.charger.ocppIdentity, 'ocpp2.0.1');
    const requests: { remoteStartId: number; idToken: { idToken: string } }[] = [];
    cs.handle('RequestStartTransaction', async ({ params }) => {
      requests.push(params as (typeof requests)[number]);
      return { status: 'Accepted' };
    });
    await cs.call('BootNotification', boot201);
    const sent = await admin.post(`/api/v1/chargers/${made.charger.id}/commands/remote-start`, { idTag: token.token, evseId: 1 });
    expect(sent.status).toBe(200);
    const remoteStartId = requests[0]!.remoteStartId;
    const event = {
      timestamp: isoAgo(60_000),
      seqNo: 0,
      transactionInfo: { transactionId: 'remote-1', remoteStartId },
      evse: { id: 1, connectorId: 1 },
    };
    const started = await cs.call('TransactionEvent', { ...event, eventType: 'Started', triggerReason: 'RemoteStart' });
    expect(started).toEqual({});
    await cs.call('TransactionEvent', {
      ...event,
      eventType: 'Ended',
      triggerReason: 'EVDeparted',
      seqNo: 1,
      timestamp: isoAgo(1000),
      transactionInfo: { transactionId: 'remote-1', stoppedReason: 'EVDisconnected' },
      meterValue: [{ timestamp: isoAgo(1000), sampledValue: [wh(5000, 'Transaction.End')] }],
    });
    const session = await sessionOf(t.db, made.charger.id, 'remote-1');
    expect(session).toMatchObject({
      idTag: token.token,
      idTokenId: token.id,
      userId: driver.id,
      vehicleRef: 'EV-42',
      authorizationStatus: 'Accepted',
      remoteStartId,
    });
    expect((await settlementOf(session.id)) as unknown as { paymentMethod: string }).toMatchObject({
      paymentMethod: 'cybersource',
    });
    await cs.close();
  });

  it('1.6: a StopTransaction without a reason is stored as Local', async () => {
    const { charger, org, cp } = await station16();
    const token = await makeToken(t.db, org.id);
    const transactionId = await start16(cp, token.token, 0, isoAgo(120_000));
    await cp.call('StopTransaction', { transactionId, meterStop: 800, timestamp: isoAgo(60_000) });
    expect((await sessionOf(t.db, charger.id, transactionId)).stopReason).toBe('Local');
    await cp.close();
  });

  it('meter values that arrive after the stop do not extend the chart beyond the final figures', async () => {
    const { charger, org, cp } = await station16();
    const token = await makeToken(t.db, org.id);
    const transactionId = await start16(cp, token.token, 0, isoAgo(600_000));
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [register16(isoAgo(400_000), 500)] });
    await cp.call('StopTransaction', { transactionId, meterStop: 1000, timestamp: isoAgo(300_000), reason: 'EVDisconnected' });
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [register16(isoAgo(100_000), 4000)] });
    const session = await sessionOf(t.db, charger.id, transactionId);
    const detail = (await accounts.get(`/api/v1/sessions/${session.id}`)).body;
    expect(detail.energyWh).toBe(1000);
    expect(detail.samples.at(-1)).toMatchObject({ at: session.stoppedAt!.toISOString(), energyWh: 1000 });
    expect(detail.samples.every((p: { at: string }) => Date.parse(p.at) <= session.stoppedAt!.getTime())).toBe(true);
    expect((await settlementOf(session.id)).energyWh).toBe(1000);
    await cp.close();
  });

  it("2.0.1: meterStop is the Ended event's final register; the connector is filled in when the EVSE has one", async () => {
    const { charger, cs } = await station201();
    const event = (eventType: string, seqNo: number, timestamp: string, meterValue: object[]) =>
      cs.call('TransactionEvent', {
        eventType,
        timestamp,
        triggerReason: eventType === 'Started' ? 'CablePluggedIn' : 'EVDeparted',
        seqNo,
        transactionInfo: { transactionId: 'one-connector', ...(eventType === 'Ended' ? { stoppedReason: 'Local' } : {}) },
        evse: { id: 1 },
        meterValue,
      });
    await event('Started', 0, isoAgo(300_000), [{ timestamp: isoAgo(300_000), sampledValue: [wh(10_000, 'Transaction.Begin')] }]);
    await event('Ended', 1, isoAgo(100_000), [
      { timestamp: isoAgo(200_000), sampledValue: [wh(11_000, 'Sample.Periodic')] },
      { timestamp: isoAgo(100_000), sampledValue: [wh(12_500, 'Transaction.End')] },
    ]);
    expect(await sessionOf(t.db, charger.id, 'one-connector')).toMatchObject({
      connectorId: 1,
      meterStartWh: 10_000,
      meterStopWh: 12_500,
      energyWh: 2500,
    });
    await cs.close();
  });

  it('an Accepted boot clears a station-level Unavailable the charger never cleared', async () => {
    const { charger, cp } = await station16();
    await cp.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Unavailable', timestamp: isoAgo(5000) });
    await cp.close();
    const again = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await again.call('BootNotification', boot16);
    const current = await rows(
      t.db,
      sql`SELECT evse_id, connector_id, status FROM connector_statuses WHERE charger_id = ${charger.id} ORDER BY evse_id`,
    );
    expect(current).toEqual([{ evse_id: 0, connector_id: 0, status: 'Available' }]);
    const history = await rows(
      t.db,
      sql`SELECT status FROM connector_status_history WHERE charger_id = ${charger.id} AND evse_id = 0 ORDER BY id`,
    );
    expect(history.map((h) => h.status)).toEqual(['Unavailable', 'Available']);
    await again.close();
  });

  it('after an Accepted boot, the meter-value interval is set on both versions; refusals are tolerated', async () => {
    const v16 = await makeOcppCharger(t.db);
    const cp = await connect(t.url, v16.charger.ocppIdentity, 'ocpp1.6');
    const seen: { action: string; params: unknown; at: number }[] = [];
    cp.handle('ChangeConfiguration', async ({ params }) => {
      seen.push({ action: 'ChangeConfiguration', params, at: Date.now() });
      return { status: 'Rejected' };
    });
    const v201 = await makeOcppCharger(t.db);
    const cs = await connect(t.url, v201.charger.ocppIdentity, 'ocpp2.0.1');
    cs.handle('SetVariables', async ({ params }) => {
      seen.push({ action: 'SetVariables', params, at: Date.now() });
      const [d] = (params as { setVariableData: { component: object; variable: object }[] }).setVariableData;
      return {
        setVariableResult: [{ attributeStatus: 'NotSupportedAttributeType', component: d!.component, variable: d!.variable }],
      };
    });
    await cp.call('BootNotification', boot16);
    await cs.call('BootNotification', boot201);
    const answeredAt = Date.now();
    await eventually(async () => seen.length === 2, 8000);
    expect(seen.every((s) => s.at >= answeredAt)).toBe(true);
    expect(seen.find((s) => s.action === 'ChangeConfiguration')!.params).toEqual({
      key: 'MeterValueSampleInterval',
      value: '15',
    });
    expect(seen.find((s) => s.action === 'SetVariables')!.params).toEqual({
      setVariableData: [
        { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval' }, attributeValue: '15' },
      ],
    });
    // Both chargers keep working after refusing.
    expect(await cp.call('Heartbeat', {})).toHaveProperty('currentTime');
    expect(await cs.call('Heartbeat', {})).toHaveProperty('currentTime');
    await Promise.all([cp.close(), cs.close()]);
  });

  it('a MeterValues resent because its answer was lost is stored once, with or without a session', async () => {
    const { charger, org, cp } = await station16();
    const token = await makeToken(t.db, org.id);
    const transactionId = await start16(cp, token.token, 0, isoAgo(600_000));
    const inSession = { connectorId: 1, transactionId, meterValue: [register16(isoAgo(300_000), 700)] };
    const outside = { connectorId: 0, meterValue: [register16(isoAgo(300_000), 90_000)] };
    for (let i = 0; i < 2; i++) {
      await cp.call('MeterValues', inSession);
      await cp.call('MeterValues', outside);
    }
    const session = await sessionOf(t.db, charger.id, transactionId);
    expect(session.energyWh).toBe(700);
    const stored = await rows(
      t.db,
      sql`SELECT (session_id IS NULL) AS outside, count(*)::int AS n FROM meter_samples WHERE charger_id = ${charger.id}
        GROUP BY 1 ORDER BY 1`,
    );
    expect(stored).toEqual([
      { outside: false, n: 1 },
      { outside: true, n: 1 },
    ]);
    await cp.close();
  });

  it('charger timestamps far ahead of the server clock, or far behind the last reading, are stored as sent and flagged', async () => {
    const { charger, cs } = await station201();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    // One instant for the event and its reading: two isoAgo calls can fall a millisecond apart.
    const started = isoAgo(120_000);
    const base = { evse: { id: 1, connectorId: 1 }, triggerReason: 'MeterValuePeriodic' };
    await cs.call('TransactionEvent', {
      ...base,
      eventType: 'Started',
      triggerReason: 'CablePluggedIn',
      seqNo: 0,
      timestamp: started,
      transactionInfo: { transactionId: 'skewed-ahead' },
      meterValue: [{ timestamp: started, sampledValue: [wh(0, 'Transaction.Begin')] }],
    });
    await cs.call('TransactionEvent', {
      ...base,
      eventType: 'Updated',
      seqNo: 1,
      timestamp: future,
      transactionInfo: { transactionId: 'skewed-ahead' },
      meterValue: [{ timestamp: future, sampledValue: [wh(900, 'Sample.Periodic')] }],
    });
    const ahead = await sessionOf(t.db, charger.id, 'skewed-ahead');
    expect(ahead).toMatchObject({ flagged: true, flagReason: 'clock_skew', energyWh: 900 });
    const stored = await rows(t.db, sql`SELECT at, clock_skew FROM meter_samples WHERE session_id = ${ahead.id} ORDER BY at`);
    expect(stored.map((s) => [new Date(s.at).toISOString(), s.clock_skew])).toEqual([
      [ahead.startedAt.toISOString(), false],
      [future, true],
    ]);

    const v16 = await station16();
    const token = await makeToken(t.db, v16.org.id);
    const transactionId = await start16(v16.cp, token.token, 0, isoAgo(120_000));
    await v16.cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [register16(isoAgo(60_000), 300)] });
    const behind = await sessionOf(t.db, v16.charger.id, transactionId);
    expect(behind.flagged).toBe(false);
    await v16.cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [register16(isoAgo(3_600_000), 100)] });
    const list = await accounts.get(`/api/v1/transactions?chargerId=${v16.charger.id}`);
    expect(list.body.items[0]).toMatchObject({ flagged: true, flags: ['clock_skew'], energyWh: 300 });
    await Promise.all([cs.close(), v16.cp.close()]);
  });
});
