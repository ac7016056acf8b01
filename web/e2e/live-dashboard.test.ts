import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, makeToken } from '../../server/test/support/ocpp.js';
import type { RpcClient } from '../../server/src/ocpp/rpc.js';
import { type BrowserApp, chargerWithPassword, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

const IDENTITY = 'LK-GF-001';
const now = () => new Date().toISOString();

describe.skipIf(!hasBrowser)('live monitoring in the browser', () => {
  let app: BrowserApp;
  let charger: { id: string; name: string; organizationId: string };
  const clients: RpcClient[] = [];

  beforeAll(async () => {
    app = await startBrowserApp();
    charger = await chargerWithPassword(app, IDENTITY);
    expect(charger.name).toBe('Galle Face ABB #1');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close({ force: true })));
    await app?.close();
  });

  it('a charger that starts charging turns its dashboard card to Charging without a reload', async () => {
    const cp = await connect(app.server.url, IDENTITY, 'ocpp1.6');
    clients.push(cp);
    const boot = (await cp.call('BootNotification', { chargePointVendor: 'ABB', chargePointModel: 'Terra AC' })) as {
      status: string;
    };
    expect(boot.status).toBe('Accepted');
    for (const connectorId of [1, 2]) {
      await cp.call('StatusNotification', { connectorId, errorCode: 'NoError', status: 'Available', timestamp: now() });
    }

    const page = await app.signedIn('cpo@lankacharge.demo');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    // The cards page by 12: find this one by name.
    await page.getByLabel('Search chargers').fill(charger.name);
    const card = page.getByRole('article', { name: `Charger ${charger.name}` });
    const status = card.getByTestId('charger-status');
    await status.filter({ hasText: /^Available$/ }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /^Live$/ })
      .waitFor();
    // Marks this document: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    const tag = (await makeToken(app.server.db, charger.organizationId)).token;
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: now() });
    const started = (await cp.call('StartTransaction', { connectorId: 1, idTag: tag, meterStart: 1000, timestamp: now() })) as {
      transactionId: number;
    };
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: started.transactionId,
      meterValue: [
        {
          timestamp: now(),
          sampledValue: [
            { value: '2500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
            { value: '7200', measurand: 'Power.Active.Import', unit: 'W' },
          ],
        },
      ],
    });

    await status.filter({ hasText: /^Charging$/ }).waitFor({ timeout: 5000 });
    await card.getByText('7.2 kW').waitFor({ timeout: 5000 });
    await card.getByText(/1\.50 kWh/).waitFor({ timeout: 5000 });
    expect(await status.innerText()).toMatch(/^charging$/i);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    // The counts per status follow the card, and the KPIs are refetched within a second or so.
    await page.getByRole('button', { name: /^Charging: [1-9]/ }).waitFor();
    await page.getByLabel('Active sessions: 1', { exact: true }).waitFor({ timeout: 3000 });
    await page.getByLabel('Current power: 7.2 kW', { exact: true }).waitFor({ timeout: 3000 });
    await screenshot(page, 'live-dashboard');
    await page.context().close();
  });

  it('a connector that reports Faulted heads the needs-attention list with its OCPP and vendor error codes', async () => {
    const cp = clients[0]!;
    const page = await app.signedIn('cpo@lankacharge.demo');
    const list = page.getByRole('list', { name: 'Needs attention' });
    await list.waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /^Live$/ })
      .waitFor();
    await cp.call('StatusNotification', {
      connectorId: 2,
      errorCode: 'GroundFailure',
      status: 'Faulted',
      info: 'RCD tripped',
      vendorId: 'ABB',
      vendorErrorCode: 'E42',
      timestamp: now(),
    });
    const first = list.getByRole('listitem').first();
    await first.getByText(charger.name).waitFor({ timeout: 5000 });
    expect(await first.innerText()).toMatch(
      /faulted[\s\S]*Connector 2 faulted: GroundFailure[\s\S]*Vendor ABB E42 · RCD tripped/i,
    );
    await page.getByRole('heading', { name: /^Needs attention \(\d+\)$/ }).waitFor();
    await screenshot(page, 'needs-attention');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(500);
    await screenshot(page, 'needs-attention-phone');
    await page.context().close();
  });

  it('the network map shows one marker per site in scope although no map tiles can load', async () => {
    const cpo = await app.api('cpo@lankacharge.demo');
    const sites = (await cpo.get('/api/v1/sites?pageSize=200')).body.items as { name: string; latitude: string | null }[];
    const placed = sites.filter((s) => s.latitude !== null);
    expect(placed.length).toBeGreaterThan(1);

    const page = await app.signedIn('cpo@lankacharge.demo');
    // This machine may have internet: make sure no tile ever loads.
    await page.route(/tile|\.png$/, (route) => route.abort());
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Network' }).click();
    await page.getByRole('heading', { name: 'Network', level: 1 }).waitFor();
    const map = page.getByRole('region', { name: 'Map of sites and chargers' });
    await map.waitFor();
    const markers = map.locator('.site-marker');
    await expect.poll(() => markers.count()).toBe(placed.length);
    for (const site of placed) {
      expect(await map.getByRole('button', { name: new RegExp(`^${site.name}: \\d+ chargers?, `) }).count()).toBe(1);
    }
    expect(await map.locator('img.leaflet-tile-loaded').count()).toBe(0);
    // A marker's popup names the site's chargers and links to them.
    await map.getByRole('button', { name: /^Kandy City Centre:/ }).click();
    await page
      .locator('.leaflet-popup')
      .getByRole('link', { name: /Kandy City/ })
      .first()
      .waitFor();
    await screenshot(page, 'network-map');
    await page.context().close();
  });
});
