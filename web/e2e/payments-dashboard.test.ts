import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations, payments } from '../../server/src/db/schema/index.js';
import { formatMoney } from '../src/format.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

const words = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
const money = (minor: number, currency: string) => words(formatMoney(minor, currency, 'en-US'));

describe.skipIf(!hasBrowser)('the Payments dashboard', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('Accounts opens the demo cash-desk sale, refunds part of it and sees the refund and what is left', async () => {
    const page = await app.signedIn('accounts@chargeboard.demo', { width: 1440, height: 1000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payments', exact: true }).click();
    await page.getByRole('heading', { name: 'Payments', level: 1 }).waitFor();
    // One table across gateways, and totals per currency (LankaCharge's LKR, VoltWay's EUR: never added).
    const table = page.getByRole('table', { name: 'Payments', exact: true });
    await table.getByRole('cell', { name: 'Amex', exact: true }).first().waitFor();
    await table.getByText('Visa •••• 1111').first().waitFor();
    const totals = page.getByRole('region', { name: 'Totals per currency' });
    await totals.getByText(/^LKR · \d+ payments$/).waitFor();
    await totals.getByText(/^EUR · \d+ payments$/).waitFor();
    await page.getByRole('region', { name: 'Payments per day' }).getByText('Approved volume in EUR').waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'payments');

    await page.getByLabel('Gateway', { exact: true }).click();
    await page.getByRole('option', { name: 'Manual', exact: true }).click();
    const sale = table.getByRole('row').filter({ hasText: 'Sale' });
    await expect.poll(() => sale.count()).toBe(1);
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'CyberSource' }).count()).toBe(0);
    await sale.getByRole('link').first().click();

    await page.getByRole('heading', { name: 'Sale on Manual', level: 1 }).waitFor();
    const refunds = page.getByRole('region', { name: 'Refunds' });
    const [row] = await app.server.db
      .select()
      .from(payments)
      .where(and(eq(payments.gateway, 'manual'), eq(payments.type, 'sale')));
    const captured = Number(row!.amountMinor);
    await refunds.getByText(money(captured, 'LKR')).waitFor();

    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    const dialog = page.getByRole('dialog');
    const amount = dialog.getByLabel('Amount to refund', { exact: true });
    // Prefilled with what is left, in major units.
    expect(await amount.inputValue()).toBe((captured / 100).toFixed(2));
    await dialog.getByLabel('Reason', { exact: true }).fill('Charged for idle time the driver was not told about');
    await dialog.getByLabel('Receipt number', { exact: true }).fill('CASH-OUT-0042');
    // More than was captured: the server's refusal, in words.
    await amount.fill(((captured + 100) / 100).toFixed(2));
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await dialog
      .getByRole('alert')
      .getByText(`${money(captured, 'LKR')} can still be refunded`)
      .waitFor();

    await amount.fill('250.00');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    const related = page.getByRole('table', { name: 'Related payments' });
    const refundRow = related.getByRole('row').filter({ hasText: 'Refund' });
    await refundRow.getByText('Succeeded').waitFor();
    expect(words(await refundRow.textContent())).toContain(money(25_000, 'LKR'));
    expect(words(await refundRow.textContent())).toContain('CASH-OUT-0042');
    await expect.poll(async () => words(await refunds.textContent())).toContain(`Refunded${money(25_000, 'LKR')}`);
    await expect
      .poll(async () => words(await refunds.textContent()))
      .toContain(`Left to refund${money(captured - 25_000, 'LKR')}`);
    await screenshot(page, 'payment-refund');

    // The session's page lists its payments, the refund among them.
    await page.getByRole('region', { name: 'Charging session' }).getByRole('link').click();
    const sessionPayments = page.getByRole('region', { name: 'Payments', exact: true });
    await sessionPayments.getByRole('link', { name: 'Refund' }).waitFor();
    await sessionPayments.getByRole('link', { name: 'Sale' }).waitFor();
    await sessionPayments.getByRole('link', { name: 'Authorization' }).waitFor();

    // The list is refreshed: the refund is there, on the manual gateway.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payments', exact: true }).click();
    await page.getByRole('heading', { name: 'Payments', level: 1 }).waitFor();
    await table.getByRole('row').filter({ hasText: 'CASH-OUT-0042' }).getByText('Succeeded').waitFor();
    await page.context().close();
  });

  it("a CPO sees only LankaCharge's payments, and no Refund button", async () => {
    const page = await app.signedIn('cpo@lankacharge.demo', { width: 1440, height: 1000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payments', exact: true }).click();
    await page.getByRole('heading', { name: 'Payments', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Payments', exact: true });
    await table.getByRole('cell', { name: 'Amex', exact: true }).first().waitFor();
    const organizationsShown = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(organizationsShown.length).toBeGreaterThan(0);
    expect(new Set(organizationsShown)).toEqual(new Set(['LankaCharge']));
    await page
      .getByRole('region', { name: 'Totals per currency' })
      .getByText(/^LKR · /)
      .waitFor();
    expect(await page.getByText(/^EUR · /).count()).toBe(0);

    await table.getByRole('row').filter({ hasText: 'Manual' }).filter({ hasText: 'Sale' }).getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Sale on Manual', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Refunds' }).waitFor();
    expect(await page.getByRole('button', { name: 'Refund' }).count()).toBe(0);
    // No payments:write: no exchange either.
    expect(await page.getByRole('region', { name: 'Gateway exchange' }).count()).toBe(0);

    // VoltWay's payment, opened by its address, is not found.
    const [voltway] = await app.server.db.select().from(organizations).where(eq(organizations.name, 'VoltWay Europe'));
    const [theirs] = await app.server.db.select().from(payments).where(eq(payments.organizationId, voltway!.id)).limit(1);
    await page.goto(`${app.server.url}/payments/${theirs!.id}`);
    await page.getByRole('heading', { name: 'Payment not found' }).waitFor();

    const narrow = await app.signedIn('cpo@lankacharge.demo', { width: 390, height: 844 });
    await narrow.goto(`${app.server.url}/payments`);
    await narrow.getByRole('heading', { name: 'Payments', level: 1 }).waitFor();
    await narrow
      .getByRole('table', { name: 'Payments', exact: true })
      .getByRole('cell', { name: 'Amex', exact: true })
      .first()
      .waitFor();
    await narrow.waitForLoadState('networkidle');
    await screenshot(narrow, 'payments-phone');
  });
});
