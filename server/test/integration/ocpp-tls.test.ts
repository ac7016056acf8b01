import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../src/config.js';
import { RPCClient, type RpcClient } from '../../src/ocpp/rpc.js';
import { runSimulator } from '../../src/ocpp/simulator.js';
import { makeCharger } from '../support/factories.js';
import { CHARGER_PASSWORD, basic, chargerPasswordHash, makeOcppCharger } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

/**
 * OCPP security profile 2: TLS with the server's certificate plus HTTP Basic auth, on the one
 * port of the API. The certificates are made here with the openssl CLI: a root CA the clients
 * trust, an intermediate (TLS_CA_FILE, sent as the chain) and the server certificate for localhost.
 */
let dir: string;
let files: { cert: string; key: string; chain: string; root: string };
let t: TestServer;
let wss: string;
const clients: RpcClient[] = [];

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function makeCertificates(): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  writeFileSync(path.join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  writeFileSync(
    path.join(dir, 'server.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n',
  );
  openssl('req', '-x509', ...ec, '-keyout', 'root.key', '-out', 'root.pem', '-days', '2', '-subj', '/CN=Chargeboard Test Root');
  openssl('req', ...ec, '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=Chargeboard Test Intermediate');
  openssl(
    'x509',
    '-req',
    '-in',
    'int.csr',
    '-CA',
    'root.pem',
    '-CAkey',
    'root.key',
    '-set_serial',
    '2',
    '-days',
    '2',
    '-extfile',
    'ca.ext',
    '-out',
    'int.pem',
  );
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'int.pem',
    '-CAkey',
    'int.key',
    '-set_serial',
    '3',
    '-days',
    '2',
    '-extfile',
    'server.ext',
    '-out',
    'server.pem',
  );
  files = {
    cert: path.join(dir, 'server.pem'),
    key: path.join(dir, 'server.key'),
    chain: path.join(dir, 'int.pem'),
    root: path.join(dir, 'root.pem'),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'chargeboard-tls-'));
  makeCertificates();
  t = await startTestServer({ TLS_CERT_FILE: files.cert, TLS_KEY_FILE: files.key, TLS_CA_FILE: files.chain });
  wss = `${t.url.replace(/^https:\/\/localhost/, 'wss://localhost')}/ocpp`;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const trusted = () => ({ ca: readFileSync(files.root) });

async function connectTls(identity: string, protocol: 'ocpp1.6' | 'ocpp2.0.1', wsOpts: Record<string, unknown> = trusted()) {
  const client = new RPCClient({
    identity,
    endpoint: wss,
    password: CHARGER_PASSWORD,
    protocols: [protocol],
    strictMode: true,
    reconnect: false,
    callTimeoutMs: 10_000,
    wsOpts,
  } as unknown as ConstructorParameters<typeof RPCClient>[0]);
  clients.push(client);
  await client.connect();
  return client;
}

function getJson(url: string, ca?: Buffer): Promise<{ status: number; body: unknown; hsts?: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, ca ? { ca } : {}, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), hsts: res.headers['strict-transport-security'] }),
        );
      })
      .on('error', reject);
  });
}

/** Resolves with the HTTP status of the upgrade (101 when accepted), or rejects with the transport error. */
function upgrade(url: string, headers: Record<string, string>, options: Record<string, unknown> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['ocpp1.6'], { headers, ...options });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', reject);
  });
}

