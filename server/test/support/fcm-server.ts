/**
 * A local FCM for tests, on 127.0.0.1: Google's OAuth token endpoint and the FCM HTTP v1
 * `messages:send`, strict where the real ones are. The token endpoint takes only a jwt-bearer grant
 * whose RS256 assertion verifies with the service account's public key (the key pair is made here;
 * the test gets the service account JSON with `token_uri` pointing here), names this endpoint as
 * `aud`, asks for the firebase.messaging scope and lives at most an hour. `messages:send` wants one
 * of the access tokens it issued, the project of the service account, and a message as FCM would
 * take it (a token, string-only `data`, …). Registration tokens are handed out by `registerPhone`;
 * an unknown one is refused as FCM refuses a malformed token.
 */
import { type KeyObject, generateKeyPairSync, randomBytes, randomUUID, verify } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

export interface ServiceAccountJson {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  token_uri: string;
}

export interface ReceivedFcmMessage {
  /** The registration token it was sent to. */
  token: string;
  message: {
    token: string;
    notification?: { title?: string; body?: string };
    data?: Record<string, string>;
    android?: { priority?: string };
    apns?: { headers?: Record<string, string> };
  };
  /** The access token it was sent with. */
  accessToken: string;
  /** The `name` answered. */
  name: string;
}

/** What a phone's next message is answered with (the answer is used up); none left: success. */
export type FcmOutcome = 'unregistered' | 500 | 503 | 429 | 'hang';

export interface FcmContractServer {
  url: string;
  projectId: string;
  /** The service account this server trusts (token_uri: this server). */
  serviceAccount: ServiceAccountJson;
  /** A service account with the same e-mail but a key this server does not know. */
  forgedServiceAccount(): ServiceAccountJson;
  /** A new phone's registration token, as Firebase Messaging's getToken() gives one. */
  registerPhone(): string;
  /** The app was uninstalled: the token is answered 404 UNREGISTERED from now on. */
  unregister(token: string): void;
  /** The next messages to this token are answered with these, in order. */
  answer(token: string, outcomes: FcmOutcome[]): void;
  /** Every access token issued so far stops working (as if revoked): the next send gets 401. */
  revokeAccessTokens(): void;
  /** Successful token exchanges, and refused ones with why. */
  tokenExchanges: { ok: boolean; reason?: string }[];
  /** Messages accepted (200). */
  received: ReceivedFcmMessage[];
  /** Requests to messages:send refused before any outcome, with their status and why. */
  refused: { status: number; reason: string }[];
  /** Messages answered with a configured outcome or as unregistered/invalid. */
  answered: { token: string; status: number }[];
  close(): Promise<void>;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
  }
}

/** FCM's error shape (https://firebase.google.com/docs/cloud-messaging/error-codes). */
const fcmError = (code: number, status: string, message: string, details: unknown[] = []) => ({
  error: { code, message, status, details },
});
const fcmDetail = (errorCode: string) => ({ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode });

