import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('the tariff editor’s summary and week grid', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('says the demo tariff in words and shows the peak and off-peak hours, and follows an edit', async () => {
    const api = await app.api('accounts@chargeboard.demo');
    const tariffs = (await api.get('/api/v1/tariffs?pageSize=100')).body.items as { id: string; name: string }[];
    const standard = tariffs.find((t) => t.name === 'LankaCharge standard')!;

    const page = await app.signedIn('accounts@chargeboard.demo', { width: 1366, height: 1000 });
    await page.goto(`${app.server.url}/tariffs/${standard.id}`);
    await page.getByText('Times are the site’s local time (the clock of the site where the charger stands)').first().waitFor();
    const words = page.getByRole('list', { name: 'The tariff in words' });
    await words.getByText('Energy LKR 120.00/kWh daily 18:30–22:30').waitFor();
    await words.getByText('Energy LKR 90.00/kWh at other times').waitFor();
    await words.getByText('Session fee LKR 50.00').waitFor();

    const grid = page.getByRole('table', { name: /Energy price \(LKR per kWh\) for each weekday and hour/ });
    const monday = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Monday' }) });
    const cells = monday.getByRole('cell');
    expect(await cells.count()).toBe(24);
    expect(await cells.nth(19).textContent()).toBe('120.00');
    expect(await cells.nth(3).textContent()).toBe('90.00');
    // 18:00–18:29 off-peak, then peak from 18:30.
    expect(await cells.nth(18).textContent()).toMatch(/^90\.00.*from 18:30.*120\.00$/);
    const legend = page.getByRole('list', { name: 'Legend of the week grid' });
    await legend.getByText('LKR 90.00/kWh').waitFor();
    await legend.getByText('LKR 120.00/kWh').waitFor();
    // Each price input says its unit with the currency.
    await page.getByText('LKR per kWh').first().waitFor();
    await page.getByText('LKR per session').waitFor();
    await screenshot(page, 'tariff-summary');

    // The summary follows the form: peak on weekdays only.
    // Mantine's MultiSelect field is a zero-width input inside its pills box: click the box.
    await page.locator('.mantine-MultiSelect-input').first().click();
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
      await page.getByRole('option', { name: day, exact: true }).click();
    }
    await page.keyboard.press('Escape');
    await words.getByText('Energy LKR 120.00/kWh on weekdays 18:30–22:30').waitFor();
    const sunday = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Sunday' }) });
    expect(await sunday.getByRole('cell').nth(19).textContent()).toBe('90.00');
    expect(await cells.nth(19).textContent()).toBe('120.00');
  });
});
