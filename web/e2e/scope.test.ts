import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('scope in the browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it("a CPO opening another organization's charger by URL sees “Charger not found”, never its data", async () => {
    const admin = await app.api('admin@chargeboard.demo');
    const foreign = (await admin.get('/api/v1/chargers?q=DE-BHF-001')).body.items[0];
    expect(foreign.organizationName).toBe('VoltWay Europe');

    const page = await app.signedIn('cpo@lankacharge.demo');
    await page.goto(`${app.server.url}/chargers/${foreign.id}`);
    await page.getByText('Charger not found').waitFor();
    expect(await page.getByText('DE-BHF-001').count()).toBe(0);
    expect(await page.getByText('VoltWay').count()).toBe(0);
    await screenshot(page, 'cpo-foreign-charger');

    // Its own chargers open normally, and the list holds only LankaCharge's network.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chargers', exact: true }).click();
    await page.getByRole('heading', { name: 'Chargers', level: 1 }).waitFor();
    await page.getByText('LK-GF-001').waitFor();
    expect(await page.getByText('DE-BHF', { exact: false }).count()).toBe(0);
    await page.context().close();
  });
});
