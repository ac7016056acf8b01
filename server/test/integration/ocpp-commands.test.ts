import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../../src/ocpp/rpc.js';
import { signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { type Protocol, connect, isoAgo, makeOcppCharger, makeToken, rows } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  t = await startTestServer({ OCPP_COMMAND_TIMEOUT_MS: '600' });
  admin = (await signedIn(t.url, t.db, 'admin')).api;
});
afterAll(() => t?.close());

const ANSWERS: Record<Protocol, Record<string, object>> = {
  'ocpp1.6': {
    RemoteStartTransaction: { status: 'Accepted' },
    RemoteStopTransaction: { status: 'Accepted' },
    Reset: { status: 'Accepted' },
    UnlockConnector: { status: 'Unlocked' },
    ChangeAvailability: { status: 'Scheduled' },
    GetConfiguration: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }], unknownKey: ['Nope'] },
    ChangeConfiguration: { status: 'RebootRequired' },
    TriggerMessage: { status: 'Accepted' },
    ClearCache: { status: 'Accepted' },
  },
  'ocpp2.0.1': {
    RequestStartTransaction: { status: 'Accepted' },
    RequestStopTransaction: { status: 'Accepted' },
    Reset: { status: 'Scheduled' },
    UnlockConnector: { status: 'Unlocked' },
    ChangeAvailability: { status: 'Accepted' },
    GetVariables: {
      getVariableResult: [
        {
          attributeStatus: 'Accepted',
          attributeValue: '300',
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
        },
      ],
    },
    SetVariables: {
      setVariableResult: [
        { attributeStatus: 'Accepted', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
      ],
    },
    TriggerMessage: { status: 'Accepted' },
    ClearCache: { status: 'Rejected' },
  },
};

/** A booted charger that answers every command and remembers what it was sent. */
async function answeringCharger(protocol: Protocol) {
  const made = await makeOcppCharger(t.db);
  const cp = await connect(t.url, made.charger.ocppIdentity, protocol);
  const received: { method: string; params: any }[] = [];
  for (const [action, answer] of Object.entries(ANSWERS[protocol])) {
    cp.handle(action, async ({ params }) => {
      received.push({ method: action, params });
      return answer;
    });
  }
  await cp.call(
    'BootNotification',
    protocol === 'ocpp1.6'
      ? { chargePointVendor: 'V', chargePointModel: 'M' }
      : { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } },
  );
  return { ...made, cp, received };
}

const command = (chargerId: string, name: string, body: object = {}, api = admin) =>
  api.post(`/api/v1/chargers/${chargerId}/commands/${name}`, body);
const audits = (chargerId: string) =>
  rows<{ action: string; changes: any }>(
    t.db,
    sql`SELECT action, changes FROM audit_log WHERE entity_id = ${chargerId} AND action LIKE 'command.%' ORDER BY seq`,
  );

