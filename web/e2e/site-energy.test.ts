import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../../server/src/ocpp/simulated-charger.js';
import { CHARGER_PASSWORD, eventually, makeToken, wsBase } from '../../server/test/support/ocpp.js';
import { type BrowserApp, chargerWithPassword, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

/** Three of the demo's Galle Fort chargers; the demo keeps that site under a 60 kW operating limit. */
const IDENTITIES = ['LK-GAL-001', 'LK-GAL-002', 'LK-GAL-003'];

describe.skipIf(!hasBrowser)('the Network Manager watches a site held under its limit', () => {
  let app: BrowserApp;
  const simulated: SimulatedCharger[] = [];

  beforeAll(async () => {
    app = await startBrowserApp();
    // The demo's Galle Fort answers the simulated national grid, which may be in an alert at any
    // hour of a run: this test is about the site's own limit, so the grid policy is taken off.
    const api = await app.api('network@chargeboard.demo');
    const site = (await api.get('/api/v1/sites?q=Galle%20Fort')).body.items[0] as { id: string };
    const { settings } = (await api.get(`/api/v1/sites/${site.id}/load-management`)).body;
    const detached = await api.put(`/api/v1/sites/${site.id}/load-management`, {
      ...settings,
      gridFeedId: null,
      gridAlertReductionPercent: 0,
      gridEmergencyReductionPercent: 0,
    });
    expect(detached.status).toBe(200);
    for (const identity of IDENTITIES) {
      const charger = await chargerWithPassword(app, identity);
      const tag = (await makeToken(app.server.db, charger.organizationId)).token;
      const cp = new SimulatedCharger({
        url: wsBase(app.server.url),
        identity,
        password: CHARGER_PASSWORD,
        protocol: '1.6',
        connectors: 1,
        maxPowerW: [150_000],
        evPeakW: 150_000,
        idTag: tag,
        meterSeconds: 0.5,
        sessionSeconds: 600,
        idleSeconds: 0.1,
        heartbeatSeconds: null,
        log: () => undefined,
      });
      simulated.push(cp);
      await cp.start();
    }
  });
  afterAll(async () => {
    await Promise.all(simulated.map((cp) => cp.stop()));
    await app?.close();
  });

  it('sees every session’s limit accepted and the site under 60 kW, lowers the limit, and is told when a limit is out of range', async () => {
    const page = await app.signedIn('network@chargeboard.demo', { width: 1366, height: 1000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sites' }).click();
    await page.getByRole('link', { name: 'Energy at Galle Fort Car Park' }).click();
    await page.getByRole('heading', { name: 'Energy at Galle Fort Car Park', level: 1 }).waitFor();

    const allocation = page.getByRole('table', { name: 'Allocation' });
    const accepted = allocation.getByRole('row').filter({ hasText: 'Accepted' });
    await expect.poll(() => accepted.count(), { timeout: 20_000 }).toBe(3);
    const drawn = page.getByRole('region', { name: 'Drawn now' });
    const drawnKw = async () => Number(/([\d.]+) kW of/.exec(await drawn.innerText())?.[1] ?? NaN);
    expect(await drawn.innerText()).toContain('of 60.0 kW');
    await expect.poll(drawnKw, { timeout: 20_000 }).toBeGreaterThan(40);
    expect(await drawnKw()).toBeLessThanOrEqual(60);
    await page.getByRole('img', { name: 'Power of each session against the site limit' }).waitFor();
    expect(await page.getByRole('region', { name: 'Power against the limit' }).innerText()).toMatch(/GMT\+5:30/);
    await screenshot(page, 'site-energy');

    // Lowered to 30 kW: the sessions are given less, and the site follows within a refresh or two.
    const settings = page.getByRole('region', { name: 'Load management settings' });
    await settings.getByLabel('Operating limit (kW)').fill('30');
    await settings.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Load management is on: the sessions were given their limits').waitFor();
    await expect.poll(() => drawn.innerText(), { timeout: 20_000 }).toContain('of 30.0 kW');
    await expect.poll(drawnKw, { timeout: 20_000 }).toBeLessThanOrEqual(30);
    // The change is listed in the site's energy history, with who made it.
    const events = page.getByRole('table', { name: 'Energy events' });
    await expect
      .poll(() => events.innerText(), { timeout: 20_000 })
      .toMatch(/Load management limit 60 kW → 30 kW \(network@chargeboard\.demo\)/);
    const api = await app.api('network@chargeboard.demo');
    const site = (await api.get('/api/v1/sites?q=Galle%20Fort')).body.items[0] as { id: string };
    const state = (await api.get(`/api/v1/sites/${site.id}/load-management`)).body;
    const limits = state.sessions.map((s: { limitKw: string }) => Number(s.limitKw));
    expect(limits.reduce((a: number, b: number) => a + b, 0)).toBeLessThanOrEqual(30);

    // Above the grid connection: refused next to the field, and nothing changes.
    await settings.getByLabel('Operating limit (kW)').fill('500');
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.getByText('The operating limit (500 kW) is above the site’s grid connection limit (150 kW)').waitFor();
    expect((await api.get(`/api/v1/sites/${site.id}/load-management`)).body.settings.limitKw).toBe('30');
    await eventually(async () => ((await drawn.innerText()).includes('of 30.0 kW') ? true : null), 5_000);
    await page.context().close();
  });
});
