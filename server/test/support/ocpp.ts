import { and, eq, sql } from 'drizzle-orm';
import WebSocket from 'ws';
import { hashChargerPassword } from '../../src/auth/charger-passwords.js';
import { hashPassword } from '../../src/auth/passwords.js';
import type { Db } from '../../src/db/client.js';
import { chargingSessions, idTokens } from '../../src/db/schema/index.js';
import { RPCClient, type RpcClient } from '../../src/ocpp/rpc.js';
import { makeCharger, makeOrganization, makeSite } from './factories.js';

export const CHARGER_PASSWORD = 'charger-secret-0001';
/** The fast charger format, as the API stores it; a fresh salt each time. */
export const chargerPasswordHash = async () => hashChargerPassword(CHARGER_PASSWORD);
/** A bcrypt hash as chargers provisioned before the fast format have it (upgraded at their next connection). */
export const legacyChargerPasswordHash = (password = CHARGER_PASSWORD) => hashPassword(password, 12);

export type Protocol = 'ocpp1.6' | 'ocpp2.0.1';

export const wsBase = (httpUrl: string) => `${httpUrl.replace(/^http:\/\/localhost/, 'ws://127.0.0.1')}/ocpp`;

/** An organization, a site and a charger with the test OCPP password. */
export async function makeOcppCharger(db: Db, fields: Record<string, unknown> = {}) {
  const org = await makeOrganization(db);
  const site = await makeSite(db, org.id);
  const charger = await makeCharger(db, site, { ocppPasswordHash: await chargerPasswordHash(), ...fields });
  return { org, site, charger };
}

export async function makeToken(db: Db, organizationId: string, fields: Partial<typeof idTokens.$inferInsert> = {}) {
  const [token] = await db
    .insert(idTokens)
    .values({ organizationId, token: `TAG${Math.random().toString(16).slice(2, 10).toUpperCase()}`, kind: 'rfid', ...fields })
    .returning();
  return token!;
}

/** A real OCPP client (ocpp-rpc, strict schema validation on both sides). */
export async function connect(
  httpUrl: string,
  identity: string,
  protocol: Protocol,
  password: string | null = CHARGER_PASSWORD,
): Promise<RpcClient> {
  const client = new RPCClient({
    identity,
    endpoint: wsBase(httpUrl),
    password,
    protocols: [protocol],
    strictMode: true,
    reconnect: false,
    callTimeoutMs: 10_000,
  } as unknown as ConstructorParameters<typeof RPCClient>[0]);
  await client.connect();
  return client;
}

/** The HTTP status of a refused upgrade, or 101 when it was accepted. */
export function upgradeStatus(
  httpUrl: string,
  identity: string,
  authorization: string | null,
  protocol = 'ocpp1.6',
): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsBase(httpUrl)}/${identity}`, [protocol], { headers: authorization ? { authorization } : {} });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', (error) => reject(error));
  });
}

export const basic = (identity: string, password: string) => `Basic ${Buffer.from(`${identity}:${password}`).toString('base64')}`;

/** A raw WebSocket for frames no OCPP library would send. */
export function rawSocket(
  httpUrl: string,
  identity: string,
  protocol: Protocol,
  password = CHARGER_PASSWORD,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsBase(httpUrl)}/${identity}`, [protocol], {
      headers: { authorization: basic(identity, password) },
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends one frame and waits for the next frame back. */
export function exchange(ws: WebSocket, frame: string | Buffer, timeoutMs = 2000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${String(frame).slice(0, 80)}`)), timeoutMs);
    ws.once('message', (data) => {
      clearTimeout(timer);
      resolve(JSON.parse(data.toString()));
    });
    ws.send(frame);
  });
}

export function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve(-1);
    ws.once('close', (code) => resolve(code));
  });
}

/** Waits until `check` returns a truthy value (polling), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 5000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function rows<T = any>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export const isoAgo = (ms: number) => new Date(Date.now() - ms).toISOString();

/** The stored session of a charger's transaction, typed (bigint columns as numbers on both databases). */
export async function sessionOf(db: Db, chargerId: string, transactionId: number | string) {
  const [row] = await db
    .select()
    .from(chargingSessions)
    .where(and(eq(chargingSessions.chargerId, chargerId), eq(chargingSessions.transactionId, String(transactionId))));
  return row!;
}
