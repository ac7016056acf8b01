import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite } from '../../server/test/support/factories.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

// 120.00/kWh from 18:30 to 22:30, else 90.00/kWh and a 50.00 flat fee (the worked example, docs/finance.md §13).
const PEAK_OFFPEAK = [
  {
    price_components: [{ type: 'ENERGY', price: '120.00', step_size: 1 }],
    restrictions: { start_time: '18:30', end_time: '22:30' },
  },
  {
    price_components: [
      { type: 'ENERGY', price: '90.00', step_size: 1 },
      { type: 'FLAT', price: '50.00', step_size: 1 },
    ],
  },
];

describe.skipIf(!hasBrowser)('the tariff preview of a site in another time zone', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('reads the sample on the site’s clock and says what it assumed', async () => {
    const api = await app.api('accounts@chargeboard.demo');
    const orgs = (await api.get('/api/v1/organizations?pageSize=100')).body.items as { id: string; name: string }[];
    const org = orgs.find((o) => o.name === 'LankaCharge')!;
    const site = await makeSite(app.server.db, org.id, { name: 'Berlin Hub', timeZone: 'Europe/Berlin' });
    const tariff = await api.post('/api/v1/tariffs', {
      organizationId: org.id,
      siteId: site.id,
      name: 'Berlin peak',
      currency: 'LKR',
      elements: PEAK_OFFPEAK,
      validFrom: '2035-01-01T00:00:00Z',
    });
    expect(tariff.status).toBe(201);

    const page = await app.signedIn('accounts@chargeboard.demo', { width: 1366, height: 1000 });
    await page.goto(`${app.server.url}/tariffs/${tariff.body.id}`);
    await page
      .getByText(/Times are the site’s local time \(the clock of the site where the charger stands\)/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Price this session' }).click();
    const assumes = page.getByLabel('What this preview assumes');
    await assumes.getByText(/Times are read in Europe\/Berlin, the time zone of site Berlin Hub/).waitFor();
    await assumes.getByText(/Energy rises evenly from the start to the end/).waitFor();
    // The default sample, 17:50–19:10 at the site: 13.75 kWh off-peak + 13.75 kWh peak + flat = 2,937.50.
    const price = page.getByRole('table', { name: 'Price of the sample session' });
    await expect.poll(async () => (await price.textContent()) ?? '').toMatch(/2,937\.50/);

    // The worked example's real curve: 14 kWh by 18:30, 27.5 by 19:10 → 2,930.00, as its settlement.
    await page.getByLabel('Meter readings (optional)').fill('18:30 14\n19:10 27.5');
    await page.getByRole('button', { name: 'Price this session' }).click();
    await assumes.getByText(/Energy follows the 2 meter readings given/).waitFor();
    await expect.poll(async () => (await price.textContent()) ?? '').toMatch(/2,930\.00/);
    await screenshot(page, 'tariff-preview');

    await page.getByLabel('Meter readings (optional)').fill('18:30 14\nseven 20');
    await page.getByRole('button', { name: 'Price this session' }).click();
    await page.getByRole('alert').getByText('Reading on line 2').waitFor();
  });
});
