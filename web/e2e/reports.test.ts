import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('reports in the browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('Accounts builds a report by month over this year, previews it with totals and a chart, and downloads the same figures as CSV', async () => {
    const page = await app.signedIn('accounts@chargeboard.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();

    // Group by site (the default) and month; sessions, energy and gross are the default metrics.
    await page.getByLabel('Group by', { exact: true }).fill('Mon');
    await page.getByRole('option', { name: 'Month' }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel('Period', { exact: true }).click();
    await page.getByRole('option', { name: 'This year' }).click();
    await page.getByRole('button', { name: 'Preview' }).click();

    const table = page.getByRole('table', { name: 'Report rows' });
    await table.waitFor();
    await table.getByRole('columnheader', { name: 'Site' }).waitFor();
    await table.getByRole('columnheader', { name: 'Month' }).waitFor();
    const year = new Date().getUTCFullYear();
    expect(await page.getByText(new RegExp(`Period: ${year}-01-01 – ${year}-\\d\\d-\\d\\d \\(UTC\\)`)).count()).toBe(1);
    await page.getByRole('img', { name: 'Sessions by Site' }).waitFor();

    const lkrTotal = table.getByRole('row', { name: 'Total LKR' });
    const cells = (await lkrTotal.getByRole('cell').allTextContents()).map((c) => c.replace(/\u00a0/g, ' '));
    // Total, (month), LKR, sessions, energy, gross.
    expect(cells[2]).toBe('LKR');
    const sessions = cells[3]!.replace(/,/g, '');
    expect(Number(sessions)).toBeGreaterThan(0);
    expect(cells[5]).toMatch(/^LKR\s?[\d,]+\.\d\d$/);
    const gross = cells[5]!.replace(/^LKR\s?/, '').replace(/,/g, '');
    await screenshot(page, 'reports');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^report-${year}-01-01-${year}-\\d\\d-\\d\\d\\.csv$`));
    const lines = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).toBe('Site,Month,Currency,Sessions,Energy (kWh),Gross');
    const total = lines.find((line) => line.startsWith('Total,,LKR,'));
    expect(total?.split(',')).toEqual(['Total', '', 'LKR', sessions, expect.stringMatching(/^\d+\.\d{3}$/), gross]);
    // Every previewed row is in the file (plus the header and the totals rows).
    const rows = await table.locator('tbody tr').count();
    const totals = await table.locator('tfoot tr').count();
    expect(lines).toHaveLength(1 + rows + totals);
  });

  it('a Network Manager (no finance:read) is offered sessions, energy and time but no money, and the default preview works', async () => {
    const page = await app.signedIn('network@chargeboard.demo');
    await page.goto(`${app.server.url}/reports`);
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Preview' }).click();
    const table = page.getByRole('table', { name: 'Report rows' });
    await table.waitFor();
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers).toContain('Sessions');
    expect(headers).not.toContain('Gross');
    await page.getByLabel('Metrics', { exact: true }).click();
    expect(await page.getByRole('option', { name: 'Net', exact: true }).count()).toBe(0);
    expect(await page.getByRole('option', { name: 'Idle time' }).count()).toBe(1);
    await page.keyboard.press('Escape');

    // Fixed dates are local days; "To" before "From" is refused before anything is sent.
    await page.getByLabel('Period', { exact: true }).click();
    await page.getByRole('option', { name: 'Fixed dates' }).click();
    await page.getByLabel('From', { exact: true }).fill('2026-03-10');
    await page.getByLabel('To', { exact: true }).fill('2026-03-01');
    await page.getByText('"To" must be on or after "From"').first().waitFor();
    expect(await page.getByRole('button', { name: 'Preview' }).isDisabled()).toBe(true);
    await page.getByLabel('To', { exact: true }).fill('2026-03-31');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText(/Period: 2026-03-10 – 2026-03-31 \(UTC\)/).waitFor();
    await page.context().close();
  });
});
