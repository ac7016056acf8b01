import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../src/auth/passwords.js';
import type { Db } from '../../src/db/client.js';
import { chargers, connectors, customRoles, organizations, sites, users } from '../../src/db/schema/index.js';
import type { RoleKey } from '../../src/domain/permissions.js';
import { apiClient } from './http.js';

export const TEST_PASSWORD = 'correct-horse-battery';
let cachedHash: Promise<string> | null = null;
/** Hashed once per test file: bcrypt at cost 12 takes a quarter second. */
const testPasswordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD, 12));

const unique = () => randomUUID().slice(0, 8);

export async function makeOrganization(db: Db, fields: Partial<typeof organizations.$inferInsert> = {}) {
  const [org] = await db
    .insert(organizations)
    .values({ name: `Org ${unique()}`, currency: 'LKR', timeZone: 'Asia/Colombo', ...fields })
    .returning();
  return org!;
}

export async function makeSite(db: Db, organizationId: string, fields: Partial<typeof sites.$inferInsert> = {}) {
  const [site] = await db
    .insert(sites)
    .values({
      organizationId,
      name: `Site ${unique()}`,
      timeZone: 'Asia/Colombo',
      latitude: '6.9271',
      longitude: '79.8612',
      ...fields,
    })
    .returning();
  return site!;
}

export async function makeCharger(
  db: Db,
  site: { id: string; organizationId: string },
  fields: Partial<typeof chargers.$inferInsert> = {},
) {
  const [charger] = await db
    .insert(chargers)
    .values({
      organizationId: site.organizationId,
      siteId: site.id,
      ocppIdentity: `CP-${unique()}`,
      name: `Charger ${unique()}`,
      ...fields,
    })
    .returning();
  await db.insert(connectors).values({ chargerId: charger!.id, connectorId: 1, type: 'CCS2', maxPowerKw: '50' });
  return charger!;
}

export async function makeUser(db: Db, role: RoleKey, fields: Partial<typeof users.$inferInsert> = {}) {
  const [user] = await db
    .insert(users)
    .values({
      email: `${role}-${unique()}@test.example`,
      name: `${role} user`,
      passwordHash: await testPasswordHash(),
      role,
      ...fields,
    })
    .returning();
  return user!;
}

export async function makeCustomRole(db: Db, organizationId: string, permissions: string[], siteIds: string[] | null = null) {
  const [role] = await db
    .insert(customRoles)
    .values({ organizationId, name: `Role ${unique()}`, permissions, siteIds })
    .returning();
  return role!;
}

export async function login(baseUrl: string, email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await apiClient(baseUrl).post('/api/v1/auth/login', { email, password });
  if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.accessToken as string;
}

/** A signed-in API client for a new user of that role. */
export async function signedIn(baseUrl: string, db: Db, role: RoleKey, fields: Partial<typeof users.$inferInsert> = {}) {
  const user = await makeUser(db, role, fields);
  return { user, api: apiClient(baseUrl, await login(baseUrl, user.email)) };
}

/** Signs in as a browser would, keeping the access token and the refresh cookie. */
export async function browserSession(baseUrl: string, email: string, password = TEST_PASSWORD) {
  const response = await apiClient(baseUrl).post('/api/v1/auth/login', { email, password });
  if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  const cookie =
    response.headers
      .getSetCookie()
      .find((c) => c.startsWith('cb_refresh='))
      ?.split(';')[0] ?? '';
  return {
    me: response.body.me,
    api: apiClient(baseUrl, response.body.accessToken as string),
    /** Exchanges the refresh cookie, as the web app does when the access token runs out. */
    refresh: () => apiClient(baseUrl).request('POST', '/api/v1/auth/refresh', undefined, { cookie }),
  };
}

/** A user created through the API signs in for the first time and sets its own password. */
export async function firstSignIn(baseUrl: string, email: string, initialPassword: string, newPassword = 'my-own-password-42') {
  const session = await browserSession(baseUrl, email, initialPassword);
  const changed = await session.api.post('/api/v1/me/password', { currentPassword: initialPassword, newPassword });
  if (changed.status !== 200)
    throw new Error(`password change for ${email} failed: ${changed.status} ${JSON.stringify(changed.body)}`);
  return { me: changed.body.me, api: apiClient(baseUrl, changed.body.accessToken as string) };
}
