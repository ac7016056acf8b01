/**
 * A local push service for tests: like a real one (RFC 8030) it accepts a message only with a valid
 * VAPID Authorization header (RFC 8292: `vapid t=<ES256 JWT>, k=<public key>`, `aud` the endpoint's
 * origin, `exp` in the future and at most 24 h ahead), and, being also the "browser", it holds each
 * subscription's private key and auth secret and decrypts the aes128gcm body (RFC 8291 + RFC 8188).
 */
import {
  type ECDH,
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  randomUUID,
  verify as verifySignature,
} from 'node:crypto';
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestSubscription {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** What the browser posts: PushSubscription.toJSON(). */
  json: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
}

export interface ReceivedPush {
  subscriptionId: string;
  /** The decrypted payload. */
  text: string;
  headers: IncomingMessage['headers'];
  /** The VAPID public key the request was signed with (`k=`). */
  vapidKey: string;
  claims: { aud: string; exp: number; sub?: string };
}

export interface PushEndpoint {
  url: string;
  /** A new browser subscription on this service (its keys made here, like PushManager.subscribe). */
  subscribe(): TestSubscription;
  /** Answer this subscription's messages with `status` (after checking and decrypting them) from now on. */
  respondWith(subscriptionId: string, status: number): void;
  /** Messages accepted (2xx) or answered with a configured status, decrypted. */
  received: ReceivedPush[];
  /** Requests refused before decryption, with why (bad VAPID header, undecryptable body). */
  refused: { status: number; reason: string }[];
  close(): Promise<void>;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A raw uncompressed P-256 point as a key object node:crypto can verify with. */
function p256PublicKey(point: Buffer) {
  if (point.length !== 65 || point[0] !== 4) throw new Refusal(401, 'k is not an uncompressed P-256 point');
  return createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });
}

/** RFC 8292 §2–3: checks the header and returns the key and claims. */
export function checkVapid(authorization: string | undefined, origin: string, now = Date.now()) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) throw new Refusal(401, `no vapid Authorization header: ${authorization ?? '(none)'}`);
  const [, token, key] = match as unknown as [string, string, string];
  const parts = token.split('.');
  if (parts.length !== 3) throw new Refusal(401, 'the JWT does not have three parts');
  const [header64, claims64, signature64] = parts as [string, string, string];
  const header = JSON.parse(Buffer.from(header64, 'base64url').toString('utf8')) as { alg?: string; typ?: string };
  if (header.alg !== 'ES256') throw new Refusal(401, `JWT alg is ${header.alg}, not ES256`);
  const signature = Buffer.from(signature64, 'base64url');
  if (signature.length !== 64) throw new Refusal(401, 'an ES256 signature is 64 bytes (r || s)');
  const signed = verifySignature(
    'sha256',
    Buffer.from(`${header64}.${claims64}`),
    { key: p256PublicKey(Buffer.from(key, 'base64url')), dsaEncoding: 'ieee-p1363' },
    signature,
  );
  if (!signed) throw new Refusal(403, 'the JWT signature does not verify with k');
  const claims = JSON.parse(Buffer.from(claims64, 'base64url').toString('utf8')) as {
    aud?: unknown;
    exp?: unknown;
    sub?: unknown;
  };
  if (claims.aud !== origin) throw new Refusal(403, `aud is ${String(claims.aud)}, not ${origin}`);
  const nowSeconds = Math.floor(now / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) throw new Refusal(403, 'exp is not in the future');
  if (claims.exp > nowSeconds + 24 * 3600 + 60) throw new Refusal(403, 'exp is more than 24 hours ahead');
  if (claims.sub !== undefined && (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)))
    throw new Refusal(403, `sub ${String(claims.sub)} is neither mailto: nor https:`);
  return { key, claims: { aud: claims.aud, exp: claims.exp, sub: claims.sub as string | undefined } };
}

const hmacHkdf = (ikm: Buffer, salt: Buffer, info: Buffer, length: number) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, length));

/**
 * RFC 8291 §3.4 and RFC 8188 §2: the header (salt, record size, the sender's public key as key id),
 * the input keying material from ECDH and the auth secret, then each record opened with AES-128-GCM
 * and its padding (delimiter 0x02 on the last record, 0x01 before it) removed.
 */
