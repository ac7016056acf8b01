import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('an Accounts user runs a discount campaign', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('creates a 10 % campaign, sees it listed, is told when a figure is out of range, and edits it', async () => {
    const page = await app.signedIn('accounts@chargeboard.demo', { width: 1366, height: 900 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'New campaign' }).click();
    const dialog = page.getByRole('dialog', { name: 'New campaign' });
    await dialog.getByLabel('Organization', { exact: true }).fill('LankaCharge');
    await page.getByRole('option', { name: 'LankaCharge' }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('Avurudu 10 %');
    await dialog.getByLabel('Percent off').fill('150');
    await dialog.getByRole('button', { name: 'Create campaign' }).click();
    await dialog.getByText('A percentage above 0 and at most 100').waitFor();
    await dialog.getByLabel('Percent off').fill('10');
    await dialog.getByRole('button', { name: 'Create campaign' }).click();

    const table = page.getByRole('table', { name: 'Campaigns' });
    await table.getByRole('button', { name: 'Avurudu 10 %', exact: true }).waitFor();
    await table.getByText('10 % off').waitFor();
    // Its validity reads on LankaCharge's clock, the zone named (the browser here runs on UTC).
    const row = table.getByRole('row').filter({ hasText: 'Avurudu 10 %' });
    expect(await row.textContent()).toMatch(/GMT\+5:30/);
    await screenshot(page, 'campaigns');

    // Edit: a fixed 100.00 off instead.
    await table.getByRole('button', { name: 'Avurudu 10 %', exact: true }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Avurudu 10 %' });
    await edit.getByText('Fixed amount off').click();
    await edit.getByLabel(/Amount off/).fill('100');
    await edit.getByRole('button', { name: 'Save campaign' }).click();
    await expect.poll(async () => (await table.textContent()) ?? '').toMatch(/100\.00 off/);
  });
});
