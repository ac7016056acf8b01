import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARGER_PASSWORD, basic, upgradeStatus } from '../../server/test/support/ocpp.js';
import { type BrowserApp, chargerWithPassword, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

const IDENTITY = 'LK-GF-001';

describe.skipIf(!hasBrowser)('connection refusals in the browser', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp();
    await chargerWithPassword(app, IDENTITY);
  });
  afterAll(() => app?.close());

  it("a CPO finds its charger's refused connections, with zoned times, and not unknown identities", async () => {
    for (const attempt of ['wrong-password-one', 'wrong-password-two'])
      expect(await upgradeStatus(app.server.url, IDENTITY, basic(IDENTITY, attempt))).toBe(401);
    expect(await upgradeStatus(app.server.url, 'PROBE-123', basic('PROBE-123', CHARGER_PASSWORD))).toBe(401);

    const page = await app.signedIn('cpo@lankacharge.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connection refusals' }).click();
    await page.getByRole('heading', { name: 'Connection refusals', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Connection refusals' });
    const row = table.getByRole('row').filter({ hasText: IDENTITY });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toMatch(/Wrong or missing password/);
    expect(await row.getByRole('cell').nth(3).textContent()).toBe('2');
    // The viewer's zone is named in the time ("UTC", "GMT+1").
    expect(await row.getByRole('cell').nth(5).textContent()).toMatch(/(UTC|GMT)/);
    expect(await table.textContent()).not.toContain('PROBE-123');
    await screenshot(page, 'connection-refusals');
  });

  it('the OCPP password form asks for 16 characters and can generate one', async () => {
    const admin = await app.api('admin@chargeboard.demo');
    const charger = (await admin.get(`/api/v1/chargers?q=${IDENTITY}`)).body.items[0];
    const page = await app.signedIn('admin@chargeboard.demo');
    await page.goto(`${app.server.url}/chargers/${charger.id}`);
    const field = page.getByLabel('New OCPP password');
    await field.fill('fifteen-chars-x');
    await page.getByText('At least 16 characters').waitFor();
    expect(await page.getByRole('button', { name: 'Set OCPP password' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Generate' }).click();
    expect((await field.inputValue()).length).toBe(24);
    await page.getByRole('button', { name: 'Set OCPP password' }).click();
    await page.getByText('OCPP password set').waitFor();
  });
});