export function decryptAes128gcm(body: Buffer, receiver: ECDH, authSecret: Buffer): string {
  if (body.length < 21) throw new Refusal(400, 'the body is shorter than an aes128gcm header');
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const senderPublic = body.subarray(21, 21 + idLength);
  if (idLength !== 65 || senderPublic[0] !== 4) throw new Refusal(400, 'the key id is not the sender’s P-256 public key');
  if (recordSize < 18) throw new Refusal(400, `record size ${recordSize} is too small`);
  const receiverPublic = receiver.getPublicKey();
  const ecdhSecret = receiver.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiverPublic, senderPublic]);
  const ikm = hmacHkdf(ecdhSecret, authSecret, keyInfo, 32);
  const cek = hmacHkdf(ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const baseNonce = hmacHkdf(ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12);

  const records = body.subarray(21 + idLength);
  const plain: Buffer[] = [];
  let sawLast = false;
  for (let offset = 0, seq = 0; offset < records.length; offset += recordSize, seq++) {
    if (sawLast) throw new Refusal(400, 'a record follows the last one');
    const record = records.subarray(offset, offset + recordSize);
    if (record.length < 17) throw new Refusal(400, 'a record is shorter than its tag');
    const nonce = Buffer.from(baseNonce);
    // The record's sequence number XORed into the nonce (big-endian; the last 4 bytes are ample here).
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    let padded: Buffer;
    try {
      padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    } catch {
      throw new Refusal(400, `record ${seq} does not decrypt (wrong keys or altered)`);
    }
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    if (end < 0) throw new Refusal(400, `record ${seq} has no padding delimiter`);
    if (padded[end] === 2) sawLast = true;
    else if (padded[end] !== 1) throw new Refusal(400, `record ${seq} has delimiter ${padded[end]}`);
    plain.push(padded.subarray(0, end));
  }
  if (!sawLast) throw new Refusal(400, 'the last record is missing (truncated body)');
  return Buffer.concat(plain).toString('utf8');
}

/** Starts the push service on 127.0.0.1 and a free port. */
export async function startPushEndpoint(): Promise<PushEndpoint> {
  const subscriptions = new Map<string, { ecdh: ECDH; auth: Buffer; status: number }>();
  const received: ReceivedPush[] = [];
  const refused: { status: number; reason: string }[] = [];
  let origin = '';

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const id = /^\/push\/([0-9a-f-]{36})$/.exec(request.url ?? '')?.[1];
        const subscription = id ? subscriptions.get(id) : undefined;
        if (request.method !== 'POST' || !id || !subscription) throw new Refusal(404, 'no such subscription');
        const { key, claims } = checkVapid(request.headers.authorization, origin);
        if (request.headers['content-encoding'] !== 'aes128gcm') throw new Refusal(415, 'Content-Encoding is not aes128gcm');
        if (!/^\d+$/.test(String(request.headers.ttl ?? ''))) throw new Refusal(400, 'no TTL header');
        const text = decryptAes128gcm(Buffer.concat(chunks), subscription.ecdh, subscription.auth);
        received.push({ subscriptionId: id, text, headers: request.headers, vapidKey: key, claims });
        response.writeHead(
          subscription.status,
          subscription.status === 201 ? { location: `${origin}/message/${randomUUID()}` } : {},
        );
        response.end();
      } catch (error) {
        const status = error instanceof Refusal ? error.status : 500;
        refused.push({ status, reason: (error as Error).message });
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end((error as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    received,
    refused,
    subscribe() {
      const id = randomUUID();
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      subscriptions.set(id, { ecdh, auth, status: 201 });
      const endpoint = `${origin}/push/${id}`;
      const keys = { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') };
      return { id, endpoint, keys, json: { endpoint, expirationTime: null, keys } };
    },
    respondWith(subscriptionId, status) {
      const subscription = subscriptions.get(subscriptionId);
      if (!subscription) throw new Error(`unknown subscription ${subscriptionId}`);
      subscription.status = status;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
