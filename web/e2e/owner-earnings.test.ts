import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledStoredSession } from '../../server/test/support/sessions.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

const DAY = '2026-03-10';
/** Intl puts a no-break space between currency and amount; compare as a reader sees it. */
const plain = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');
const lkr = (minor: number) => `LKR ${(minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;

describe.skipIf(!hasBrowser)("a location owner's earnings in the browser", () => {
  let app: BrowserApp;
  let sessionId: string;
  let commissionMinor: number;
  let chargerName: string;
  beforeAll(async () => {
    app = await startBrowserApp();
    const owner = await app.api('owner@lankacharge.demo');
    const charger = (await owner.get('/api/v1/chargers')).body.items[0];
    chargerName = charger.name;
    // One evening session on the owner's charger, settled the way a StopTransaction settles it.
    const session = await settledStoredSession(app.server.db, { charger, startedAt: new Date(`${DAY}T13:00:00Z`), wh: 27_500 });
    sessionId = session.id;
    const settlement = (await (await app.api('cpo@lankacharge.demo')).get(`/api/v1/sessions/${sessionId}/settlement`)).body;
    commissionMinor = settlement.locationOwnerCommissionMinor;
    expect(commissionMinor).toBeGreaterThan(0);
  });
  afterAll(() => app?.close());

  it('the owner picks a day and sees its commission in LKR, per charger, on the organization’s clock', async () => {
    const page = await app.signedIn('owner@lankacharge.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Earnings' }).click();
    await page.getByRole('heading', { name: 'Earnings', level: 1 }).waitFor();
    await page.getByLabel('From').fill(DAY);
    await page.getByLabel('To').fill(DAY);
    await page.getByText('Days run on Asia/Colombo time (GMT+5:30).').waitFor();
    const tiles = page.getByLabel('Earnings in LKR');
    await expect.poll(async () => plain(await tiles.textContent())).toContain(`Your commission · LKR${lkr(commissionMinor)}`);
    const row = page.getByRole('table', { name: 'Earnings per charger' }).getByRole('row').filter({ hasText: chargerName });
    expect(plain(await row.getByRole('cell').last().textContent())).toBe(lkr(commissionMinor));
    await screenshot(page, 'owner-earnings');
    await page.context().close();
  });

  it('the session’s cost breakdown shows the owner its commission but none of the operator’s own figures', async () => {
    const page = await app.signedIn('owner@lankacharge.demo');
    await page.goto(`${app.server.url}/transactions/${sessionId}`);
    const breakdown = page.getByRole('region', { name: 'Cost breakdown' });
    await breakdown.getByText(/^Location owner commission/).waitFor();
    expect(plain(await breakdown.textContent())).toContain(lkr(commissionMinor));
    for (const hidden of ['Margin', 'Partner share', 'Energy cost', 'Platform commission', 'Gateway fee'])
      expect(await breakdown.getByText(hidden).count(), hidden).toBe(0);
    await page.context().close();
  });

  it('others are not offered Earnings', async () => {
    const page = await app.signedIn('cpo@lankacharge.demo');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Earnings' }).count()).toBe(0);
    await page.context().close();
  });
});
