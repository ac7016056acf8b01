import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargingSessions, organizations, payments } from '../../server/src/db/schema/index.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('finance in the browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('Accounts opens Finance on the demo history and sees revenue tiles, charts and rankings', async () => {
    const page = await app.signedIn('accounts@chargeboard.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Finance' }).click();
    await page.getByRole('heading', { name: 'Finance', level: 1 }).waitFor();

    // The demo history is settled through the real path: this month's LKR net revenue is not zero.
    const monthTile = page.getByLabel(/^Net revenue this month \(LKR\): /);
    await monthTile.waitFor();
    expect(await monthTile.textContent()).not.toMatch(/^LKR\s?0\.00$/);
    await page
      .getByLabel(/^Net revenue last 30 days: /)
      .first()
      .waitFor();

    // One chart per currency: the EUR revenue of VoltWay Europe on its own axis, not flat beside LKR.
    for (const currency of ['LKR', 'EUR']) {
      const chart = page.getByRole('img', { name: `Net and gross revenue in ${currency} per day` });
      await chart.waitFor();
      expect(await chart.locator('path').count()).toBeGreaterThan(2);
    }
    expect(await page.getByRole('img', { name: /^Net and gross revenue in/ }).count()).toBe(2);
    await page.getByRole('img', { name: 'Energy delivered per day' }).waitFor();

    const top = page.getByRole('region', { name: 'Top 5 chargers' });
    expect(await top.getByRole('row').count()).toBe(6);
    const table = page.getByRole('table', { name: 'Revenue per charger' });
    await table.getByRole('columnheader', { name: 'Margin / net' }).waitFor();
    await screenshot(page, 'finance');

    await page.getByText('Months', { exact: true }).click();
    await page.getByRole('img', { name: 'Net and gross revenue in EUR per month' }).waitFor();
  });

  it('a payment given up after its retries heads the dashboard for Accounts, in LKR with its reason; a CPO of another organization does not see it', async () => {
    const [session] = await app.server.db
      .select()
      .from(chargingSessions)
      .innerJoin(organizations, eq(organizations.id, chargingSessions.organizationId))
      .where(and(eq(organizations.name, 'LankaCharge'), eq(chargingSessions.status, 'completed')))
      .limit(1);
    await app.server.db.insert(payments).values({
      organizationId: session!.organizations.id,
      type: 'sale',
      status: 'failed',
      gateway: 'cybersource',
      amountMinor: 354_384n,
      currency: 'LKR',
      sessionId: session!.charging_sessions.id,
      idempotencyKey: `sale:${session!.charging_sessions.id}:6`,
      reason: 'Decline - Insufficient funds in the account. (INSUFFICIENT_FUND)',
      completedAt: new Date(),
    });
    const page = await app.signedIn('accounts@chargeboard.demo');
    const card = page.getByRole('region', { name: 'Payments that failed' });
    await card.waitFor();
    const row = card.getByRole('row').filter({ hasText: 'Insufficient funds' });
    expect((await row.textContent())?.replace(/\u00a0/g, ' ')).toContain('LKR 3,543.84');
    expect(await row.textContent()).toContain('LankaCharge');
    await row.getByRole('link', { name: 'Open' }).click();
    await page.waitForURL(new RegExp(`/transactions/${session!.charging_sessions.id}`));

    const other = await app.signedIn('cpo@voltway.demo');
    await other.getByRole('heading', { level: 1 }).first().waitFor();
    await other.getByText('Welcome').first().waitFor();
    expect(await other.getByRole('region', { name: 'Payments that failed' }).count()).toBe(0);
  });
});
