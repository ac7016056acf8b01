import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

const SHARED_SECRET = Buffer.from('browser-test-shared-secret-42').toString('base64');

describe.skipIf(!hasBrowser)('payment gateways in the browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('an admin creates a CyberSource configuration and, after a reload, sees it with its credentials masked', async () => {
    const page = await app.signedIn('admin@chargeboard.demo', { width: 1440, height: 1000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payment gateways' }).click();
    await page.getByRole('heading', { name: 'Payment gateways', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New configuration' }).click();
    const dialog = page.getByRole('dialog', { name: 'New gateway configuration' });
    await dialog.getByLabel('Label', { exact: true }).fill('CyberSource sandbox');
    await dialog.getByLabel('Gateway address', { exact: true }).fill('https://apitest.cybersource.com');
    await dialog.getByLabel('Merchant ID', { exact: true }).fill('lanka_ev_merchant01');
    await dialog.getByLabel('Key ID', { exact: true }).fill('key-8f3e1c2d-4b5a');
    await dialog.getByLabel('Shared secret', { exact: true }).fill('not base64!');
    await dialog.getByLabel('Currencies', { exact: true }).fill('LKR, USD');
    await dialog.getByRole('button', { name: 'Create configuration' }).click();
    // The server's refusal, in words, next to the field.
    await dialog.getByText('The shared secret must be base64, as CyberSource shows it').waitFor();
    await dialog.getByLabel('Shared secret', { exact: true }).fill(SHARED_SECRET);
    await dialog.getByRole('button', { name: 'Create configuration' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.reload();
    await page.getByRole('heading', { name: 'Payment gateways', level: 1 }).waitFor();
    const row = page
      .getByRole('table', { name: 'Gateway configurations' })
      .getByRole('row')
      .filter({ hasText: 'CyberSource sandbox' });
    await row.getByText('Platform-wide').waitFor();
    await row.getByText('Test', { exact: true }).waitFor();
    await row.getByText('LKR, USD').waitFor();
    await row.getByText('Merchant ID lan…01 · Key ID key…5a · Shared secret ••••').waitFor();
    const html = await page.content();
    expect(html).not.toContain(SHARED_SECRET);
    expect(html).not.toContain('lanka_ev_merchant01');
    await screenshot(page, 'payment-gateways');

    // Editing shows what is stored only masked, and blank keeps it.
    await row.getByRole('button', { name: 'Edit CyberSource sandbox' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit CyberSource sandbox' });
    await edit.getByText('Leave a field blank to keep the stored value.').waitFor();
    expect(await edit.getByLabel('Shared secret', { exact: true }).inputValue()).toBe('');
    await edit.getByLabel('Priority', { exact: true }).fill('5');
    await edit.getByRole('button', { name: 'Save configuration' }).click();
    await edit.waitFor({ state: 'hidden' });
    await row.getByText('Merchant ID lan…01 · Key ID key…5a · Shared secret ••••').waitFor();

    // Payment settings in the organization's currency, major units.
    const settings = page.getByLabel('Hold at session start (LKR)');
    await settings.fill('1500.50');
    await page.getByRole('button', { name: 'Save payment settings' }).click();
    await page.getByText('Payment settings saved').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Payment gateways', level: 1 }).waitFor();
    await expect.poll(() => page.getByLabel('Hold at session start (LKR)').inputValue()).toBe('1500.50');

    const narrow = await app.signedIn('admin@chargeboard.demo', { width: 390, height: 844 });
    await narrow.goto(`${app.server.url}/payments/gateways`);
    await narrow.getByRole('heading', { name: 'Payment gateways', level: 1 }).waitFor();
    await narrow.getByText('CyberSource sandbox').waitFor();
    await screenshot(narrow, 'payment-gateways-narrow');
  });

  it('a CPO has no such page in its navigation, and the address is refused', async () => {
    const page = await app.signedIn('cpo@lankacharge.demo');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Dashboard' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Payment gateways' }).count()).toBe(0);
    await page.goto(`${app.server.url}/payments/gateways`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.getByRole('heading', { name: 'Payment gateways', level: 1 }).count()).toBe(0);
  });
});
