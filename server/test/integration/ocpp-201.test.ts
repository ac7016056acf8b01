import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, isoAgo, makeOcppCharger, makeToken, rows, sessionOf } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ OCPP_HEARTBEAT_SECONDS: '90' });
});
afterAll(() => t?.close());

const boot = {
  reason: 'PowerUp',
  chargingStation: { vendorName: 'Kempower', model: 'S-Series', serialNumber: 'KP-201-9', firmwareVersion: '1.9.0' },
};
const register = (wh: number, at: string, context = 'Sample.Periodic', extra: object[] = []) => [
  {
    timestamp: at,
    sampledValue: [{ value: wh, measurand: 'Energy.Active.Import.Register', context, unitOfMeasure: { unit: 'Wh' } }, ...extra],
  },
];
const txEvent = (
  eventType: 'Started' | 'Updated' | 'Ended',
  transactionId: string,
  seqNo: number,
  at: string,
  fields: Record<string, unknown> = {},
) => ({
  eventType,
  timestamp: at,
  triggerReason: eventType === 'Started' ? 'Authorized' : eventType === 'Ended' ? 'EVDeparted' : 'MeterValuePeriodic',
  seqNo,
  transactionInfo: { transactionId, ...(eventType === 'Ended' ? { stoppedReason: 'EVDisconnected' } : {}) },
  evse: { id: 1, connectorId: 1 },
  ...fields,
});

async function bootedStation() {
  const made = await makeOcppCharger(t.db);
  const cs = await connect(t.url, made.charger.ocppIdentity, 'ocpp2.0.1');
  await cs.call('BootNotification', boot);
  return { ...made, cs };
}

