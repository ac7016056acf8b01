import { sql } from 'drizzle-orm';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeCode,
  connect,
  eventually,
  exchange,
  isoAgo,
  makeOcppCharger,
  makeToken,
  rawSocket,
  rows,
  sessionOf,
} from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ OCPP_MAX_FRAME_BYTES: '16384', OCPP_MAX_BAD_FRAMES: '20', OCPP_MAX_PENDING_CALLS: '20' });
});
afterAll(() => t?.close());

const errorOf = (answer: unknown) => {
  const [type, id, code] = answer as [number, string, string];
  return { type, id, code };
};

describe('bad input gets the CALLERROR or close code the spec prescribes', () => {
  it('OCPP 1.6J: 1.6 error codes for every kind of bad frame', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const ws = await rawSocket(t.url, charger.ocppIdentity, 'ocpp1.6');
    const cases: [string, { id: string; code: string }][] = [
      ['this is not json', { id: '-1', code: 'FormationViolation' }],
      ['{"an":"object"}', { id: '-1', code: 'FormationViolation' }],
      ['[2]', { id: '-1', code: 'FormationViolation' }],
      ['[2,"a1"]', { id: 'a1', code: 'FormationViolation' }],
      // ocpp-rpc rejects an unknown message type before it reads the id, so the answer carries "-1".
      ['[9,"a2","Heartbeat",{}]', { id: '-1', code: 'FormationViolation' }],
      ['[2,"a3","NoSuchAction",{}]', { id: 'a3', code: 'NotImplemented' }],
      ['[2,"a4","Heartbeat",{"extra":1}]', { id: 'a4', code: 'PropertyConstraintViolation' }],
      [
        '[2,"a5","BootNotification",{"chargePointVendor":5,"chargePointModel":"M"}]',
        { id: 'a5', code: 'TypeConstraintViolation' },
      ],
      ['[2,"a6","BootNotification",{"chargePointModel":"M"}]', { id: 'a6', code: 'OccurrenceConstraintViolation' }],
      [
        '[2,"a7","BootNotification",{"chargePointVendor":"0123456789012345678901234","chargePointModel":"M"}]',
        { id: 'a7', code: 'FormationViolation' },
      ],
      ['[2,"a8","SignCertificate",{"csr":"x"}]', { id: 'a8', code: 'NotSupported' }],
    ];
    for (const [frame, expected] of cases) expect(errorOf(await exchange(ws, frame)), frame).toEqual({ type: 4, ...expected });
    // A well-formed call still works on the same connection.
    expect(await exchange(ws, '[2,"ok","Heartbeat",{}]')).toEqual([3, 'ok', { currentTime: expect.any(String) }]);
    ws.close();
  });

  it('OCPP 2.0.1: RpcFrameworkError, MessageTypeNotSupported and the constraint violations', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const ws = await rawSocket(t.url, charger.ocppIdentity, 'ocpp2.0.1');
    const cases: [string, { id: string; code: string }][] = [
      ['{{{', { id: '-1', code: 'RpcFrameworkError' }],
      ['[2,"b1",17,{}]', { id: 'b1', code: 'RpcFrameworkError' }],
      ['[7,"b2","Heartbeat",{}]', { id: '-1', code: 'MessageTypeNotSupported' }],
      ['[2,"b3","Heartbeat2",{}]', { id: 'b3', code: 'NotImplemented' }],
      [
        '[2,"b4","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M"}}]',
        { id: 'b4', code: 'OccurrenceConstraintViolation' },
      ],
      [
        '[2,"b5","BootNotification",{"reason":"Bored","chargingStation":{"model":"M","vendorName":"V"}}]',
        { id: 'b5', code: 'FormatViolation' },
      ],
      ['[2,"b6","Heartbeat",[]]', { id: 'b6', code: 'TypeConstraintViolation' }],
    ];
    for (const [frame, expected] of cases) expect(errorOf(await exchange(ws, frame)), frame).toEqual({ type: 4, ...expected });
    ws.close();
  });

  it('an oversized frame closes with 1009, a run of unreadable frames with 1002, a flood of calls with 1008', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const big = await rawSocket(t.url, charger.ocppIdentity, 'ocpp1.6');
    const bigClosed = closeCode(big);
    big.send(`[2,"big","DataTransfer",{"vendorId":"x","data":"${'A'.repeat(20_000)}"}]`);
    expect(await bigClosed).toBe(1009);

    const junk = await rawSocket(t.url, charger.ocppIdentity, 'ocpp1.6');
    const junkClosed = closeCode(junk);
    for (let i = 0; i < 25; i++) junk.send(`garbage ${i}`);
    expect(await junkClosed).toBe(1002);

    const flood = await rawSocket(t.url, charger.ocppIdentity, 'ocpp1.6');
    const floodClosed = closeCode(flood);
    for (let i = 0; i < 300; i++)
      flood.send(
        JSON.stringify([2, `f${i}`, 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }]),
      );
    expect(await floodClosed).toBe(1008);
  });
});

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTIONS = [
  'BootNotification',
  'Heartbeat',
  'StatusNotification',
  'Authorize',
  'StartTransaction',
  'StopTransaction',
  'MeterValues',
  'DataTransfer',
  'Nope',
];
const WEIRD: unknown[] = [
  null,
  true,
  -1,
  0,
  2 ** 53,
  -1e308,
  1.5,
  '',
  'x'.repeat(300),
  '\u0000\u0001',
  '💥',
  [],
  {},
  [[[[]]]],
  { a: { b: { c: {} } } },
  'NaN',
  '2026-13-45T99:99:99Z',
];

