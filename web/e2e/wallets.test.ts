import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

/** Intl puts a no-break space between currency and amount; compare as a reader sees it. */
const plain = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');
const lkr = (minor: number) =>
  `LKR ${minor < 0 ? '-' : ''}${(Math.abs(minor) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;

describe.skipIf(!hasBrowser)('wallets in the browser', () => {
  let app: BrowserApp;
  let balanceBefore: number;
  beforeAll(async () => {
    app = await startBrowserApp();
    const driver = await app.api('driver@chargeboard.demo');
    const mine = (await driver.get('/api/v1/me/wallets')).body.items;
    expect(mine).toHaveLength(1);
    balanceBefore = mine[0].balanceMinor;
  }, 300_000); // the demo network's history is settled at start: slow on a busy machine
  afterAll(() => app?.close());

  it('Accounts adjusts the demo driver’s wallet and sees the new balance', async () => {
    const page = await app.signedIn('accounts@chargeboard.demo', { width: 1440, height: 900 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Wallets' }).click();
    await page.getByRole('heading', { name: 'Wallets', level: 1 }).waitFor();
    await page.getByLabel('Search', { exact: true }).fill('Ishara');
    const row = page.getByRole('table', { name: 'Wallet balances' }).getByRole('row').filter({ hasText: 'Ishara Gunawardena' });
    await expect.poll(async () => plain(await row.textContent())).toContain(lkr(balanceBefore));
    await page.getByRole('heading', { name: 'Wallet: Ishara Gunawardena' }).waitFor();

    await page.getByRole('button', { name: 'Adjust' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Amount').fill('25.50');
    await dialog.getByLabel('Reason').fill('Goodwill for a faulty charger');
    await dialog.getByRole('button', { name: 'Adjust wallet' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => plain(await row.textContent())).toContain(lkr(balanceBefore + 2_550));
    const entries = page.getByRole('table', { name: 'Wallet entries' });
    const entry = entries.getByRole('row').filter({ hasText: 'Goodwill for a faulty charger' });
    expect(plain(await entry.textContent())).toContain('+LKR 25.50');
    await screenshot(page, 'wallets-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'wallets-390');
    await page.context().close();
  });

  it('the driver sees the balance and the entry on My charging, and a top-up without a card says why', async () => {
    const page = await app.signedIn('driver@chargeboard.demo', { width: 1440, height: 900 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My charging' }).click();
    await page.getByRole('heading', { name: 'My charging', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'My wallet' }).waitFor();
    await expect
      .poll(async () =>
        plain(
          await page
            .getByText(/^Balance/)
            .first()
            .textContent(),
        ),
      )
      .toContain(lkr(balanceBefore + 2_550));
    const entry = page
      .getByRole('table', { name: 'Wallet entries' })
      .getByRole('row')
      .filter({ hasText: 'Goodwill for a faulty charger' });
    expect(plain(await entry.textContent())).toContain('Adjustment');
    expect(plain(await entry.textContent())).toContain('+LKR 25.50');

    await page.getByLabel('Top-up amount').fill('100');
    await page.getByRole('button', { name: 'Top up' }).click();
    await expect
      .poll(async () => plain(await page.getByRole('alert', { name: 'Top-up not made' }).textContent()))
      .toContain('no card on file');
    await screenshot(page, 'my-wallet-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'my-wallet-390');
    await page.context().close();
  });
});
