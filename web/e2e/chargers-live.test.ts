import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, makeToken } from '../../server/test/support/ocpp.js';
import type { RpcClient } from '../../server/src/ocpp/rpc.js';
import { type BrowserApp, chargerWithPassword, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

const IDENTITY = 'LK-GF-001';
const now = () => new Date().toISOString();

describe.skipIf(!hasBrowser)('live columns of the chargers table', () => {
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

  it('a charger that starts charging shows Charging and its power, then Offline when it disconnects, without a reload', async () => {
    const cp = await connect(app.server.url, IDENTITY, 'ocpp1.6');
    clients.push(cp);
    await cp.call('BootNotification', { chargePointVendor: 'ABB', chargePointModel: 'Terra AC' });
    for (const connectorId of [1, 2]) {
      await cp.call('StatusNotification', { connectorId, errorCode: 'NoError', status: 'Available', timestamp: now() });
    }

    const page = await app.signedIn('cpo@lankacharge.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chargers', exact: true }).click();
    await page.getByRole('heading', { name: 'Chargers', level: 1 }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /^Live$/ })
      .waitFor();
    const table = page.getByRole('table', { name: 'Chargers' });
    for (const header of ['Connection', 'Connectors', 'Last message', 'Power now']) {
      await table.getByRole('columnheader', { name: header }).waitFor();
    }
    await page.getByLabel('Search', { exact: true }).fill(IDENTITY);
    const row = table.getByRole('row').filter({ hasText: IDENTITY });
    await row.getByText('Online', { exact: true }).waitFor();
    await row.getByText('#1 Available').waitFor();
    await row.getByText('#2 Available').waitFor();
    // The last message is relative, with the exact time (its zone named) on hover.
    const last = row.locator('time');
    await last.filter({ hasText: /^(just now|\d+ s ago)$/ }).waitFor();
    expect(await last.getAttribute('title')).toMatch(/\d{1,2}:\d{2}.*(GMT|UTC)/);
    expect(await row.innerText()).toContain('—');
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    const tag = (await makeToken(app.server.db, charger.organizationId)).token;
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: now() });
    const started = (await cp.call('StartTransaction', { connectorId: 1, idTag: tag, meterStart: 1000, timestamp: now() })) as {
      transactionId: number;
    };
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: started.transactionId,
      meterValue: [{ timestamp: now(), sampledValue: [{ value: '7400', measurand: 'Power.Active.Import', unit: 'W' }] }],
    });
    await row.getByText('#1 Charging').waitFor({ timeout: 5000 });
    await row.getByText('7.4 kW', { exact: true }).waitFor({ timeout: 5000 });
    await row.getByText('#2 Available').waitFor();
    await row.getByText('7.4 kW', { exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, 'chargers-live');

    await cp.close({ force: true });
    await row.getByText('Offline', { exact: true }).waitFor({ timeout: 5000 });
    await row.getByText(/^since (just now|\d+ s ago)$/).waitFor();
    await row.getByText('#1 Offline').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await page.context().close();
  });

  it('a charger that never connected reads Offline; at phone width the table scrolls sideways', async () => {
    const cpo = await app.api('cpo@lankacharge.demo');
    const live = (await cpo.get('/api/v1/live/chargers')).body as {
      ocppIdentity: string;
      online: boolean;
      lastMessageAt: string | null;
    }[];
    const silent = live.find((c) => !c.online && c.lastMessageAt === null);
    expect(silent).toBeDefined();
    const page = await app.signedIn('cpo@lankacharge.demo', { width: 390, height: 844 });
    await page.getByRole('button', { name: /navigation/i }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chargers', exact: true }).click();
    await page.getByRole('heading', { name: 'Chargers', level: 1 }).waitFor();
    await page.getByLabel('Search', { exact: true }).fill(silent!.ocppIdentity);
    const row = page.getByRole('table', { name: 'Chargers' }).getByRole('row').filter({ hasText: silent!.ocppIdentity });
    await row.getByText('Offline', { exact: true }).waitFor();
    await row.getByText('never connected').waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Chargers' }).getByRole('row').count()).toBe(2);
    // The page itself does not scroll sideways; the table does.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'chargers-live-phone');
    await page.context().close();
  });
});