const oauthError = (error: string, description: string) =>
  new Refusal(400, { error, error_description: description }, description);

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Checks a jwt-bearer assertion as Google's token endpoint does; returns why it is refused, or null. */
export function checkAssertion(
  assertion: string,
  publicKey: KeyObject,
  expected: { clientEmail: string; audience: string },
  now = Date.now(),
) {
  const parts = assertion.split('.');
  if (parts.length !== 3) throw oauthError('invalid_grant', 'Invalid JWT: not three parts');
  const [header64, claims64, signature64] = parts as [string, string, string];
  let header: { alg?: string };
  let claims: { iss?: unknown; sub?: unknown; aud?: unknown; scope?: unknown; iat?: unknown; exp?: unknown };
  try {
    header = JSON.parse(Buffer.from(header64, 'base64url').toString('utf8')) as typeof header;
    claims = JSON.parse(Buffer.from(claims64, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    throw oauthError('invalid_grant', 'Invalid JWT: not JSON');
  }
  if (header.alg !== 'RS256') throw oauthError('invalid_grant', `Invalid JWT: alg ${String(header.alg)}, not RS256`);
  if (!verify('sha256', Buffer.from(`${header64}.${claims64}`), publicKey, Buffer.from(signature64, 'base64url')))
    throw oauthError('invalid_grant', 'Invalid JWT Signature.');
  if (claims.iss !== expected.clientEmail) throw oauthError('invalid_grant', `Invalid JWT: iss ${String(claims.iss)}`);
  if (claims.sub !== undefined && claims.sub !== expected.clientEmail)
    throw oauthError('invalid_grant', `Invalid JWT: sub ${String(claims.sub)}`);
  if (claims.aud !== expected.audience) throw oauthError('invalid_grant', `Invalid JWT: aud ${String(claims.aud)}`);
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes(FCM_SCOPE)) throw oauthError('invalid_scope', `scope ${String(claims.scope)} lacks firebase.messaging`);
  const nowSeconds = Math.floor(now / 1000);
  if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number')
    throw oauthError('invalid_grant', 'Invalid JWT: iat and exp must be numbers');
  if (claims.iat > nowSeconds + 60) throw oauthError('invalid_grant', 'Invalid JWT: iat is in the future');
  if (claims.exp <= nowSeconds)
    throw oauthError('invalid_grant', 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe');
  if (claims.exp - claims.iat > 3600) throw oauthError('invalid_grant', 'Invalid JWT: exp is more than an hour after iat');
  return claims;
}

/** Checks a send request's body as FCM does; returns the message. */
function checkMessage(body: Buffer): ReceivedFcmMessage['message'] {
  let parsed: { message?: unknown; validate_only?: unknown };
  try {
    parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
  } catch {
    throw new Refusal(400, fcmError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.'), 'not JSON');
  }
  const invalid = (field: string, description: string) =>
    new Refusal(
      400,
      fcmError(400, 'INVALID_ARGUMENT', description, [
        { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description }] },
      ]),
      `${field}: ${description}`,
    );
  const message = parsed.message as Record<string, unknown> | undefined;
  if (!message || typeof message !== 'object') throw invalid('message', 'The message is missing');
  const known = new Set([
    'token',
    'topic',
    'condition',
    'notification',
    'data',
    'android',
    'apns',
    'webpush',
    'fcm_options',
    'name',
  ]);
  for (const key of Object.keys(message))
    if (!known.has(key)) throw invalid(`message.${key}`, `Invalid JSON payload received. Unknown name "${key}"`);
  if (typeof message.token !== 'string' || !message.token)
    throw invalid('message.token', 'Exactly one of token, topic or condition must be given (here: a token)');
  if (message.topic !== undefined || message.condition !== undefined)
    throw invalid('message', 'Exactly one of token, topic or condition must be given');
  if (message.notification !== undefined) {
    const n = message.notification as Record<string, unknown>;
    for (const key of ['title', 'body'])
      if (n[key] !== undefined && typeof n[key] !== 'string') throw invalid(`message.notification.${key}`, 'must be a string');
  }
  if (message.data !== undefined) {
    if (typeof message.data !== 'object' || message.data === null) throw invalid('message.data', 'must be a map');
    Object.entries(message.data as Record<string, unknown>).forEach(([key, value], index) => {
      if (typeof value !== 'string')
        throw invalid(
          `message.data[${index}].value`,
          `Invalid value at 'message.data[${index}].value' (TYPE_STRING), ${String(value)}`,
        );
      if (key === 'from' || key === 'notification' || key.startsWith('google.') || key.startsWith('gcm.'))
        throw invalid(`message.data[${index}].key`, `Invalid data key "${key}"`);
    });
  }
  if (message.android !== undefined) {
    const priority = (message.android as { priority?: unknown }).priority;
    if (priority !== undefined && !['HIGH', 'NORMAL'].includes(String(priority).toUpperCase()))
      throw invalid('message.android.priority', `Invalid value "${String(priority)}"`);
  }
  if (message.apns !== undefined) {
    const headers = (message.apns as { headers?: Record<string, unknown> }).headers ?? {};
    for (const [key, value] of Object.entries(headers))
      if (typeof value !== 'string') throw invalid(`message.apns.headers[${key}]`, 'must be a string');
    const apnsPriority = headers['apns-priority'];
    if (apnsPriority !== undefined && !['5', '10', '1'].includes(apnsPriority as string))
      throw invalid('message.apns.headers[apns-priority]', `Invalid apns-priority ${String(apnsPriority)}`);
  }
  return message as unknown as ReceivedFcmMessage['message'];
}

/** Starts the contract server on 127.0.0.1 and a free port. */
export async function startFcmServer(options: { accessTokenSeconds?: number } = {}): Promise<FcmContractServer> {
  const projectId = `chargeboard-test-${randomBytes(3).toString('hex')}`;
  const clientEmail = `fcm-sender@${projectId}.iam.gserviceaccount.com`;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const accessTokens = new Map<string, number>(); // token → expiry (epoch ms)
  const phones = new Map<string, { registered: boolean; outcomes: FcmOutcome[] }>();
  const tokenExchanges: FcmContractServer['tokenExchanges'] = [];
  const received: ReceivedFcmMessage[] = [];
  const refused: FcmContractServer['refused'] = [];
  const answered: FcmContractServer['answered'] = [];
  const hanging = new Set<ServerResponse>();
  let origin = '';

  const send = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    response.end(JSON.stringify(body));
  };

  const tokenEndpoint = (request: IncomingMessage, body: Buffer) => {
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      throw oauthError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      throw oauthError('unsupported_grant_type', `Invalid grant_type: ${form.get('grant_type') ?? ''}`);
    checkAssertion(form.get('assertion') ?? '', publicKey, { clientEmail, audience: `${origin}/token` });
    const lifetime = options.accessTokenSeconds ?? 3599;
    const accessToken = `ya29.test-${randomBytes(24).toString('base64url')}`;
    accessTokens.set(accessToken, Date.now() + lifetime * 1000);
    return { access_token: accessToken, expires_in: lifetime, token_type: 'Bearer' };
  };

  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const path = request.url ?? '';
      if (request.method === 'POST' && path === '/token') {
        try {
          send(response, 200, tokenEndpoint(request, body));
          tokenExchanges.push({ ok: true });
        } catch (error) {
          const refusal = error instanceof Refusal ? error : new Refusal(500, { error: 'internal' }, String(error));
          tokenExchanges.push({ ok: false, reason: refusal.message });
          send(response, refusal.status, refusal.body);
        }
        return;
      }
      const project = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(path)?.[1];
      try {
        if (request.method !== 'POST' || !project)
          throw new Refusal(
            404,
            fcmError(404, 'NOT_FOUND', 'The requested URL was not found on this server.'),
            `no route ${path}`,
          );
        const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
        const expiry = bearer ? accessTokens.get(bearer) : undefined;
        if (!bearer || expiry === undefined || expiry <= Date.now())
          throw new Refusal(
            401,
            fcmError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token.'),
            `bad bearer ${bearer ?? '(none)'}`,
          );
        if (decodeURIComponent(project) !== projectId)
          throw new Refusal(
            403,
            fcmError(403, 'PERMISSION_DENIED', 'Permission denied for this project.', [fcmDetail('SENDER_ID_MISMATCH')]),
            `project ${project}`,
          );
        if (!String(request.headers['content-type'] ?? '').startsWith('application/json'))
          throw new Refusal(400, fcmError(400, 'INVALID_ARGUMENT', 'Content-Type must be JSON'), 'not JSON');
        const message = checkMessage(body);
        const phone = phones.get(message.token);
        if (!phone)
          throw new Refusal(
            400,
            fcmError(400, 'INVALID_ARGUMENT', 'The registration token is not a valid FCM registration token', [
              fcmDetail('INVALID_ARGUMENT'),
            ]),
            `unknown token ${message.token.slice(0, 12)}…`,
          );
        if (!phone.registered) {
          answered.push({ token: message.token, status: 404 });
          send(response, 404, fcmError(404, 'NOT_FOUND', 'Requested entity was not found.', [fcmDetail('UNREGISTERED')]));
          return;
        }
        const outcome = phone.outcomes.shift();
        if (outcome === 'hang') {
          hanging.add(response);
          response.on('close', () => hanging.delete(response));
          return;
        }
        if (outcome === 'unregistered') {
          phone.registered = false;
          answered.push({ token: message.token, status: 404 });
          send(response, 404, fcmError(404, 'NOT_FOUND', 'Requested entity was not found.', [fcmDetail('UNREGISTERED')]));
          return;
        }
        if (outcome !== undefined) {
          answered.push({ token: message.token, status: outcome });
          const [status, code] =
            outcome === 429
              ? (['RESOURCE_EXHAUSTED', 'QUOTA_EXCEEDED'] as const)
              : outcome === 503
                ? (['UNAVAILABLE', 'UNAVAILABLE'] as const)
                : (['INTERNAL', 'INTERNAL'] as const);
          response.writeHead(outcome, {
            'content-type': 'application/json; charset=UTF-8',
            ...(outcome === 429 ? { 'retry-after': '1' } : {}),
          });
          response.end(JSON.stringify(fcmError(outcome, status, 'Try again later.', [fcmDetail(code)])));
          return;
        }
        const name = `projects/${projectId}/messages/${randomUUID()}`;
        received.push({ token: message.token, message, accessToken: bearer, name });
        send(response, 200, { name });
      } catch (error) {
        const refusal =
          error instanceof Refusal ? error : new Refusal(500, fcmError(500, 'INTERNAL', 'Internal error'), String(error));
        refused.push({ status: refusal.status, reason: refusal.message });
        send(response, refusal.status, refusal.body);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const account = (key: string): ServiceAccountJson => ({
    type: 'service_account',
    project_id: projectId,
    private_key_id: randomBytes(20).toString('hex'),
    private_key: key,
    client_email: clientEmail,
    client_id: String(100_000_000_000 + Math.floor(Math.random() * 1e9)),
    token_uri: `${origin}/token`,
  });

  return {
    url: origin,
    projectId,
    serviceAccount: account(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
    forgedServiceAccount: () =>
      account(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
    registerPhone() {
      // The shape of a real one: an instance id, a colon, then APA91b… (about 160 characters).
      const token = `${randomBytes(16).toString('base64url').slice(0, 22)}:APA91b${randomBytes(100).toString('base64url')}`;
      phones.set(token, { registered: true, outcomes: [] });
      return token;
    },
    unregister(token) {
      const phone = phones.get(token);
      if (!phone) throw new Error('unknown phone');
      phone.registered = false;
    },
    answer(token, outcomes) {
      const phone = phones.get(token);
      if (!phone) throw new Error('unknown phone');
      phone.outcomes.push(...outcomes);
    },
    revokeAccessTokens: () => accessTokens.clear(),
    tokenExchanges,
    received,
    refused,
    answered,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