describe('OCPP security profile 2 (TLS + basic auth)', () => {
  it('serves the API over HTTPS on the same port', async () => {
    expect(t.url).toMatch(/^https:\/\/localhost:\d+$/);
    const ready = await getJson(`${t.url}/readyz`, trusted().ca);
    // HSTS is sent because this process itself serves TLS (never on plain HTTP).
    expect(ready).toEqual({
      status: 200,
      body: { status: 'ready', database: 'ok' },
      hsts: 'max-age=31536000; includeSubDomains',
    });
  });

  it('boots and heartbeats an OCPP 1.6 charger over wss://', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const client = await connectTls(charger.ocppIdentity, 'ocpp1.6');
    const boot = await client.call('BootNotification', { chargePointVendor: 'ABB', chargePointModel: 'Terra AC' });
    expect(boot).toMatchObject({ status: 'Accepted' });
    const beat = (await client.call('Heartbeat', {})) as { currentTime: string };
    expect(Number.isNaN(Date.parse(beat.currentTime))).toBe(false);
  });

  it('boots and heartbeats an OCPP 2.0.1 charger over wss://', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const client = await connectTls(charger.ocppIdentity, 'ocpp2.0.1');
    const boot = await client.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { vendorName: 'Kempower', model: 'S-Series' },
    });
    expect(boot).toMatchObject({ status: 'Accepted' });
    const beat = (await client.call('Heartbeat', {})) as { currentTime: string };
    expect(Number.isNaN(Date.parse(beat.currentTime))).toBe(false);
  });

  it('still refuses a wrong password with 401 over wss://', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const url = `${wss}/${charger.ocppIdentity}`;
    expect(await upgrade(url, { authorization: basic(charger.ocppIdentity, 'not-the-password') }, trusted())).toBe(401);
    expect(await upgrade(url, { authorization: basic(charger.ocppIdentity, CHARGER_PASSWORD) }, trusted())).toBe(101);
  });

  it('fails the TLS handshake for a client that does not trust the certificate', async () => {
    const { charger } = await makeOcppCharger(t.db);
    await expect(connectTls(charger.ocppIdentity, 'ocpp1.6', {})).rejects.toThrow(/certificate/i);
    await expect(getJson(`${t.url}/readyz`)).rejects.toThrow(/certificate/i);
  });

  it('does not take plain ws:// or http:// on the TLS port', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const plain = `${wss.replace('wss://', 'ws://')}/${charger.ocppIdentity}`;
    await expect(upgrade(plain, { authorization: basic(charger.ocppIdentity, CHARGER_PASSWORD) })).rejects.toThrow();
  });
});

describe('chargeboard simulate over wss://', () => {
  it('boots with --ca trusting the private root', async () => {
    const { site } = await makeOcppCharger(t.db);
    await makeCharger(t.db, site, { ocppIdentity: 'TLSSIM-001', ocppPasswordHash: await chargerPasswordHash() });
    const lines: string[] = [];
    const args = ['--chargers', '1', '--prefix', 'TLSSIM', '--url', wss, '--password', CHARGER_PASSWORD, '--duration', '1.5'];
    expect(await runSimulator([...args, '--ca', files.root], (line) => lines.push(line))).toBe(0);
    expect(lines.filter((line) => line.includes('boot Accepted'))).toHaveLength(1);
    const untrusted: string[] = [];
    expect(await runSimulator([...args, '--duration', '0.5'], (line) => untrusted.push(line))).toBe(0);
    expect(untrusted.some((line) => /connect failed: .*certificate/i.test(line))).toBe(true);
  });
});

describe('TLS settings', () => {
  it('needs the certificate and the key together, and readable files', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: files.cert })).toThrow(ConfigError);
    expect(() => loadConfig({ TLS_CERT_FILE: files.cert })).toThrow('TLS_CERT_FILE and TLS_KEY_FILE must be set together');
    expect(() => loadConfig({ TLS_CERT_FILE: path.join(dir, 'missing.pem'), TLS_KEY_FILE: files.key })).toThrow(
      /TLS_CERT_FILE cannot be read: ENOENT/,
    );
    expect(() => loadConfig({ TLS_CERT_FILE: files.cert, TLS_KEY_FILE: path.join(dir, 'root.key') })).toThrow(
      /not a usable PEM certificate and key/,
    );
    expect(() => loadConfig({ TLS_CA_FILE: files.chain })).toThrow('TLS_CA_FILE needs TLS_CERT_FILE and TLS_KEY_FILE');
    expect(loadConfig({ TLS_CERT_FILE: files.cert, TLS_KEY_FILE: files.key }).cookieSecure).toBe(true);
  });
});
