import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_PASSWORD,
  browserSession,
  firstSignIn,
  makeCustomRole,
  makeOrganization,
  makeUser,
  signedIn,
} from '../support/factories.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let admin: ApiClient;
let adminId: string;
beforeAll(async () => {
  t = await startTestServer();
  const signed = await signedIn(t.url, t.db, 'admin');
  admin = signed.api;
  adminId = signed.user.id;
});
afterAll(() => t?.close());

const INITIAL = 'initial-password-1';
let counter = 0;
const newEmail = (label: string) => `${label}-${++counter}-${Date.now()}@users.example`;

/** An organization with a sub-organization and a signed-in CPO of the parent. */
async function cpoSetup() {
  const org = await makeOrganization(t.db, { name: 'Lanka EV' });
  const sub = await makeOrganization(t.db, { name: 'Lanka EV Hotels', parentId: org.id });
  const cpo = await signedIn(t.url, t.db, 'cpo', { organizationId: org.id });
  return { org, sub, cpo: cpo.api, cpoUser: cpo.user };
}

describe('creating users', () => {
  it('creates a user who must change the initial password at first sign-in, and never shows the hash', async () => {
    const org = await makeOrganization(t.db, { name: 'Ceylon Charge' });
    const email = newEmail('Operator');
    const created = await admin.post('/api/v1/users', {
      email,
      name: 'Nimal Perera',
      role: 'cpo',
      organizationId: org.id,
      password: INITIAL,
      phone: '+94 77 000 0000',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: email.toLowerCase(),
      name: 'Nimal Perera',
      role: 'cpo',
      roleName: 'CPO',
      organizationId: org.id,
      organizationName: 'Ceylon Charge',
      customRoleId: null,
      organizationRestriction: null,
      disabled: false,
      mustChangePassword: true,
      lastLoginAt: null,
      phone: '+94 77 000 0000',
    });
    expect(JSON.stringify(created.body)).not.toMatch(/passwordHash|\$2[aby]\$/);

    const session = await browserSession(t.url, email, INITIAL);
    expect(session.me.user.mustChangePassword).toBe(true);
    const blocked = await session.api.get('/api/v1/users');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const own = await firstSignIn(t.url, email, INITIAL);
    expect(own.me.user.mustChangePassword).toBe(false);
    expect((await own.api.get('/api/v1/users')).status).toBe(200);
    const read = await admin.get(`/api/v1/users/${created.body.id}`);
    expect(read.body.mustChangePassword).toBe(false);
    expect(Date.parse(read.body.lastLoginAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('creates a platform user restricted to some organizations, with no organization of its own', async () => {
    const org = await makeOrganization(t.db);
    const created = await admin.post('/api/v1/users', {
      email: newEmail('acc'),
      name: 'Accounts',
      role: 'accounts',
      organizationRestriction: [org.id],
      password: INITIAL,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      role: 'accounts',
      roleName: 'Accounts',
      organizationId: null,
      organizationRestriction: [org.id],
    });
  });

  it('refuses a second account with the same e-mail in any letter case', async () => {
    const org = await makeOrganization(t.db);
    const email = newEmail('dup');
    expect(
      (await admin.post('/api/v1/users', { email, name: 'First', role: 'cpo', organizationId: org.id, password: INITIAL }))
        .status,
    ).toBe(201);
    const again = await admin.post('/api/v1/users', {
      email: email.toUpperCase(),
      name: 'Second',
      role: 'cpo',
      organizationId: org.id,
      password: INITIAL,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMAIL_TAKEN');
    const listed = await admin.get(`/api/v1/users?q=${encodeURIComponent(email)}`);
    expect(listed.body.items.map((u: { name: string }) => u.name)).toEqual(['First']);
  });

  it.each([
    ['an unknown field', { isAdmin: true }, 400, 'VALIDATION_FAILED'],
    ['a short password', { password: 'short' }, 400, 'VALIDATION_FAILED'],
    ['a password over 72 bytes (40 accented letters)', { password: 'é'.repeat(40) }, 400, 'VALIDATION_FAILED'],
    ['a common password', { password: 'password1234' }, 422, 'PASSWORD_TOO_WEAK'],
    ['a malformed e-mail', { email: 'not-an-email' }, 400, 'VALIDATION_FAILED'],
    ['an unknown role', { role: 'superuser' }, 400, 'VALIDATION_FAILED'],
    ['a CPO without organization', { organizationId: undefined }, 422, 'UNPROCESSABLE'],
    ['a platform role with an organization', { role: 'technical' }, 422, 'UNPROCESSABLE'],
    [
      'a restriction on an organization role',
      { organizationRestriction: ['00000000-0000-4000-8000-000000000000'] },
      422,
      'UNPROCESSABLE',
    ],
    ['a custom role without customRoleId', { role: 'custom' }, 422, 'UNPROCESSABLE'],
    ['an organization that does not exist', { organizationId: '00000000-0000-4000-8000-000000000000' }, 422, 'UNPROCESSABLE'],
  ])('refuses %s and stores nothing', async (_label, change, status, code) => {
    const org = await makeOrganization(t.db);
    const email = newEmail('refused');
    const response = await admin.post('/api/v1/users', {
      email,
      name: 'Refused',
      role: 'cpo',
      organizationId: org.id,
      password: INITIAL,
      ...change,
    });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect((await admin.get(`/api/v1/users?q=${encodeURIComponent(email)}`)).body.total).toBe(0);
  });

  it('refuses a custom role of another organization', async () => {
    const org = await makeOrganization(t.db);
    const other = await makeOrganization(t.db);
    const role = await makeCustomRole(t.db, other.id, ['chargers:read']);
    const response = await admin.post('/api/v1/users', {
      email: newEmail('x'),
      name: 'X',
      role: 'custom',
      customRoleId: role.id,
      organizationId: org.id,
      password: INITIAL,
    });
    expect(response.status).toBe(422);
    expect(response.body.error.details.field).toBe('customRoleId');
  });
});

describe('escalation: nobody grants more than it holds', () => {
  it.each(['admin', 'technical', 'accounts', 'network_manager'])('a CPO cannot create a platform %s user', async (role) => {
    const { cpo } = await cpoSetup();
    const response = await cpo.post('/api/v1/users', { email: newEmail(role), name: 'Climber', role, password: INITIAL });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('PERMISSION_ESCALATION');
  });

  it('a CPO cannot create another CPO, even in its own organization', async () => {
    const { org, cpo } = await cpoSetup();
    const response = await cpo.post('/api/v1/users', {
      email: newEmail('cpo'),
      name: 'Peer',
      role: 'cpo',
      organizationId: org.id,
      password: INITIAL,
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('PERMISSION_ESCALATION');
  });

  it('a CPO cannot create drivers: it holds no self permissions to hand out', async () => {
    const { org, cpo } = await cpoSetup();
    const response = await cpo.post('/api/v1/users', {
      email: newEmail('drv'),
      name: 'Driver',
      role: 'driver',
      organizationId: org.id,
      password: INITIAL,
    });
    expect(response.status).toBe(403);
    expect(response.body.error.details.permissions).toEqual(['self:sessions', 'self:wallet']);
  });

  it('a CPO creates location owners in its organization and sub-organizations, never in another organization', async () => {
    const { sub, cpo } = await cpoSetup();
    const foreign = await makeOrganization(t.db);
    const inSub = await cpo.post('/api/v1/users', {
      email: newEmail('lo'),
      name: 'Hotel Host',
      role: 'location_owner',
      organizationId: sub.id,
      password: INITIAL,
    });
    expect(inSub.status).toBe(201);
    expect(inSub.body).toMatchObject({
      roleName: 'Location Owner',
      organizationName: 'Lanka EV Hotels',
      mustChangePassword: true,
    });
    const outside = await cpo.post('/api/v1/users', {
      email: newEmail('lo'),
      name: 'Elsewhere',
      role: 'location_owner',
      organizationId: foreign.id,
      password: INITIAL,
    });
    expect(outside.status).toBe(422);
    expect(outside.body.error.details.field).toBe('organizationId');
  });

  it('a CPO cannot hand out a custom role that holds permissions it lacks', async () => {
    const { org, cpo } = await cpoSetup();
    const mighty = await makeCustomRole(t.db, org.id, ['chargers:read', 'chargers:write']);
    const modest = await makeCustomRole(t.db, org.id, ['chargers:read']);
    const refused = await cpo.post('/api/v1/users', {
      email: newEmail('c'),
      name: 'C',
      role: 'custom',
      customRoleId: mighty.id,
      password: INITIAL,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.permissions).toEqual(['chargers:write']);
    const allowed = await cpo.post('/api/v1/users', {
      email: newEmail('c'),
      name: 'C',
      role: 'custom',
      customRoleId: modest.id,
      password: INITIAL,
    });
    expect(allowed.status).toBe(201);
    expect(allowed.body).toMatchObject({
      role: 'custom',
      roleName: modest.name,
      organizationId: org.id,
      customRoleId: modest.id,
    });
  });

  it('a CPO cannot promote a location owner to CPO, nor change or disable a peer CPO', async () => {
    const { org, cpo } = await cpoSetup();
    const owner = await makeUser(t.db, 'location_owner', { organizationId: org.id });
    const peer = await makeUser(t.db, 'cpo', { organizationId: org.id });
    const promote = await cpo.patch(`/api/v1/users/${owner.id}`, { role: 'cpo' });
    expect(promote.status).toBe(403);
    expect(promote.body.error.code).toBe('PERMISSION_ESCALATION');
    expect((await cpo.get(`/api/v1/users/${peer.id}`)).status).toBe(200);
    for (const attempt of [
      cpo.patch(`/api/v1/users/${peer.id}`, { name: 'Renamed' }),
      cpo.post(`/api/v1/users/${peer.id}/disable`),
      cpo.post(`/api/v1/users/${peer.id}/reset-password`, { password: 'taken-over-1234' }),
    ]) {
      const response = await attempt;
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('PERMISSION_ESCALATION');
    }
    expect((await admin.get(`/api/v1/users/${owner.id}`)).body.role).toBe('location_owner');
    expect((await admin.get(`/api/v1/users/${peer.id}`)).body).toMatchObject({ name: peer.name, disabled: false });
  });

  it("a CPO cannot see or act on another organization's users: 404", async () => {
    const { cpo } = await cpoSetup();
    const foreign = await makeOrganization(t.db);
    const stranger = await makeUser(t.db, 'location_owner', { organizationId: foreign.id });
    for (const response of [
      await cpo.get(`/api/v1/users/${stranger.id}`),
      await cpo.patch(`/api/v1/users/${stranger.id}`, { name: 'Mine now' }),
      await cpo.post(`/api/v1/users/${stranger.id}/disable`),
      await cpo.post(`/api/v1/users/${stranger.id}/reset-password`, { password: 'taken-over-1234' }),
    ]) {
      expect(response.status).toBe(404);
    }
    expect((await admin.get(`/api/v1/users/${stranger.id}`)).body).toMatchObject({ name: stranger.name, disabled: false });
  });

  it('a platform admin restricted to some organizations cannot create an unrestricted admin', async () => {
    const org = await makeOrganization(t.db);
    const restricted = (await signedIn(t.url, t.db, 'admin', { organizationRestriction: [org.id] })).api;
    const wide = await restricted.post('/api/v1/users', {
      email: newEmail('adm'),
      name: 'Wide',
      role: 'admin',
      password: INITIAL,
    });
    expect(wide.status).toBe(403);
    expect(wide.body.error.code).toBe('PERMISSION_ESCALATION');
    const narrow = await restricted.post('/api/v1/users', {
      email: newEmail('adm'),
      name: 'Narrow',
      role: 'admin',
      organizationRestriction: [org.id],
      password: INITIAL,
    });
    expect(narrow.status).toBe(201);
  });
});

describe('listing users', () => {
  it('a CPO lists the users of its organization tree only; filters, search, sort and pages work', async () => {
    const { org, sub, cpo, cpoUser } = await cpoSetup();
    const foreign = await makeOrganization(t.db);
    const anna = await makeUser(t.db, 'location_owner', { organizationId: sub.id, name: 'Anna Host' });
    const bert = await makeUser(t.db, 'location_owner', { organizationId: org.id, name: 'Bert Host', disabled: true });
    await makeUser(t.db, 'location_owner', { organizationId: foreign.id, name: 'Foreign Host' });
    const all = await cpo.get('/api/v1/users?pageSize=200');
    expect(all.status).toBe(200);
    expect(all.body.items.map((u: { name: string }) => u.name).sort()).toEqual(['Anna Host', 'Bert Host', cpoUser.name].sort());
    expect(all.body.items.every((u: Record<string, unknown>) => !('passwordHash' in u))).toBe(true);

    const owners = await cpo.get('/api/v1/users?role=location_owner&sort=name&order=desc');
    expect(owners.body.items.map((u: { id: string }) => u.id)).toEqual([bert.id, anna.id]);
    expect((await cpo.get('/api/v1/users?disabled=true')).body.items.map((u: { id: string }) => u.id)).toEqual([bert.id]);
    expect((await cpo.get(`/api/v1/users?organizationId=${sub.id}`)).body.items.map((u: { id: string }) => u.id)).toEqual([
      anna.id,
    ]);
    expect((await cpo.get('/api/v1/users?q=ANNA')).body.items.map((u: { id: string }) => u.id)).toEqual([anna.id]);
    const page = await cpo.get('/api/v1/users?sort=name&pageSize=1&page=2');
    expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(page.body.items).toHaveLength(1);
    expect((await cpo.get('/api/v1/users?shoeSize=42')).status).toBe(400);
  });

  it('an admin sees platform users too; a location owner may not list users', async () => {
    const platform = await makeUser(t.db, 'network_manager', { name: 'Grid Watcher' });
    const listed = await admin.get(`/api/v1/users?q=${encodeURIComponent(platform.email)}`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: platform.id, roleName: 'Network Manager', organizationId: null }),
    ]);
    const org = await makeOrganization(t.db);
    const owner = (await signedIn(t.url, t.db, 'location_owner', { organizationId: org.id })).api;
    expect((await owner.get('/api/v1/users')).status).toBe(403);
  });
});

describe('changing users', () => {
  it('edits name, phone and role; refuses unknown fields; a user cannot change its own role', async () => {
    const org = await makeOrganization(t.db);
    const user = await makeUser(t.db, 'cpo', { organizationId: org.id });
    const edited = await admin.patch(`/api/v1/users/${user.id}`, {
      name: 'Kamala',
      phone: '+94 11 222 3333',
      role: 'location_owner',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      name: 'Kamala',
      phone: '+94 11 222 3333',
      role: 'location_owner',
      roleName: 'Location Owner',
      organizationId: org.id,
    });
    expect((await admin.patch(`/api/v1/users/${user.id}`, { email: 'new@x.example' })).status).toBe(400);
    expect((await admin.patch(`/api/v1/users/${user.id}`, {})).status).toBe(400);
    const own = await admin.patch(`/api/v1/users/${adminId}`, { role: 'technical' });
    expect(own.status).toBe(422);
    expect(own.body.error.code).toBe('OWN_ACCOUNT');
  });

  it('moving a user to a platform role drops its organization; to a custom role takes the role’s organization', async () => {
    const org = await makeOrganization(t.db);
    const role = await makeCustomRole(t.db, org.id, ['chargers:read']);
    const user = await makeUser(t.db, 'cpo', { organizationId: org.id });
    const platform = await admin.patch(`/api/v1/users/${user.id}`, {
      role: 'network_manager',
      organizationRestriction: [org.id],
    });
    expect(platform.body).toMatchObject({ role: 'network_manager', organizationId: null, organizationRestriction: [org.id] });
    const custom = await admin.patch(`/api/v1/users/${user.id}`, { role: 'custom', customRoleId: role.id });
    expect(custom.body).toMatchObject({
      role: 'custom',
      roleName: role.name,
      organizationId: org.id,
      organizationRestriction: null,
    });
  });

  it('disabling ends every session at once, and enabling lets the user back in', async () => {
    const org = await makeOrganization(t.db);
    const user = await makeUser(t.db, 'cpo', { organizationId: org.id });
    const session = await browserSession(t.url, user.email);
    expect((await session.api.get('/api/v1/me')).status).toBe(200);
    const disabled = await admin.post(`/api/v1/users/${user.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await session.api.get('/api/v1/me')).status).toBe(401);
    expect((await session.refresh()).status).toBe(401);
    expect((await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(401);
    expect((await admin.get('/api/v1/users?disabled=true&pageSize=200')).body.items.map((u: { id: string }) => u.id)).toContain(
      user.id,
    );

    expect((await admin.post(`/api/v1/users/${user.id}/enable`)).body.disabled).toBe(false);
    expect((await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('nobody can disable itself', async () => {
    const response = await admin.post(`/api/v1/users/${adminId}/disable`);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('OWN_ACCOUNT');
    expect((await admin.get('/api/v1/me')).status).toBe(200);
  });

  it('a password reset ends sessions and forces a change at the next sign-in', async () => {
    const org = await makeOrganization(t.db);
    const user = await makeUser(t.db, 'cpo', { organizationId: org.id });
    const session = await browserSession(t.url, user.email);
    const reset = await admin.post(`/api/v1/users/${user.id}/reset-password`, { password: 'temporary-pass-9' });
    expect(reset.status).toBe(200);
    expect(reset.body.mustChangePassword).toBe(true);
    const stale = await session.api.get('/api/v1/me');
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('SESSION_REVOKED');
    expect((await session.refresh()).status).toBe(401);
    expect((await apiClient(t.url).post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(401);

    const again = await browserSession(t.url, user.email, 'temporary-pass-9');
    expect(again.me.user.mustChangePassword).toBe(true);
    const blocked = await again.api.get('/api/v1/organizations');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await firstSignIn(t.url, user.email, 'temporary-pass-9');
    expect((await changed.api.get('/api/v1/organizations')).status).toBe(200);
    expect((await admin.post(`/api/v1/users/${user.id}/reset-password`, { password: 'short' })).status).toBe(400);
    const named = await admin.post(`/api/v1/users/${user.id}/reset-password`, { password: `${user.email.split('@')[0]}-2026` });
    expect(named.status).toBe(422);
    expect(named.body.error).toMatchObject({ code: 'PASSWORD_TOO_WEAK', details: { field: 'password', rule: 'contains_email' } });
    const common = await admin.post(`/api/v1/users/${user.id}/reset-password`, { password: 'qwertyuiop123' });
    expect(common.body.error.code).toBe('PASSWORD_TOO_WEAK');
  });
});

describe('audit', () => {
  it('records creation, changes, disabling and password resets, with secrets redacted', async () => {
    const org = await makeOrganization(t.db);
    const created = await admin.post('/api/v1/users', {
      email: newEmail('audit'),
      name: 'Audited',
      role: 'cpo',
      organizationId: org.id,
      password: INITIAL,
    });
    const id = created.body.id;
    await admin.patch(`/api/v1/users/${id}`, { name: 'Audited Twice' });
    await admin.post(`/api/v1/users/${id}/disable`);
    await admin.post(`/api/v1/users/${id}/reset-password`, { password: 'temporary-pass-9' });
    const entries = await admin.get(`/api/v1/audit?entityType=user&entityId=${id}`);
    expect(entries.body.items.map((e: { action: string }) => e.action)).toEqual([
      'password_reset',
      'disable',
      'update',
      'create',
    ]);
    const [reset, disable, update, create] = entries.body.items;
    expect(update.changes).toEqual({ name: { before: 'Audited', after: 'Audited Twice' } });
    expect(disable.changes).toEqual({ disabled: { before: false, after: true } });
    expect(reset.changes.passwordHash).toEqual({ before: '[redacted]', after: '[redacted]' });
    expect(create).toMatchObject({
      organizationId: org.id,
      changes: expect.objectContaining({ role: { before: null, after: 'cpo' } }),
    });
    expect(JSON.stringify(entries.body)).not.toMatch(/\$2[aby]\$|temporary-pass|initial-password/);
  });
});
