import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginFailures } from '../../src/db/schema/index.js';
import { TEST_PASSWORD, makeOrganization, makeUser } from '../support/factories.js';
import { apiClient } from '../support/http.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ ACCESS_TOKEN_TTL_SECONDS: '30' });
});
afterAll(() => t?.close());

function cookieFrom(headers: Headers): string {
  const cookie = headers.getSetCookie().find((c) => c.startsWith('cb_refresh='));
  if (!cookie) throw new Error('no refresh cookie');
  return cookie.split(';')[0]!;
}

const refresh = (cookie: string) => apiClient(t.url).request('POST', '/api/v1/auth/refresh', undefined, { cookie });

describe('login', () => {
  it('returns a short-lived access token, the user, scope and permissions, and an httpOnly refresh cookie', async () => {
    const org = await makeOrganization(t.db);
    const user = await makeUser(t.db, 'cpo', { organizationId: org.id });
    const response = await apiClient(t.url).post('/api/v1/auth/login', {
      email: user.email.toUpperCase(),
      password: TEST_PASSWORD,
    });
    expect(response.status).toBe(200);
    expect(response.body.expiresIn).toBe(30);
    expect(response.body.me.user).toMatchObject({ email: user.email, role: 'cpo', roleName: 'CPO' });
    expect(response.body.me.scope.organizationIds).toEqual([org.id]);
    expect(response.body.me.permissions).toContain('chargers:read');
    expect(response.body.me.permissions).not.toContain('chargers:write');
    const setCookie = response.headers.getSetCookie().join(';');
    expect(setCookie).toMatch(/cb_refresh=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(JSON.stringify(response.body)).not.toMatch(/\$2[aby]\$/);
  });

  it('sets a readable “signed in” hint beside the refresh cookie, and clears both when the session ends', async () => {
    const user = await makeUser(t.db, 'admin');
    const login = await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    const hint = login.headers.getSetCookie().find((c) => c.startsWith('cb_signed_in='));
    // The page reads it (not HttpOnly), for the whole site; it says only that a session may exist.
    expect(hint).toMatch(/^cb_signed_in=1;/);
    expect(hint).toMatch(/Path=\//);
    expect(hint).not.toMatch(/HttpOnly/i);
    const cookie = cookieFrom(login.headers);

    const cleared = (headers: Headers) =>
      headers
        .getSetCookie()
        .filter((c) => /^(cb_signed_in|cb_refresh)=;/.test(c) && /Expires=Thu, 01 Jan 1970/i.test(c))
        .map((c) => c.split('=')[0])
        .sort();
    const logout = await apiClient(t.url).request('POST', '/api/v1/auth/logout', undefined, { cookie });
    expect(logout.status).toBe(204);
    expect(cleared(logout.headers)).toEqual(['cb_refresh', 'cb_signed_in']);
    // A refresh with the ended session's cookie is refused and tells the browser to stop asking.
    const stale = await refresh(cookie);
    expect(stale.status).toBe(401);
    expect(cleared(stale.headers)).toEqual(['cb_refresh', 'cb_signed_in']);
  });

  it('refuses a wrong password and an unknown e-mail with the same answer', async () => {
    const user = await makeUser(t.db, 'admin');
    const wrong = await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: 'nope-nope-nope' });
    const unknown = await apiClient(t.url).post('/api/v1/auth/login', {
      email: 'nobody@test.example',
      password: 'nope-nope-nope',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
  });

  it('rejects unknown fields in the body', async () => {
    const response = await apiClient(t.url).post('/api/v1/auth/login', { email: 'a@b.c', password: 'x', admin: true });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.message).toMatch(/admin/);
  });

  it('locks an account for 15 minutes after 5 failures within 15 minutes', async () => {
    const user = await makeUser(t.db, 'accounts');
    const api = apiClient(t.url);
    for (let i = 0; i < 5; i++) {
      expect((await api.post('/api/v1/auth/login', { email: user.email, password: 'wrong-password' })).status).toBe(401);
    }
    const locked = await api.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(locked.body.error.details.retryAfterSeconds).toBeGreaterThan(14 * 60);
    // Another account is not affected.
    const other = await makeUser(t.db, 'accounts');
    expect((await api.post('/api/v1/auth/login', { email: other.email, password: TEST_PASSWORD })).status).toBe(200);
    // 15 minutes later the lock has lifted.
    await t.db
      .update(loginFailures)
      .set({ at: sql`now() - interval '16 minutes'` })
      .where(sql`${loginFailures.email} = ${user.email}`);
    expect((await api.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(200);
  });
});

describe('tokens', () => {
  it('refuses requests without a token, with a forged token, and with an expired token', async () => {
    expect((await apiClient(t.url).get('/api/v1/me')).body.error.code).toBe('UNAUTHENTICATED');
    expect((await apiClient(t.url, 'not.a.jwt').get('/api/v1/me')).status).toBe(401);
    const expired = t.server.app.jwt.sign({ sub: (await makeUser(t.db, 'admin')).id }, { expiresIn: -10 });
    const response = await apiClient(t.url, expired).get('/api/v1/me');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('rotates the refresh token: each is single-use, and replaying a used one revokes the family', async () => {
    const user = await makeUser(t.db, 'technical');
    const login = await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    const first = cookieFrom(login.headers);
    const rotated = await refresh(first);
    expect(rotated.status).toBe(200);
    expect(rotated.body.accessToken).toEqual(expect.any(String));
    const second = cookieFrom(rotated.headers);
    expect(second).not.toBe(first);
    expect((await apiClient(t.url, rotated.body.accessToken).get('/api/v1/me')).status).toBe(200);
    // Replay of the first token: refused, and the second (same family) dies with it.
    expect((await refresh(first)).status).toBe(401);
    expect((await refresh(second)).status).toBe(401);
  });

  it('logout revokes the refresh token', async () => {
    const user = await makeUser(t.db, 'technical');
    const login = await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    const cookie = cookieFrom(login.headers);
    const out = await apiClient(t.url).request('POST', '/api/v1/auth/logout', undefined, { cookie });
    expect(out.status).toBe(204);
    expect((await refresh(cookie)).status).toBe(401);
  });

  it('a disabled user loses access at once, access token and refresh token alike', async () => {
    const user = await makeUser(t.db, 'network_manager');
    const login = await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    await t.db.execute(sql`UPDATE users SET disabled = true WHERE id = ${user.id}`);
    expect((await apiClient(t.url, login.body.accessToken).get('/api/v1/me')).status).toBe(401);
    expect((await refresh(cookieFrom(login.headers))).status).toBe(401);
  });
});

describe('own password and profile', () => {
  it('changing the password needs the current one, ends other sessions, and the new one works', async () => {
    const user = await makeUser(t.db, 'accounts');
    const login = await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    const api = apiClient(t.url, login.body.accessToken);
    const wrong = await api.post('/api/v1/me/password', {
      currentPassword: 'not-it-at-all',
      newPassword: 'a-brand-new-password',
    });
    expect(wrong.status).toBe(401);
    const short = await api.post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    const long = await api.post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: '🔋'.repeat(20) });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/72 bytes/);
    const common = await api.post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'Password123!' });
    expect(common.status).toBe(422);
    expect(common.body.error.code).toBe('PASSWORD_TOO_WEAK');
    expect(common.body.error.message).toMatch(/too common or easy to guess/);
    const changed = await api.post('/api/v1/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a-brand-new-password',
    });
    expect(changed.status).toBe(200);
    expect((await refresh(cookieFrom(login.headers))).status).toBe(401);
    expect((await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(401);
    expect(
      (await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: 'a-brand-new-password' })).status,
    ).toBe(200);
  });

  it('a user who must change the password can do only that until it is changed', async () => {
    const user = await makeUser(t.db, 'admin', { mustChangePassword: true });
    const login = await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(login.body.me.user.mustChangePassword).toBe(true);
    const api = apiClient(t.url, login.body.accessToken);
    const blocked = await api.get('/api/v1/organizations');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await api.post('/api/v1/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'another-good-password',
    });
    expect(changed.status).toBe(200);
    expect((await apiClient(t.url, changed.body.accessToken).get('/api/v1/organizations')).status).toBe(200);
  });

  it('updates the own name and phone', async () => {
    const user = await makeUser(t.db, 'driver');
    const login = await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    const updated = await apiClient(t.url, login.body.accessToken).patch('/api/v1/me', {
      name: 'New Name',
      phone: '+94 77 123 4567',
    });
    expect(updated.status).toBe(200);
    expect(updated.body.user).toMatchObject({ name: 'New Name', phone: '+94 77 123 4567' });
  });
});
