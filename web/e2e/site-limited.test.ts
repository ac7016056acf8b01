import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomRole, makeUser } from '../../server/test/support/factories.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('a finance role limited to one site', () => {
  let app: BrowserApp;
  let email: string;
  beforeAll(async () => {
    app = await startBrowserApp();
    const admin = await app.api('admin@chargeboard.demo');
    const lanka = (await admin.get('/api/v1/organizations?q=LankaCharge')).body.items[0];
    const site = (await admin.get(`/api/v1/sites?organizationId=${lanka.id}&sort=name`)).body.items[0];
    const permissions = [
      'organizations:read',
      'sites:read',
      'chargers:read',
      'finance:read',
      'finance:write',
      'invoices:read',
      'payments:write',
      'roles:read',
      'roles:write',
    ];
    const role = await makeCustomRole(app.server.db, lanka.id, permissions, [site.id]);
    // Signs in with the demo password, like the demo users.
    const { rows } = (await app.server.db.execute(
      sql`SELECT password_hash FROM users WHERE email = 'cpo@lankacharge.demo'`,
    )) as unknown as { rows: { password_hash: string }[] };
    const user = await makeUser(app.server.db, 'custom', {
      organizationId: lanka.id,
      customRoleId: role.id,
      passwordHash: rows[0]!.password_hash,
    });
    email = user.email;
  });
  afterAll(() => app?.close());

  it('is offered neither organization-wide tariffs and campaigns nor invoices and payouts', async () => {
    const page = await app.signedIn(email, { width: 1366, height: 900 });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Tariffs' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Payouts' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Invoices' }).count()).toBe(0);

    // A new tariff applies to a site, charger or connector, never the organization default.
    await page.goto(`${app.server.url}/tariffs/new`);
    const appliesTo = page.getByLabel('Applies to');
    await appliesTo.waitFor();
    expect(await appliesTo.inputValue()).toBe('Site');
    await appliesTo.click();
    await page.getByRole('option', { name: 'Charger' }).waitFor();
    expect(await page.getByRole('option', { name: 'Organization default' }).count()).toBe(0);
    await screenshot(page, 'site-limited-tariff');

    // A campaign needs one of its sites.
    await page.goto(`${app.server.url}/campaigns`);
    await page.getByRole('button', { name: 'New campaign' }).click();
    const dialog = page.getByRole('dialog', { name: 'New campaign' });
    await dialog.getByText('Your role reaches only some sites, so a campaign runs on one of them.').waitFor();
    await dialog.getByLabel('Organization', { exact: true }).fill('LankaCharge');
    await page.getByRole('option', { name: 'LankaCharge' }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('Everything free');
    await dialog.getByLabel('Percent off').fill('100');
    await dialog.getByRole('button', { name: 'Create campaign' }).click();
    await dialog.getByText('Choose one of your sites').waitFor();

    // A role it makes is limited to some of its sites too.
    await page.goto(`${app.server.url}/roles/new`);
    const limited = page.getByRole('switch', { name: 'Limit this role to chosen sites' });
    await limited.waitFor({ state: 'attached' });
    expect(await limited.isChecked()).toBe(true);
    expect(await limited.isDisabled()).toBe(true);

    // Payouts by URL: the route table needs a scope over whole organizations, as the server does.
    await page.goto(`${app.server.url}/payouts`);
    await page.getByRole('heading', { name: 'No access', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Record payout' }).count()).toBe(0);
    await page.context().close();
  });
});
