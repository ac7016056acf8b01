import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

/** Text the client chose, which no answer may repeat. */
const MARKER = 'zz-marker-<b>';

interface Answer {
  status: number;
  text: string;
  contentType: string | null;
}

const send = async (path: string, init: RequestInit = {}): Promise<Answer> => {
  const response = await fetch(`${t.url}${path}`, init);
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
};

/** Bytes straight to the socket, for requests Node's HTTP parser refuses before Fastify sees them. */
function rawExchange(request: string): Promise<Answer> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // the server destroys the socket after answering
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head = '', text = ''] = raw.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      if (!status) reject(new Error(`no HTTP answer: ${raw.slice(0, 200)}`));
      const contentType = /content-type: ([^\r]+)/i.exec(head)?.[1] ?? null;
      resolve({ status, text, contentType });
    });
    socket.write(request);
  });
}

const json = (body: string, contentType = 'application/json') => ({
  method: 'POST',
  headers: { 'content-type': contentType },
  body,
});

const cases: [label: string, status: number, code: string, answer: () => Promise<Answer>][] = [
  ['bad JSON', 400, 'BAD_REQUEST', () => send('/api/v1/auth/login', json(`{"email": ${MARKER}`))],
  ['an empty JSON body', 400, 'BAD_REQUEST', () => send('/api/v1/auth/login', json(''))],
  ['a __proto__ key', 400, 'BAD_REQUEST', () => send('/api/v1/auth/login', json(`{"__proto__": {"${MARKER}": 1}}`))],
  ['an unsupported media type', 415, 'UNSUPPORTED_MEDIA_TYPE', () => send('/api/v1/auth/login', json(MARKER, 'text/x-marker'))],
  [
    'a body over 1 MB',
    413,
    'PAYLOAD_TOO_LARGE',
    () => send('/api/v1/auth/login', json(`{"email":"${'a'.repeat(1100 * 1024)}${MARKER}"}`)),
  ],
  ['an unknown route', 404, 'NOT_FOUND', () => send(`/api/v1/nowhere/${encodeURIComponent(MARKER)}`)],
  ['a path parameter over 100 characters', 414, 'URI_TOO_LONG', () => send(`/api/v1/organizations/${'a'.repeat(120)}${MARKER}`)],
  ['a path that does not percent-decode', 400, 'BAD_REQUEST', () => send(`/api/v1/organizations/${MARKER}%E0%A4%A`)],
  [
    'headers over 16 KB',
    431,
    'HEADERS_TOO_LARGE',
    () => rawExchange(`GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}${MARKER}\r\n\r\n`),
  ],
  [
    'a URL over 16 KB',
    431,
    'HEADERS_TOO_LARGE',
    () => rawExchange(`GET /api/v1/organizations?q=${'a'.repeat(20_000)}${MARKER} HTTP/1.1\r\nHost: x\r\n\r\n`),
  ],
  ['a malformed request line', 400, 'BAD_REQUEST', () => rawExchange(`GARBAGE ${MARKER}\r\n\r\n`)],
];

describe('framework errors answer in the API envelope, without repeating the request', () => {
  it.each(cases)('%s → %i %s', async (_label, status, code, answer) => {
    const { status: got, text, contentType } = await answer();
    expect(got).toBe(status);
    expect(contentType).toContain('application/json');
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    expect(text).not.toContain('zz-marker');
    expect(Object.keys(body)).toEqual(['error']);
  });
});
