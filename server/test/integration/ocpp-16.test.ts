import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src/live/bus.js';
import { connect, isoAgo, makeOcppCharger, makeToken, rows, sessionOf as sessionOfTx } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
const events: LiveEvent[] = [];
beforeAll(async () => {
  t = await startTestServer({ OCPP_HEARTBEAT_SECONDS: '120' });
  t.server.bus.subscribe((e) => events.push(e));
});
afterAll(() => t?.close());

const boot = {
  chargePointVendor: 'Alpitronic',
  chargePointModel: 'HYC300',
  chargePointSerialNumber: 'SN-16-001',
  firmwareVersion: '2.4.1',
};
const energy = (wh: number, at: string, extra: Record<string, string>[] = []) => ({
  timestamp: at,
  sampledValue: [
    { value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' },
    ...extra,
  ],
});

const sessionOf = (chargerId: string, transactionId: number | string) => sessionOfTx(t.db, chargerId, transactionId);

describe('OCPP 1.6J', () => {
  it('boot records vendor, model, serial and firmware and returns the heartbeat interval; heartbeat answers the time', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    const answer: any = await cp.call('BootNotification', boot);
    expect(answer).toMatchObject({ status: 'Accepted', interval: 120 });
    expect(Math.abs(new Date(answer.currentTime).getTime() - Date.now())).toBeLessThan(5000);
    const [stored] = await rows(
      t.db,
      sql`SELECT vendor, model, serial_number, firmware_version FROM chargers WHERE id = ${charger.id}`,
    );
    expect(stored).toEqual({ vendor: 'Alpitronic', model: 'HYC300', serial_number: 'SN-16-001', firmware_version: '2.4.1' });
    const heartbeat: any = await cp.call('Heartbeat', {});
    expect(typeof heartbeat.currentTime).toBe('string');
    const [connection] = await rows(
      t.db,
      sql`SELECT online, protocol, registration_status FROM charger_connections WHERE charger_id = ${charger.id}`,
    );
    expect(connection).toEqual({ online: true, protocol: 'ocpp1.6', registration_status: 'Accepted' });
    expect(events.some((e) => e.type === 'charger.connection' && e.payload.chargerId === charger.id && e.payload.online)).toBe(
      true,
    );
    await cp.close();
  });

  it('keeps every status notification as history and the newest as the current status; a late older one does not overwrite', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', boot);
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: isoAgo(60_000) });
    await cp.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'GroundFailure',
      status: 'Faulted',
      info: 'RCD tripped',
      vendorId: 'ALP',
      vendorErrorCode: 'E42',
      timestamp: isoAgo(30_000),
    });
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing', timestamp: isoAgo(90_000) });
    await cp.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' });
    const history = await rows(
      t.db,
      sql`SELECT connector_id, status, error_code, vendor_error_code FROM connector_status_history WHERE charger_id = ${charger.id} ORDER BY id`,
    );
    expect(history).toHaveLength(4);
    expect(history[1]).toEqual({ connector_id: 1, status: 'Faulted', error_code: 'GroundFailure', vendor_error_code: 'E42' });
    const current = await rows(
      t.db,
      sql`SELECT connector_id, status, error_code, info FROM connector_statuses WHERE charger_id = ${charger.id} ORDER BY connector_id`,
    );
    expect(current).toEqual([
      { connector_id: 0, status: 'Available', error_code: 'NoError', info: null },
      { connector_id: 1, status: 'Faulted', error_code: 'GroundFailure', info: 'RCD tripped' },
    ]);
    expect(
      events.some((e) => e.type === 'charger.status' && e.payload.chargerId === charger.id && e.payload.status === 'Faulted'),
    ).toBe(true);
    await cp.close();
  });

  it('authorizes tokens of the organization: accepted, blocked, expired and unknown (Invalid in 1.6)', async () => {
    const { charger, org } = await makeOcppCharger(t.db);
    const good = await makeToken(t.db, org.id, { token: 'AbCd1234', expiresAt: new Date(Date.now() + 86_400_000) });
    const blocked = await makeToken(t.db, org.id, { status: 'blocked' });
    const expired = await makeToken(t.db, org.id, { expiresAt: new Date(Date.now() - 1000) });
    const foreign = await makeToken(t.db, (await makeOcppCharger(t.db)).org.id);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', boot);
    const status = async (idTag: string) => ((await cp.call('Authorize', { idTag })) as any).idTagInfo;
    expect(await status('abcd1234')).toEqual({ status: 'Accepted', expiryDate: good.expiresAt!.toISOString() });
    expect((await status(blocked.token)).status).toBe('Blocked');
    expect((await status(expired.token)).status).toBe('Expired');
    expect((await status('NOPE-0000')).status).toBe('Invalid');
    expect((await status(foreign.token)).status).toBe('Invalid');
    await cp.close();
  });

  it('a full session with meter values is stored with the right Wh, live power and SoC', async () => {
    const { charger, org } = await makeOcppCharger(t.db);
    const token = await makeToken(t.db, org.id);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', boot);
    const start: any = await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: token.token,
      meterStart: 10_000,
      timestamp: isoAgo(600_000),
    });
    expect(start.idTagInfo.status).toBe('Accepted');
    expect(Number.isInteger(start.transactionId)).toBe(true);
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: start.transactionId,
      meterValue: [
        energy(11_500, isoAgo(300_000), [
          { value: '22.0', measurand: 'Power.Active.Import', unit: 'kW' },
          { value: '48', measurand: 'SoC', unit: 'Percent' },
        ]),
      ],
    });
    const live = await sessionOf(charger.id, start.transactionId);
    expect(live).toMatchObject({ status: 'active', energyWh: 1500, powerW: '22000.000', socPercent: '48.00' });
    // Clock-aligned value in kWh.
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: start.transactionId,
      meterValue: [{ timestamp: isoAgo(120_000), sampledValue: [{ value: '12.75', unit: 'kWh', context: 'Sample.Clock' }] }],
    });
    const stop: any = await cp.call('StopTransaction', {
      transactionId: start.transactionId,
      meterStop: 13_400,
      timestamp: isoAgo(60_000),
      reason: 'EVDisconnected',
      idTag: token.token,
    });
    expect(stop.idTagInfo.status).toBe('Accepted');
    const done = await sessionOf(charger.id, start.transactionId);
    expect(done).toMatchObject({
      status: 'completed',
      energyWh: 3400,
      meterStartWh: 10_000,
      meterStopWh: 13_400,
      stopReason: 'EVDisconnected',
      closedBy: 'charger',
      flagged: false,
    });
    const samples = await rows(
      t.db,
      sql`SELECT measurand, value, unit, context FROM meter_samples WHERE session_id = ${done.id} ORDER BY at, measurand`,
    );
    expect(samples).toContainEqual({
      measurand: 'Energy.Active.Import.Register',
      value: '12750.0000',
      unit: 'Wh',
      context: 'Sample.Clock',
    });
    expect(samples).toContainEqual({ measurand: 'Power.Active.Import', value: '22000.0000', unit: 'W', context: null });
    expect(
      events.filter((e) => e.type.startsWith('session.') && (e.payload as any).sessionId === done.id).map((e) => e.type),
    ).toEqual(['session.started', 'session.updated', 'session.updated', 'session.stopped']);
    await cp.close();
  });

  it('accepts transactions queued while offline, in order, with their past timestamps', async () => {
    const { charger, org } = await makeOcppCharger(t.db);
    const token = await makeToken(t.db, org.id);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', boot);
    const day = 86_400_000;
    const first: any = await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: token.token,
      meterStart: 0,
      timestamp: isoAgo(2 * day),
    });
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: first.transactionId,
      meterValue: [energy(4000, isoAgo(2 * day - 1_800_000))],
    });
    await cp.call('StopTransaction', {
      transactionId: first.transactionId,
      meterStop: 7000,
      timestamp: isoAgo(2 * day - 3_600_000),
    });
    const second: any = await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: token.token,
      meterStart: 7000,
      timestamp: isoAgo(day),
    });
    await cp.call('StopTransaction', { transactionId: second.transactionId, meterStop: 9500, timestamp: isoAgo(day - 600_000) });
    expect(second.transactionId).not.toBe(first.transactionId);
    const stored = await rows(
      t.db,
      sql`SELECT energy_wh::int, started_at, stopped_at, flagged FROM charging_sessions WHERE charger_id = ${charger.id} ORDER BY started_at`,
    );
    expect(stored.map((s) => [s.energy_wh, s.flagged])).toEqual([
      [7000, false],
      [2500, false],
    ]);
    expect(Math.abs(new Date(stored[0].started_at).getTime() - (Date.now() - 2 * day))).toBeLessThan(10_000);
    await cp.close();
  });

  it('a repeated StartTransaction gets the same transaction, a repeated StopTransaction changes nothing', async () => {
    const { charger, org } = await makeOcppCharger(t.db);
    const token = await makeToken(t.db, org.id);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', boot);
    const startReq = { connectorId: 1, idTag: token.token, meterStart: 500, timestamp: isoAgo(100_000) };
    const a: any = await cp.call('StartTransaction', startReq);
    const b: any = await cp.call('StartTransaction', startReq);
    expect(b.transactionId).toBe(a.transactionId);
    const stopReq = { transactionId: a.transactionId, meterStop: 2500, timestamp: isoAgo(50_000), reason: 'Local' };
    await cp.call('StopTransaction', stopReq);
    const before = await sessionOf(charger.id, a.transactionId);
    const again = await cp.call('StopTransaction', { ...stopReq, meterStop: 9999 });
    expect(again).toEqual({});
    const after = await sessionOf(charger.id, a.transactionId);
    expect(after.energyWh).toBe(2000);
    expect(after.updatedAt).toEqual(before.updatedAt);
    const [count] = await rows(t.db, sql`SELECT count(*)::int AS n FROM charging_sessions WHERE charger_id = ${charger.id}`);
    expect(count.n).toBe(1);
    await cp.close();
  });

  it('a register reset or out-of-order meter values never produce negative energy', async () => {
    const { charger, org } = await makeOcppCharger(t.db);
    const token = await makeToken(t.db, org.id);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', boot);
    const start: any = await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: token.token,
      meterStart: 90_000,
      timestamp: isoAgo(1_000_000),
    });
    const mv = (wh: number, agoMs: number) =>
      cp.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [energy(wh, isoAgo(agoMs))] });
    await mv(91_000, 900_000); // +1000
    await mv(95_000, 700_000); // +4000
    await mv(93_000, 800_000); // older than the last applied: ignored
    await mv(200, 600_000); // the meter was reset: new baseline, +0
    await mv(1200, 500_000); // +1000
    await cp.call('StopTransaction', { transactionId: start.transactionId, meterStop: 700, timestamp: isoAgo(400_000) }); // reset again: +0
    const done = await sessionOf(charger.id, start.transactionId);
    expect(done.energyWh).toBe(6000);
    await cp.close();
  });

  it('a session whose stop never came is closed at the next boot and flagged; a late stop replaces the guess', async () => {
    const { charger, org } = await makeOcppCharger(t.db);
    const token = await makeToken(t.db, org.id);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', boot);
    const start: any = await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: token.token,
      meterStart: 0,
      timestamp: isoAgo(500_000),
    });
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: start.transactionId,
      meterValue: [energy(800, isoAgo(400_000))],
    });
    await cp.call('BootNotification', boot);
    const closed = await sessionOf(charger.id, start.transactionId);
    expect(closed).toMatchObject({
      status: 'completed',
      closedBy: 'boot',
      flagged: true,
      flagReason: 'closed_at_boot',
      energyWh: 800,
    });
    await cp.call('StopTransaction', {
      transactionId: start.transactionId,
      meterStop: 1000,
      timestamp: isoAgo(300_000),
      reason: 'PowerLoss',
    });
    const replaced = await sessionOf(charger.id, start.transactionId);
    expect(replaced).toMatchObject({ closedBy: 'charger', flagged: false, energyWh: 1000, stopReason: 'PowerLoss' });
    await cp.close();
  });

  it('answers DataTransfer UnknownVendorId and keeps firmware, diagnostics and security notifications', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', boot);
    expect(await cp.call('DataTransfer', { vendorId: 'com.example', messageId: 'ping', data: 'hello' })).toEqual({
      status: 'UnknownVendorId',
    });
    expect(await cp.call('FirmwareStatusNotification', { status: 'Installing' })).toEqual({});
    expect(await cp.call('DiagnosticsStatusNotification', { status: 'Uploaded' })).toEqual({});
    expect(await cp.call('SecurityEventNotification', { type: 'TamperDetectionActivated', timestamp: isoAgo(1000) })).toEqual({});
    const kept = await rows(t.db, sql`SELECT kind, status FROM charger_events WHERE charger_id = ${charger.id} ORDER BY id`);
    // The boot itself is kept too (the boot-loop alert counts boots).
    expect(kept).toEqual([
      { kind: 'boot', status: 'Accepted' },
      { kind: 'data_transfer', status: 'UnknownVendorId' },
      { kind: 'firmware_status', status: 'Installing' },
      { kind: 'diagnostics_status', status: 'Uploaded' },
      { kind: 'security_event', status: 'TamperDetectionActivated' },
    ]);
    const [connection] = await rows(
      t.db,
      sql`SELECT firmware_status, diagnostics_status FROM charger_connections WHERE charger_id = ${charger.id}`,
    );
    expect(connection).toEqual({ firmware_status: 'Installing', diagnostics_status: 'Uploaded' });
    await cp.close();
  });

  it('an inactive charger is Rejected at boot and may send nothing else (SecurityError)', async () => {
    const { charger } = await makeOcppCharger(t.db, { adminStatus: 'inactive' });
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    expect(await cp.call('BootNotification', boot)).toMatchObject({ status: 'Rejected' });
    await expect(cp.call('Heartbeat', {})).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
    await cp.close();
  });
});