function badFrame(random: () => number, i: number): string | Buffer {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const valid = {
    connectorId: 1,
    errorCode: 'NoError',
    status: 'Available',
    idTag: 'FUZZ',
    meterStart: 0,
    timestamp: isoAgo(1000),
    transactionId: 1,
    meterStop: 5,
    meterValue: [],
  };
  switch (i % 10) {
    case 0:
      return Buffer.from(Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
    case 1:
      return JSON.stringify(pick(WEIRD));
    case 2:
      return JSON.stringify([pick([2, 3, 4, 5, -2, 2.5, '2']), pick(WEIRD), pick(WEIRD), pick(WEIRD)]);
    case 3:
      return JSON.stringify([
        2,
        `m${i}`,
        pick(ACTIONS),
        Object.fromEntries(Object.keys(valid).map((k) => [k, random() < 0.5 ? pick(WEIRD) : valid[k as keyof typeof valid]])),
      ]);
    case 4:
      return JSON.stringify([3, `unknown-${i}`, { status: 'Accepted' }]);
    case 5:
      return JSON.stringify([4, `unknown-${i}`, 'GenericError', 'x', {}]);
    case 6:
      return `[2,"t${i}","Heartbeat",{}`.slice(0, Math.floor(random() * 24));
    case 7:
      return JSON.stringify([2, `d${i}`, 'DataTransfer', { vendorId: 'fuzz\u0000', data: String(pick(WEIRD)) }]);
    case 8:
      return `${'['.repeat(500)}${']'.repeat(500)}`;
    default:
      return JSON.stringify([
        2,
        `s${i}`,
        'StatusNotification',
        {
          connectorId: pick([1, -1, 2 ** 31, 0]),
          errorCode: pick(['NoError', 'Bogus']),
          status: pick(['Available', 'Charging', 'Exploded']),
          info: '\u0000',
        },
      ]);
  }
}

describe('fuzzing', () => {
  it('after thousands of bad frames the server still runs and a well-behaved charger completes a session correctly', async () => {
    const { charger, org } = await makeOcppCharger(t.db);
    const random = mulberry32(20_261_121);
    const deadline = Date.now() + 25_000;
    let sent = 0;
    let reconnects = 0;
    for (const protocol of ['ocpp1.6', 'ocpp2.0.1'] as const) {
      let ws: WebSocket | null = null;
      for (let i = 0; i < 1500 && Date.now() < deadline; i++) {
        if (!ws || ws.readyState !== WebSocket.OPEN) {
          ws?.terminate();
          ws = await rawSocket(t.url, charger.ocppIdentity, protocol);
          ws.on('error', () => undefined);
          reconnects++;
        }
        ws.send(badFrame(random, i));
        sent++;
        // Now and then a burst of unreadable frames: the server must close (1002) and let it back in.
        if (i % 300 === 299) for (let j = 0; j < 25; j++, sent++) ws.send(`\u0000garbage ${j}`);
        // Pace like a (misbehaving) charger on a real link, not a tight loop on loopback.
        if (i % 10 === 9) await new Promise((r) => setTimeout(r, 5));
      }
      ws?.terminate();
    }
    expect(sent).toBeGreaterThanOrEqual(2000);
    expect(reconnects).toBeGreaterThan(6);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    // The server read them all and answered the calls among them with CALLERRORs (message log).
    const logged = await eventually(async () => {
      const [row] = await rows(
        t.db,
        sql`SELECT count(*) FILTER (WHERE direction = 'in')::int AS inbound, count(*) FILTER (WHERE message_type = 4 AND direction = 'out')::int AS errors FROM ocpp_messages WHERE identity = ${charger.ocppIdentity}`,
      );
      return row.inbound >= 2000 ? row : null;
    });
    expect(logged.errors).toBeGreaterThan(500);

    // Nothing stored is corrupt: no negative energy, no half-made session.
    const [bad] = await rows(
      t.db,
      sql`SELECT count(*)::int AS n FROM charging_sessions WHERE energy_wh < 0 OR charger_id = ${charger.id}`,
    );
    expect(bad.n).toBe(0);

    const token = await makeToken(t.db, org.id);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    expect(await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' })).toMatchObject({
      status: 'Accepted',
    });
    const start: any = await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: token.token,
      meterStart: 1000,
      timestamp: isoAgo(60_000),
    });
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: start.transactionId,
      meterValue: [{ timestamp: isoAgo(30_000), sampledValue: [{ value: '1600' }] }],
    });
    await cp.call('StopTransaction', { transactionId: start.transactionId, meterStop: 2234, timestamp: isoAgo(1000) });
    expect(await sessionOf(t.db, charger.id, start.transactionId)).toMatchObject({
      status: 'completed',
      energyWh: 1234,
      flagged: false,
    });
    await cp.close();
  }, 60_000);
});
