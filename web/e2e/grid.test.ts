import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestBroker, startTestBroker } from '../../server/test/support/mqtt-broker.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('the Network Manager watches the grid', () => {
  let app: BrowserApp;
  let broker: TestBroker;

  beforeAll(async () => {
    [app, broker] = await Promise.all([startBrowserApp(), startTestBroker()]);
  });
  afterAll(async () => {
    await app?.close();
    await broker?.close();
  });

  it('sees the simulated national grid, then an MQTT feed turn to emergency, its history, and its going stale', async () => {
    const api = await app.api('network@chargeboard.demo');
    const [demo] = (await api.get('/api/v1/grid/feeds')).body.items as { id: string; organizationId: string }[];
    const topic = 'grid/lk/readings';
    const page = await app.signedIn('network@chargeboard.demo', { width: 1366, height: 1000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Grid' }).click();
    await page.getByRole('heading', { name: 'Grid', level: 1 }).waitFor();
    // The demo's simulated grid comes first: live, with a frequency, a mix and a carbon intensity.
    const feedTile = page.getByRole('region', { name: 'Feed' });
    await expect.poll(() => feedTile.innerText(), { timeout: 15_000 }).toContain('CONNECTED');
    await expect.poll(() => page.getByLabel('Carbon intensity').innerText(), { timeout: 15_000 }).toMatch(/\d+ gCO₂\/kWh/);
    await page.getByRole('img', { name: /^Generation mix: Thermal \d+ %/ }).waitFor();

    const created = await api.post('/api/v1/grid/feeds', {
      organizationId: demo!.organizationId,
      name: 'Control room feed',
      kind: 'mqtt',
      enabled: true,
      settings: { url: broker.url, topic },
      staleAfterSeconds: 8,
      thresholds: { clearSeconds: 0 },
    });
    expect(created.status).toBe(201);

    // The control room's feed, picked from the feeds: a normal reading, then an emergency, seen without reloading.
    await page.reload();
    await page.getByRole('combobox', { name: 'Feed' }).click();
    await page.getByRole('option', { name: /Control room feed/ }).click();
    const health = page.getByRole('region', { name: 'Grid health' });
    const publish = (fields: object) => broker.publish(topic, { at: new Date().toISOString(), ...fields });
    await expect.poll(() => feedTile.innerText(), { timeout: 15_000 }).toContain('CONNECTED');
    await publish({ frequencyHz: 50.01, demandMw: 2300, reserveMarginPercent: 18 });
    await expect.poll(() => health.innerText(), { timeout: 15_000 }).toContain('NORMAL');
    await publish({ frequencyHz: 49.41, demandMw: 2350, reserveMarginPercent: 4 });
    await expect.poll(() => health.innerText(), { timeout: 15_000 }).toContain('EMERGENCY');
    expect(await health.innerText()).toMatch(/frequency 49\.41 Hz/);
    expect(await health.innerText()).toMatch(/GMT\+5:30/);
    const history = page.getByRole('table', { name: 'Health history' });
    await expect.poll(() => history.innerText(), { timeout: 15_000 }).toMatch(/EMERGENCY\s+from normal\s+frequency 49\.41 Hz/);
    await page.getByRole('img', { name: 'Frequency 49.410 Hz' }).waitFor();
    await screenshot(page, 'grid-emergency');

    // The feed falls silent: shown stale with its last known health, never as healthy.
    await expect.poll(() => health.innerText(), { timeout: 20_000 }).toContain('STALE: LAST KNOWN EMERGENCY');
    expect(await feedTile.innerText()).toContain('no reading for 8 s');
    // Alert raised for the organization.
    const alerts = (await api.get('/api/v1/alerts?ruleType=grid_stress')).body.items as { title: string }[];
    expect(alerts.map((a) => a.title)).toContain('Grid emergency on Control room feed: frequency 49.41 Hz');
    await page.context().close();
  });
});
