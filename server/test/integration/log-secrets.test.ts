import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, makeCharger, makeOrganization, makeSite, signedIn } from '../support/factories.js';
import { apiClient } from '../support/http.js';
import { basic, upgradeStatus } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
const lines: string[] = [];
beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  t = await startTestServer({ LOG_LEVEL: 'trace' }, { logStream: stream });
});
afterAll(() => t?.close());

describe('the log', () => {
  it('never contains a password, a password hash, an access token or a refresh token', async () => {
    const { user, api: admin } = await signedIn(t.url, t.db, 'admin');
    const secrets: string[] = [TEST_PASSWORD];

    const login = await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    secrets.push(login.body.accessToken);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    secrets.push(cookie.split('=')[1]!);
    const refreshed = await apiClient(t.url).request('POST', '/api/v1/auth/refresh', undefined, { cookie });
    secrets.push(refreshed.body.accessToken, refreshed.headers.getSetCookie()[0]!.split(';')[0]!.split('=')[1]!);
    await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: 'a-wrong-password-123' });
    secrets.push('a-wrong-password-123');

    const org = await makeOrganization(t.db);
    const created = await admin.post('/api/v1/users', {
      email: 'new.owner@test.example',
      name: 'New Owner',
      role: 'location_owner',
      organizationId: org.id,
      password: 'initial-secret-password',
    });
    expect(created.status).toBe(201);
    secrets.push('initial-secret-password');
    await admin.post(`/api/v1/users/${created.body.id}/reset-password`, { password: 'reset-secret-password' });
    secrets.push('reset-secret-password');
    const charger = await makeCharger(t.db, await makeSite(t.db, org.id));
    await admin.put(`/api/v1/chargers/${charger.id}/ocpp-password`, { password: 'ocpp-secret-password' });
    secrets.push('ocpp-secret-password');
    // A refused charger is logged (identity, address, reason), its password never.
    const refused = await upgradeStatus(t.url, charger.ocppIdentity, basic(charger.ocppIdentity, 'wrong-ocpp-password-123'));
    expect(refused).toBe(401);
    secrets.push('wrong-ocpp-password-123');
    const own = await admin.post('/api/v1/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'changed-secret-password',
    });
    expect(own.status).toBe(200);
    secrets.push('changed-secret-password', own.body.accessToken);

    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = lines.join('');
    expect(log).toMatch(/"url":"\/api\/v1\/auth\/login"/); // the log is really being read
    for (const secret of secrets) expect(log.includes(secret), `log contains ${secret.slice(0, 6)}…`).toBe(false);
    expect(log).not.toMatch(/\$2[aby]\$\d\d\$/);
    expect(log).not.toMatch(/sha256\$/);
    const refusal = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'OCPP connection refused');
    expect(refusal).toMatchObject({ identity: charger.ocppIdentity, reason: 'bad_password', status: 401, level: 40 });
  });
});

describe('the request log', () => {
  async function logged(env: Record<string, string>) {
    const out: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => out.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    const server = await startTestServer({ LOG_LEVEL: 'info', ...env }, { logStream: stream });
    try {
      expect((await fetch(`${server.url}/api/v1/organizations?q=secret-filter`)).status).toBe(401);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
    return out.map((line) => JSON.parse(line) as { msg: string; req?: { url: string }; res?: { statusCode: number } });
  }

  it('is one line per request at info where no terminal is attached: path without query, status, time', async () => {
    const lines = (await logged({ REQUEST_LOG_LEVEL: 'info' })).filter((l) => l.msg === 'request completed');
    expect(lines.map((l) => [l.req?.url, l.res?.statusCode])).toEqual([
      ['/api/v1/organizations', 401],
      ['/healthz', 200],
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-filter');
  });

  it('stays out of an info console at REQUEST_LOG_LEVEL=debug (the default in a terminal)', async () => {
    const lines = await logged({ REQUEST_LOG_LEVEL: 'debug' });
    expect(lines.filter((l) => l.msg === 'request completed' || l.msg === 'incoming request')).toEqual([]);
  });
});