async function activeSession(cp: RpcClient, protocol: Protocol, idTag: string) {
  if (protocol === 'ocpp1.6')
    return cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp: isoAgo(1000) });
  return cp.call('TransactionEvent', {
    eventType: 'Started',
    timestamp: isoAgo(1000),
    triggerReason: 'RemoteStart',
    seqNo: 0,
    transactionInfo: { transactionId: `rs-${Date.now()}` },
    evse: { id: 1, connectorId: 1 },
    idToken: { idToken: idTag, type: 'Central' },
  });
}

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('remote commands over %s', (protocol) => {
  it('every command reaches the charger as its version’s action and returns its answer, audited', async () => {
    const { charger, org, cp, received } = await answeringCharger(protocol);
    const token = await makeToken(t.db, org.id);
    await activeSession(cp, protocol, token.token);
    const [session] = await rows(t.db, sql`SELECT id, transaction_id FROM charging_sessions WHERE charger_id = ${charger.id}`);
    const v16 = protocol === 'ocpp1.6';
    const cases: [string, object, string][] = [
      ['remote-start', { idTag: token.token, connectorId: 1 }, v16 ? 'RemoteStartTransaction' : 'RequestStartTransaction'],
      ['remote-stop', { sessionId: session.id }, v16 ? 'RemoteStopTransaction' : 'RequestStopTransaction'],
      ['reset', { type: 'hard' }, 'Reset'],
      ['unlock-connector', { connectorId: 1 }, 'UnlockConnector'],
      ['change-availability', { availability: 'inoperative', connectorId: 1 }, 'ChangeAvailability'],
      ['trigger-message', { message: 'StatusNotification', connectorId: 1 }, 'TriggerMessage'],
      ['clear-cache', {}, 'ClearCache'],
      ...(v16
        ? ([
            ['get-configuration', { keys: ['HeartbeatInterval', 'Nope'] }, 'GetConfiguration'],
            ['change-configuration', { key: 'HeartbeatInterval', value: '60' }, 'ChangeConfiguration'],
          ] as [string, object, string][])
        : ([
            ['get-variables', { variables: [{ component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval' }] }, 'GetVariables'],
            [
              'set-variables',
              { variables: [{ component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval', value: '60' }] },
              'SetVariables',
            ],
          ] as [string, object, string][])),
    ];
    for (const [name, body, action] of cases) {
      const response = await command(charger.id, name, body);
      expect(response.status, `${name}: ${JSON.stringify(response.body)}`).toBe(200);
      expect(response.body).toEqual({ command: name, protocol, action, response: ANSWERS[protocol][action] });
    }
    expect(received.map((r) => r.method)).toEqual(cases.map(([, , action]) => action));
    const sent = Object.fromEntries(received.map((r) => [r.method, r.params]));
    if (v16) {
      expect(sent.RemoteStopTransaction).toEqual({ transactionId: Number(session.transaction_id) });
      expect(sent.Reset).toEqual({ type: 'Hard' });
      expect(sent.ChangeAvailability).toEqual({ connectorId: 1, type: 'Inoperative' });
      expect(sent.GetConfiguration).toEqual({ key: ['HeartbeatInterval', 'Nope'] });
    } else {
      expect(sent.RequestStartTransaction).toMatchObject({ idToken: { idToken: token.token, type: 'Central' }, evseId: 1 });
      expect(sent.RequestStopTransaction).toEqual({ transactionId: session.transaction_id });
      expect(sent.Reset).toEqual({ type: 'Immediate' });
      expect(sent.ChangeAvailability).toEqual({ operationalStatus: 'Inoperative', evse: { id: 1 } });
      expect(sent.SetVariables).toEqual({
        setVariableData: [
          { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '60' },
        ],
      });
    }
    const trail = await audits(charger.id);
    expect(trail.map((a) => a.action)).toEqual(cases.map(([name]) => `command.${name}`));
    expect(trail[2]!.changes.outcome.after).toBe('answered');
    expect(trail[2]!.changes.response.after).toEqual(ANSWERS[protocol].Reset);
    await cp.close();
  });

  it('a command the version does not have is refused with COMMAND_UNSUPPORTED', async () => {
    const { charger, cp } = await answeringCharger(protocol);
    const name = protocol === 'ocpp1.6' ? 'get-variables' : 'get-configuration';
    const body = protocol === 'ocpp1.6' ? { variables: [{ component: 'A', variable: 'B' }] } : {};
    const response = await command(charger.id, name, body);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('COMMAND_UNSUPPORTED');
    await cp.close();
  });
});

describe('remote command failures', () => {
  it('an offline charger answers CHARGER_OFFLINE (409) at once, audited', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const started = Date.now();
    const response = await command(charger.id, 'reset', { type: 'soft' });
    expect(Date.now() - started).toBeLessThan(500);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('CHARGER_OFFLINE');
    expect((await audits(charger.id)).map((a) => [a.action, a.changes.outcome.after])).toEqual([
      ['command.reset', 'CHARGER_OFFLINE'],
    ]);
  });

  it('a charger that does not answer gives a clear timeout after the configured wait', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    cp.handle('Reset', () => new Promise(() => undefined));
    const started = Date.now();
    const response = await command(charger.id, 'reset', { type: 'soft' });
    const waited = Date.now() - started;
    expect(response.status).toBe(504);
    expect(response.body.error).toMatchObject({
      code: 'CHARGER_TIMEOUT',
      message: 'The charger did not answer Reset within 0.6 s',
    });
    expect(waited).toBeGreaterThanOrEqual(550);
    expect(waited).toBeLessThan(3000);
    expect((await audits(charger.id))[0]!.changes.outcome.after).toBe('CHARGER_TIMEOUT');
    await cp.close({ force: true });
  });

  it('a CALLERROR from the charger is reported as CHARGER_ERROR with its code', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp2.0.1');
    const response = await command(charger.id, 'clear-cache');
    expect(response.status).toBe(502);
    expect(response.body.error).toMatchObject({
      code: 'CHARGER_ERROR',
      details: { errorCode: 'NotImplemented', action: 'ClearCache' },
    });
    await cp.close();
  });

  it('checks the request: unknown token, foreign session, unknown fields, permission and scope', async () => {
    const { charger, cp } = await answeringCharger('ocpp1.6');
    const other = await makeOcppCharger(t.db);
    expect((await command(charger.id, 'remote-start', { idTag: 'NOT-A-TOKEN' })).body.error.code).toBe('UNPROCESSABLE');
    const foreignToken = await makeToken(t.db, other.org.id);
    expect((await command(charger.id, 'remote-start', { idTag: foreignToken.token })).status).toBe(422);
    const foreign = await connect(t.url, other.charger.ocppIdentity, 'ocpp1.6');
    const tx: any = await foreign.call('StartTransaction', {
      connectorId: 1,
      idTag: foreignToken.token,
      meterStart: 0,
      timestamp: isoAgo(10),
    });
    const [foreignSession] = await rows(
      t.db,
      sql`SELECT id FROM charging_sessions WHERE transaction_id = ${String(tx.transactionId)}`,
    );
    expect((await command(charger.id, 'remote-stop', { sessionId: foreignSession.id })).status).toBe(404);
    expect((await command(charger.id, 'reset', { type: 'soft', force: true })).status).toBe(400);
    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: other.org.id })).api;
    expect((await command(charger.id, 'reset', { type: 'soft' }, cpo)).status).toBe(403);
    const manager = (await signedIn(t.url, t.db, 'network_manager', { organizationRestriction: [other.org.id] })).api;
    expect((await command(charger.id, 'reset', { type: 'soft' }, manager)).status).toBe(404);
    expect((await command(other.charger.id, 'reset', { type: 'soft' }, manager)).status).toBe(502);
    await cp.close();
    await foreign.close();
  });
});
