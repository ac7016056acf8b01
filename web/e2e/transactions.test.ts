import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledStoredSession } from '../../server/test/support/sessions.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('transactions in the browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
    const admin = await app.api('admin@chargeboard.demo');
    const charger = (await admin.get('/api/v1/chargers?q=LK-GF-001')).body.items[0];
    // Two finished sessions at a LankaCharge charger, settled the way a StopTransaction settles them.
    for (const [start, wh] of [
      ['2026-03-10T04:00:00Z', 12_000],
      ['2026-03-11T04:00:00Z', 8_500],
    ] as const) {
      await settledStoredSession(app.server.db, { charger, startedAt: new Date(start), wh, idTag: 'DEMO-CARD' });
    }
  });
  afterAll(() => app?.close());

  it('Accounts filters the sessions, sees the totals and opens a session’s cost breakdown', async () => {
    const page = await app.signedIn('accounts@chargeboard.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Transactions' }).click();
    await page.getByRole('heading', { name: 'Transactions', level: 1 }).waitFor();
    await page.getByLabel('From', { exact: true }).fill('2026-03-11');
    await page.getByLabel('To', { exact: true }).fill('2026-03-11');
    const sessions = page.getByRole('region', { name: 'Sessions' });
    await sessions.getByText('1', { exact: true }).waitFor();
    const energy = page.getByRole('region', { name: 'Energy' });
    await energy.getByText('8.500 kWh').waitFor();
    await page.getByRole('region', { name: 'Per charger' }).getByText('8.500 kWh').waitFor();
    await screenshot(page, 'transactions-filtered');

    // LankaCharge keeps Colombo time: 04:00 UTC is 9:30 AM there, and the zone is said.
    const list = page.getByRole('table', { name: 'Sessions' });
    await list.getByText(/Mar 11, 2026, 9:30\sAM GMT\+5:30/).waitFor();

    await list.getByRole('link').first().click();
    // The detail page shows the same time on the same clock as the list, and its chart axis says so.
    await page
      .getByText(/Mar 11, 2026, 9:30\sAM GMT\+5:30/)
      .first()
      .waitFor();
    await page.getByRole('region', { name: 'Meter chart' }).getByText('Time (GMT+5:30)').waitFor();
    const breakdown = page.getByRole('region', { name: 'Cost breakdown' });
    await breakdown.getByText('Gross').waitFor();
    await breakdown.getByText('Net').waitFor();
    expect(await breakdown.getByText('Margin').count()).toBe(1);
    await page.getByRole('region', { name: 'Meter chart' }).waitFor();
    await screenshot(page, 'transaction-detail');
    await page.context().close();
  });
});
