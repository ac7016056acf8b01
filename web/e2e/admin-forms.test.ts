import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('an Admin builds the network through the forms', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('creates an organization, a site and a charger, and finds the charger in the table', async () => {
    const page = await app.signedIn('admin@chargeboard.demo');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('link', { name: /New organization/ }).click();
    await page.getByLabel('Name', { exact: true }).fill('Kelani Charging');
    await page.getByLabel('Currency', { exact: true }).fill('LKR');
    await page.getByRole('option', { name: /LKR/ }).first().click();
    await page.getByLabel('Time zone', { exact: true }).fill('Asia/Colombo');
    await page.getByRole('option', { name: 'Asia/Colombo' }).click();
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Kelani Charging', level: 1 }).waitFor();

    // The API now knows it, exactly as typed.
    const api = await app.api('admin@chargeboard.demo');
    const orgs = await api.get('/api/v1/organizations?q=Kelani');
    expect(orgs.body.items).toHaveLength(1);
    expect(orgs.body.items[0]).toMatchObject({ currency: 'LKR', timeZone: 'Asia/Colombo' });
    const orgId = orgs.body.items[0].id as string;
    const site = await api.post('/api/v1/sites', {
      organizationId: orgId,
      name: 'Kelaniya Temple Car Park',
      timeZone: 'Asia/Colombo',
      latitude: '6.9553',
      longitude: '79.9220',
    });
    expect(site.status).toBe(201);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chargers', exact: true }).click();
    await page.getByRole('link', { name: /Register charger/ }).click();
    await page.getByLabel('OCPP identity').fill('LK-KEL-001');
    await page.getByLabel('Name', { exact: true }).fill('Kelaniya DC #1');
    await page.getByLabel('Organization', { exact: true }).fill('Kelani');
    await page.getByRole('option', { name: 'Kelani Charging' }).click();
    await page.getByLabel('Site', { exact: true }).click();
    await page.getByRole('option', { name: 'Kelaniya Temple Car Park' }).click();
    await page.getByLabel('Vendor').fill('Alpitronic');
    await page.getByRole('button', { name: 'Register charger' }).click();
    await page.getByRole('heading', { name: 'Kelaniya DC #1', level: 1 }).waitFor();
    await expect.poll(() => page.getByText('LK-KEL-001').count()).toBeGreaterThan(0);
    await screenshot(page, 'charger-created');

    // A second charger with the same identity is refused, next to the field.
    await page.goto(`${app.server.url}/chargers/new`);
    await page.getByLabel('OCPP identity').fill('lk-kel-001');
    await page.getByLabel('Name', { exact: true }).fill('Duplicate');
    await page.getByLabel('Organization', { exact: true }).fill('Kelani');
    await page.getByRole('option', { name: 'Kelani Charging' }).click();
    await page.getByLabel('Site', { exact: true }).click();
    await page.getByRole('option', { name: 'Kelaniya Temple Car Park' }).click();
    await page.getByRole('button', { name: 'Register charger' }).click();
    await page.getByText('A charger with this OCPP identity already exists').first().waitFor();

    const chargers = await api.get(`/api/v1/chargers?organizationId=${orgId}`);
    expect(chargers.body.items.map((c: { ocppIdentity: string }) => c.ocppIdentity)).toEqual(['LK-KEL-001']);
    await page.context().close();
  });

  it('deleting a site that still has chargers says why and keeps it; an empty site is deleted', async () => {
    const api = await app.api('admin@chargeboard.demo');
    const busy = (await api.get('/api/v1/sites?q=Galle%20Face')).body.items[0];
    expect(busy.chargerCount).toBeGreaterThan(0);
    expect(
      (await api.post('/api/v1/sites', { organizationId: busy.organizationId, name: 'Unused Lot', timeZone: 'Asia/Colombo' }))
        .status,
    ).toBe(201);
    const page = await app.signedIn('admin@chargeboard.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sites' }).click();
    const table = page.getByRole('table', { name: 'Sites' });

    await page.getByLabel('Search', { exact: true }).fill('Galle Face');
    await page.getByRole('button', { name: `Delete ${busy.name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete site' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'move them to another site first' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`The site has ${busy.chargerCount} charger(s)`);
    expect(await table.getByRole('row').filter({ hasText: busy.name }).count()).toBe(1);
    expect((await api.get(`/api/v1/sites/${busy.id}`)).status).toBe(200);

    await page.getByLabel('Search', { exact: true }).fill('Unused Lot');
    await page.getByRole('button', { name: 'Delete Unused Lot' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete site' }).click();
    await page.getByText('Site “Unused Lot” deleted').waitFor();
    // The next action clears the earlier failure, and the list reloads without the site.
    expect(await alert.count()).toBe(0);
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'Unused Lot' }).count()).toBe(0);
    expect((await api.get('/api/v1/sites?q=Unused%20Lot')).body.items).toEqual([]);
    await page.context().close();
  });
});