describe('OCPP 2.0.1', () => {
  it('boot records the station and returns the heartbeat interval; status notifications keep history per EVSE and connector', async () => {
    const { charger, cs } = await bootedStation();
    const [stored] = await rows(
      t.db,
      sql`SELECT vendor, model, serial_number, firmware_version FROM chargers WHERE id = ${charger.id}`,
    );
    expect(stored).toEqual({ vendor: 'Kempower', model: 'S-Series', serial_number: 'KP-201-9', firmware_version: '1.9.0' });
    expect(await cs.call('BootNotification', boot)).toMatchObject({ status: 'Accepted', interval: 90 });
    expect(await cs.call('Heartbeat', {})).toHaveProperty('currentTime');
    await cs.call('StatusNotification', { timestamp: isoAgo(2000), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    await cs.call('StatusNotification', { timestamp: isoAgo(1000), connectorStatus: 'Occupied', evseId: 2, connectorId: 1 });
    await cs.call('StatusNotification', { timestamp: isoAgo(500), connectorStatus: 'Faulted', evseId: 1, connectorId: 1 });
    const current = await rows(
      t.db,
      sql`SELECT evse_id, connector_id, status FROM connector_statuses WHERE charger_id = ${charger.id} ORDER BY evse_id`,
    );
    expect(current).toEqual([
      { evse_id: 1, connector_id: 1, status: 'Faulted' },
      { evse_id: 2, connector_id: 1, status: 'Occupied' },
    ]);
    const [history] = await rows(
      t.db,
      sql`SELECT count(*)::int AS n FROM connector_status_history WHERE charger_id = ${charger.id}`,
    );
    expect(history.n).toBe(3);
    const [connection] = await rows(t.db, sql`SELECT protocol, online FROM charger_connections WHERE charger_id = ${charger.id}`);
    expect(connection).toEqual({ protocol: 'ocpp2.0.1', online: true });
    await cs.close();
  });

  it('authorizes: Accepted, Blocked, Expired and Unknown', async () => {
    const { org, cs } = await bootedStation();
    const good = await makeToken(t.db, org.id, { kind: 'app' });
    const blocked = await makeToken(t.db, org.id, { status: 'blocked' });
    const expired = await makeToken(t.db, org.id, { expiresAt: new Date(Date.now() - 60_000) });
    const status = async (idToken: string, type = 'ISO14443') =>
      ((await cs.call('Authorize', { idToken: { idToken, type } })) as any).idTokenInfo.status;
    expect(await status(good.token.toLowerCase(), 'Central')).toBe('Accepted');
    expect(await status(blocked.token)).toBe('Blocked');
    expect(await status(expired.token)).toBe('Expired');
    expect(await status('UNKNOWN-CARD')).toBe('Unknown');
    await cs.close();
  });

  it('Started/Updated/Ended make one session with the right Wh (multiplier, kWh, phases) and live power', async () => {
    const { charger, org, cs } = await bootedStation();
    const token = await makeToken(t.db, org.id);
    const id = 'tx-201-full';
    const started: any = await cs.call(
      'TransactionEvent',
      txEvent('Started', id, 0, isoAgo(900_000), {
        idToken: { idToken: token.token, type: 'ISO14443' },
        meterValue: register(5000, isoAgo(900_000), 'Transaction.Begin'),
      }),
    );
    expect(started.idTokenInfo.status).toBe('Accepted');
    const power = (watts: number) =>
      ['L1', 'L2', 'L3'].map((phase) => ({
        value: watts / 3,
        measurand: 'Power.Active.Import',
        phase,
        unitOfMeasure: { unit: 'W' },
      }));
    await cs.call(
      'TransactionEvent',
      txEvent('Updated', id, 1, isoAgo(600_000), {
        meterValue: register(7500, isoAgo(600_000), 'Sample.Periodic', power(11_000)),
      }),
    );
    const live = await sessionOf(t.db, charger.id, id);
    expect(live).toMatchObject({
      status: 'active',
      energyWh: 2500,
      powerW: '11000.000',
      idTag: token.token,
      authorizationStatus: 'Accepted',
    });
    // 9.2 kWh expressed as 92 × 10^2 Wh.
    await cs.call(
      'TransactionEvent',
      txEvent('Updated', id, 2, isoAgo(300_000), {
        meterValue: [{ timestamp: isoAgo(300_000), sampledValue: [{ value: 92, unitOfMeasure: { unit: 'Wh', multiplier: 2 } }] }],
      }),
    );
    await cs.call(
      'TransactionEvent',
      txEvent('Ended', id, 3, isoAgo(100_000), {
        meterValue: [
          {
            timestamp: isoAgo(100_000),
            sampledValue: [{ value: 10.5, context: 'Transaction.End', unitOfMeasure: { unit: 'kWh' } }],
          },
        ],
      }),
    );
    const done = await sessionOf(t.db, charger.id, id);
    expect(done).toMatchObject({
      status: 'completed',
      energyWh: 5500,
      meterStartWh: 5000,
      stopReason: 'EVDisconnected',
      closedBy: 'charger',
      flagged: false,
      powerW: null,
    });
    await cs.close();
  });

  it('offline-queued events with past timestamps are accepted in order; a repeated Ended changes nothing', async () => {
    const { charger, org, cs } = await bootedStation();
    const token = await makeToken(t.db, org.id);
    const hour = 3_600_000;
    const idToken = { idToken: token.token, type: 'ISO14443' };
    await cs.call(
      'TransactionEvent',
      txEvent('Started', 'q-1', 0, isoAgo(5 * hour), { offline: true, idToken, meterValue: register(100, isoAgo(5 * hour)) }),
    );
    await cs.call(
      'TransactionEvent',
      txEvent('Updated', 'q-1', 1, isoAgo(4.5 * hour), { offline: true, meterValue: register(3100, isoAgo(4.5 * hour)) }),
    );
    await cs.call(
      'TransactionEvent',
      txEvent('Ended', 'q-1', 2, isoAgo(4 * hour), { offline: true, meterValue: register(6100, isoAgo(4 * hour)) }),
    );
    await cs.call(
      'TransactionEvent',
      txEvent('Started', 'q-2', 0, isoAgo(3 * hour), { offline: true, idToken, meterValue: register(6100, isoAgo(3 * hour)) }),
    );
    const ended = txEvent('Ended', 'q-2', 1, isoAgo(2 * hour), { offline: true, meterValue: register(7100, isoAgo(2 * hour)) });
    await cs.call('TransactionEvent', ended);
    const first = await sessionOf(t.db, charger.id, 'q-2');
    await cs.call('TransactionEvent', { ...ended, meterValue: register(99_999, isoAgo(1000)) });
    const second = await sessionOf(t.db, charger.id, 'q-2');
    expect(second.energyWh).toBe(1000);
    expect(second.updatedAt).toEqual(first.updatedAt);
    const all = await rows(
      t.db,
      sql`SELECT transaction_id, energy_wh::int, started_offline FROM charging_sessions WHERE charger_id = ${charger.id} ORDER BY started_at`,
    );
    expect(all).toEqual([
      { transaction_id: 'q-1', energy_wh: 6000, started_offline: true },
      { transaction_id: 'q-2', energy_wh: 1000, started_offline: true },
    ]);
    await cs.close();
  });

  it('a register reset never gives negative energy; an Updated whose Started was lost opens the session, flagged', async () => {
    const { charger, cs } = await bootedStation();
    await cs.call(
      'TransactionEvent',
      txEvent('Updated', 'lost-start', 3, isoAgo(500_000), { meterValue: register(80_000, isoAgo(500_000)) }),
    );
    await cs.call(
      'TransactionEvent',
      txEvent('Updated', 'lost-start', 4, isoAgo(400_000), { meterValue: register(81_000, isoAgo(400_000)) }),
    );
    await cs.call(
      'TransactionEvent',
      txEvent('Updated', 'lost-start', 5, isoAgo(300_000), { meterValue: register(50, isoAgo(300_000)) }),
    );
    await cs.call(
      'TransactionEvent',
      txEvent('Ended', 'lost-start', 6, isoAgo(200_000), { meterValue: register(550, isoAgo(200_000)) }),
    );
    const session = await sessionOf(t.db, charger.id, 'lost-start');
    expect(session).toMatchObject({ energyWh: 1500, flagged: true, flagReason: 'start_missing', status: 'completed' });
    await cs.close();
  });

  it('MeterValues outside a transaction count for the session active on that EVSE; notifications are kept', async () => {
    const { charger, cs } = await bootedStation();
    await cs.call(
      'TransactionEvent',
      txEvent('Started', 'mv-1', 0, isoAgo(60_000), { meterValue: register(1000, isoAgo(60_000)) }),
    );
    await cs.call('MeterValues', {
      evseId: 1,
      meterValue: register(1400, isoAgo(30_000), 'Sample.Clock', [
        { value: 64, measurand: 'SoC', unitOfMeasure: { unit: 'Percent' } },
      ]),
    });
    expect(await sessionOf(t.db, charger.id, 'mv-1')).toMatchObject({ energyWh: 400, socPercent: '64.00' });
    expect(await cs.call('DataTransfer', { vendorId: 'com.example', data: { any: 'json' } })).toEqual({
      status: 'UnknownVendorId',
    });
    expect(await cs.call('LogStatusNotification', { status: 'Uploading', requestId: 7 })).toEqual({});
    expect(await cs.call('FirmwareStatusNotification', { status: 'Downloading', requestId: 3 })).toEqual({});
    expect(await cs.call('SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: isoAgo(10) })).toEqual({});
    const notifyEvent = {
      generatedAt: isoAgo(5),
      seqNo: 0,
      eventData: [
        {
          eventId: 1,
          timestamp: isoAgo(5),
          trigger: 'Alerting',
          actualValue: 'true',
          eventNotificationType: 'HardWiredNotification',
          component: { name: 'Connector' },
          variable: { name: 'Problem' },
        },
      ],
    };
    expect(await cs.call('NotifyEvent', notifyEvent)).toEqual({});
    const kinds = await rows(t.db, sql`SELECT kind, status FROM charger_events WHERE charger_id = ${charger.id} ORDER BY id`);
    expect(kinds.map((k) => k.kind)).toEqual([
      'boot',
      'data_transfer',
      'log_status',
      'firmware_status',
      'security_event',
      'notify_event',
    ]);
    await expect(
      cs.call('ReservationStatusUpdate', { reservationId: 1, reservationUpdateStatus: 'Expired' }),
    ).rejects.toMatchObject({ rpcErrorCode: 'NotSupported' });
    await cs.close();
  });
});
