import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

const hasPdftotext = existsSync('/usr/bin/pdftotext') || !!process.env.CI;

describe.skipIf(!hasBrowser)('an Accounts user invoices an organization', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('generates a draft, sends it, downloads the PDF and opens Payouts', async () => {
    const page = await app.signedIn('accounts@chargeboard.demo', { width: 1366, height: 900 });
    const nav = page.getByRole('navigation', { name: 'Main' });

    await nav.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Generate invoice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate invoice' });
    await dialog.getByLabel('Organization', { exact: true }).fill('LankaCharge');
    await page.getByRole('option', { name: 'LankaCharge' }).click();
    await dialog.getByRole('button', { name: 'Generate draft' }).click();

    // The draft: no number yet, its lines and statement, and Send among the actions.
    await page.getByRole('heading', { name: 'Draft invoice', level: 1 }).waitFor();
    await expect.poll(() => page.getByText('Draft', { exact: true }).count()).toBeGreaterThan(0);
    await page.getByRole('table', { name: 'Invoice lines' }).getByText('Subtotal').waitFor();
    await page.getByRole('heading', { name: 'Statement and payout' }).waitFor();

    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('dialog', { name: 'Send invoice' }).getByRole('button', { name: 'Send invoice' }).click();
    const heading = page.getByRole('heading', { name: /^Invoice INV-\d{4}-\d{6}$/, level: 1 });
    await heading.waitFor();
    const number = (await heading.textContent())?.replace('Invoice ', '') ?? '';
    expect(number).toMatch(/^INV-\d{4}-\d{6}$/);
    await expect.poll(() => page.getByText('Sent', { exact: true }).count()).toBeGreaterThan(0);
    await screenshot(page, 'invoice-detail');

    // The PDF the finance team would send: named after the number, and the number printed in it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${number}.pdf`);
    const file = await download.path();
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (hasPdftotext) {
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain(number);
      expect(text).toContain('LankaCharge');
      expect(text).toContain('INVOICE');
    }

    // The list shows it as sent, findable by its number.
    await page.getByRole('link', { name: /Back to invoices/ }).click();
    await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
    await page.getByRole('link', { name: number }).waitFor();
    await screenshot(page, 'invoices');

    await nav.getByRole('link', { name: 'Payouts' }).click();
    await page.getByRole('heading', { name: 'Payouts', level: 1 }).waitFor();
    const balances = page.getByRole('table', { name: 'Payout balances' });
    await balances.getByText('LankaCharge').first().waitFor();
    await balances.getByRole('button', { name: 'LankaCharge' }).click();
    await page.getByRole('heading', { name: 'Ledger: LankaCharge' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Record payout' }).count()).toBe(1);
    await screenshot(page, 'payouts');
  });
});
