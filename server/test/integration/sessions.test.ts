import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, makeUser } from '../support/factories.js';
import { apiClient } from '../support/http.js';
import { TEST_JWT_SECRET, type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
beforeAll(async () => {
  // Behind a proxy (as in production): each test names its client's address in X-Forwarded-For.
  t = await startTestServer({ ACCESS_TOKEN_TTL_SECONDS: '900', LOGIN_FAILURES_PER_ADDRESS: '10', TRUST_PROXY: 'true' });
});
afterAll(() => t?.close());

/** Signs in from `address` (as a proxy would report it): the access token and the refresh cookie. */
async function signIn(email: string, password = TEST_PASSWORD, address = '192.0.2.1') {
  const response = await apiClient(t.url).request(
    'POST',
    '/api/v1/auth/login',
    { email, password },
    { 'x-forwarded-for': address },
  );
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('cb_refresh='))
    ?.split(';')[0];
  return { status: response.status, body: response.body, token: response.body.accessToken as string, cookie: cookie ?? '' };
}

const me = (token: string) => apiClient(t.url, token).get('/api/v1/me');
const logout = (headers: Record<string, string>) => apiClient(t.url).request('POST', '/api/v1/auth/logout', undefined, headers);

describe('ending a session ends its access tokens', () => {
  it('after logout the access token of that session is refused; another device stays signed in', async () => {
    const user = await makeUser(t.db, 'technical');
    const laptop = await signIn(user.email);
    const phone = await signIn(user.email);
    expect((await me(laptop.token)).status).toBe(200);
    expect((await logout({ cookie: laptop.cookie })).status).toBe(204);
    const refused = await me(laptop.token);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('SESSION_REVOKED');
    expect((await me(phone.token)).status).toBe(200);
  });

  it('logout with the access token alone (no cookie) ends that session too', async () => {
    const user = await makeUser(t.db, 'technical');
    const session = await signIn(user.email);
    expect((await logout({ authorization: `Bearer ${session.token}` })).status).toBe(204);
    expect((await me(session.token)).body.error.code).toBe('SESSION_REVOKED');
    const refreshed = await apiClient(t.url).request('POST', '/api/v1/auth/refresh', undefined, { cookie: session.cookie });
    expect(refreshed.status).toBe(401);
  });

  it('after a password change every earlier access token is refused; the new session and a new login work', async () => {
    const user = await makeUser(t.db, 'accounts');
    const here = await signIn(user.email);
    const elsewhere = await signIn(user.email);
    const changed = await apiClient(t.url, here.token).post('/api/v1/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a-brand-new-password',
    });
    expect(changed.status).toBe(200);
    for (const old of [here.token, elsewhere.token]) {
      const refused = await me(old);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('SESSION_REVOKED');
    }
    expect((await me(changed.body.accessToken)).status).toBe(200);
    const again = await signIn(user.email, 'a-brand-new-password');
    expect(again.status).toBe(200);
    expect((await me(again.token)).status).toBe(200);
  });

  it('replaying a used refresh token (theft) ends the access tokens of that session as well', async () => {
    const user = await makeUser(t.db, 'technical');
    const session = await signIn(user.email);
    const refresh = (cookie: string) => apiClient(t.url).request('POST', '/api/v1/auth/refresh', undefined, { cookie });
    const rotated = await refresh(session.cookie);
    expect(rotated.status).toBe(200);
    expect((await me(rotated.body.accessToken)).status).toBe(200);
    expect((await refresh(session.cookie)).status).toBe(401);
    expect((await me(rotated.body.accessToken)).body.error.code).toBe('SESSION_REVOKED');
  });
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function craft(header: Record<string, unknown>, claims: Record<string, unknown>, hash: 'sha256' | 'sha512' | null = 'sha256') {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  const signature = hash ? createHmac(hash, TEST_JWT_SECRET).update(unsigned).digest('base64url') : '';
  return `${unsigned}.${signature}`;
}
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('access token verification', () => {
  let claims: { sub: unknown; sid: unknown };
  beforeAll(async () => {
    const user = await makeUser(t.db, 'admin');
    const session = await signIn(user.email);
    const { sub, sid } = claimsOf(session.token);
    claims = { sub, sid };
  });

  it('accepts a well-formed HS256 token of a live session (so the refusals below are about what they change)', async () => {
    const token = craft({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: nowSeconds(), exp: nowSeconds() + 600 });
    expect((await me(token)).status).toBe(200);
  });

  it.each([
    ['alg none without a signature', { alg: 'none', typ: 'JWT' }, null],
    ['alg none with an HMAC signature', { alg: 'none', typ: 'JWT' }, 'sha256'],
    ['another algorithm (HS512) with the same secret', { alg: 'HS512', typ: 'JWT' }, 'sha512'],
  ] as const)('refuses %s', async (_label, header, hash) => {
    const token = craft(header, { ...claims, iat: nowSeconds(), exp: nowSeconds() + 600 }, hash);
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token without exp, and one without iat', async () => {
    const noExp = await me(craft({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: nowSeconds() }));
    expect(noExp.status).toBe(401);
    expect(noExp.body.error.code).toBe('UNAUTHENTICATED');
    const noIat = await me(craft({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: nowSeconds() + 600 }));
    expect(noIat.status).toBe(401);
    expect(noIat.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token older than the access-token lifetime even if its exp lies far ahead', async () => {
    const old = craft({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: nowSeconds() - 3600, exp: nowSeconds() + 86_400 });
    const response = await me(old);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token issued in the future, and one without a session', async () => {
    const ahead = craft({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: nowSeconds() + 3600, exp: nowSeconds() + 4000 });
    expect((await me(ahead)).status).toBe(401);
    const sessionless = craft({ alg: 'HS256', typ: 'JWT' }, { sub: claims.sub, iat: nowSeconds(), exp: nowSeconds() + 600 });
    const response = await me(sessionless);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('SESSION_REVOKED');
  });
});

describe('sign-in throttling', () => {
  it('5 wrong passwords from one address lock the account there only: the owner signs in from another', async () => {
    const user = await makeUser(t.db, 'admin');
    for (let i = 0; i < 5; i++) {
      expect((await signIn(user.email, 'wrong-password-guess', '203.0.113.7')).status).toBe(401);
    }
    const attacker = await apiClient(t.url).request(
      'POST',
      '/api/v1/auth/login',
      { email: user.email, password: TEST_PASSWORD },
      { 'x-forwarded-for': '203.0.113.7' },
    );
    expect(attacker.status).toBe(429);
    expect(attacker.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(Number(attacker.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    const owner = await signIn(user.email, TEST_PASSWORD, '198.51.100.20');
    expect(owner.status).toBe(200);
    // The owner's success does not clear the other address's lock.
    expect((await signIn(user.email, TEST_PASSWORD, '203.0.113.7')).status).toBe(429);
  });

  it('one address failing against many accounts gets 429 with Retry-After, for any account; other addresses do not', async () => {
    const accounts = await Promise.all(Array.from({ length: 11 }, () => makeUser(t.db, 'driver')));
    for (const account of accounts.slice(0, 10)) {
      expect((await signIn(account.email, 'Summer2024-guess', '203.0.113.99')).status).toBe(401);
    }
    const limited = await apiClient(t.url).request(
      'POST',
      '/api/v1/auth/login',
      { email: accounts[10]!.email, password: TEST_PASSWORD },
      { 'x-forwarded-for': '203.0.113.99' },
    );
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect((await signIn(accounts[10]!.email, TEST_PASSWORD, '198.51.100.77')).status).toBe(200);
    expect((await signIn(accounts[0]!.email, TEST_PASSWORD, '198.51.100.77')).status).toBe(200);
  });
});

describe('sign-in throttling behind no proxy (TRUST_PROXY=false)', () => {
  let direct: TestServer;
  beforeAll(async () => {
    direct = await startTestServer({ TRUST_PROXY: 'false', LOGIN_FAILURES_PER_ADDRESS: '5' });
  });
  afterAll(() => direct?.close());

  it('a forged X-Forwarded-For does not escape the per-address limit', async () => {
    const users = await Promise.all(Array.from({ length: 6 }, () => makeUser(direct.db, 'driver')));
    const attempt = (email: string, password: string, i: number) =>
      apiClient(direct.url).request('POST', '/api/v1/auth/login', { email, password }, { 'x-forwarded-for': `198.18.0.${i}` });
    for (const [i, user] of users.slice(0, 5).entries())
      expect((await attempt(user.email, 'not-the-password', i)).status).toBe(401);
    const limited = await attempt(users[5]!.email, TEST_PASSWORD, 99);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });
});
