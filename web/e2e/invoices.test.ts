import { readFileSync } from 'node:fs';
import { pdfText } from '../../server/test/support/pdf-text.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

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

    // A credit note of 1.00 (plus its taxes) lowers the amount due; the page shows the server's figure and
    // the payment dialog suggests exactly it (total − payments − credit notes), not total − paid.
    await page.getByRole('button', { name: 'Credit note', exact: true }).click();
    const credit = page.getByRole('dialog', { name: /^Credit note against/ });
    await credit.getByLabel('Amount to credit, excluding tax').fill('1.00');
    await credit.getByLabel('Reason').fill('Goodwill');
    await credit.getByRole('button', { name: 'Issue credit note' }).click();
    const lines = page.getByRole('table', { name: 'Invoice lines' });
    await lines.getByText('Credit notes', { exact: true }).waitFor();
    const figure = async (label: string) => {
      const row = lines.getByRole('row').filter({ has: page.getByRole('cell', { name: label, exact: true }) });
      const text = (await row.textContent()) ?? '';
      return Number((text.replace(label, '').match(/-?[\d,]+\.\d\d/)?.[0] ?? 'NaN').replace(/,/g, '').replace('.', ''));
    };
    const [total, credited, due] = [await figure('Total'), await figure('Credit notes'), await figure('Amount due')];
    expect(credited).toBeGreaterThan(100); // 1.00 and its taxes
    expect(due).toBe(total - credited);
    await page.getByRole('button', { name: 'Record payment' }).click();
    const payment = page.getByRole('dialog', { name: /^Record a payment/ });
    const suggested = await payment.getByLabel('Amount received').inputValue();
    expect(Number(suggested.replace('.', ''))).toBe(due);
    // Paying what the page suggests settles the invoice on the server too.
    await payment.getByRole('button', { name: 'Record payment' }).click();
    await expect.poll(() => page.getByText('Paid', { exact: true }).count()).toBeGreaterThan(0);
    await expect.poll(() => figure('Amount due')).toBe(0);
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
    const text = await pdfText(pdf);
    expect(text).toContain(number);
    expect(text).toContain('LankaCharge');
    expect(text).toContain('INVOICE');

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
