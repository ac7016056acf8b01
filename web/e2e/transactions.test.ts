import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargingSessions } from '../../server/src/db/schema/index.js';
import { settleStoppedSession } from '../../server/src/modules/settlement/service.js';
import { apiClient } from '../../server/test/support/http.js';
import { type BrowserApp, DEMO_PASSWORD, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('transactions in the browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
    const login = await apiClient(app.server.url).post('/api/v1/auth/login', {
      email: 'admin@chargeboard.demo',
      password: DEMO_PASSWORD,
    });
    const admin = apiClient(app.server.url, login.body.accessToken);
    const charger = (await admin.get('/api/v1/chargers?q=LK-GF-001')).body.items[0];
    // Two finished sessions at a LankaCharge charger, settled the way a StopTransaction settles them.
    for (const [start, wh] of [
      ['2026-03-10T04:00:00Z', 12_000],
      ['2026-03-11T04:00:00Z', 8_500],
    ] as const) {
      const startedAt = new Date(start);
      const stoppedAt = new Date(startedAt.getTime() + 3_600_000);
      const [session] = await app.server.db
        .insert(chargingSessions)
        .values({
          organizationId: charger.organizationId,
          siteId: charger.siteId,
          chargerId: charger.id,
          protocol: 'ocpp1.6',
          transactionId: randomUUID(),
          connectorId: 1,
          idTag: 'DEMO-CARD',
          status: 'completed',
          startedAt,
          stoppedAt,
          meterStartWh: 0,
          meterStopWh: wh,
          energyWh: wh,
          lastActivityAt: stoppedAt,
        })
        .returning();
      await settleStoppedSession(app.server.db, session!.id);
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

    await page.getByRole('table', { name: 'Sessions' }).getByRole('link').first().click();
    const breakdown = page.getByRole('region', { name: 'Cost breakdown' });
    await breakdown.getByText('Gross').waitFor();
    await breakdown.getByText('Net').waitFor();
    expect(await breakdown.getByText('Margin').count()).toBe(1);
    await page.getByRole('region', { name: 'Meter chart' }).waitFor();
    await screenshot(page, 'transaction-detail');
    await page.context().close();
  });
});
