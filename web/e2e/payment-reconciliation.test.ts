import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargingSessions, organizations, payments } from '../../server/src/db/schema/index.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('an Accounts user reconciles a gateway settlement report', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
    // Two CyberSource captures of LankaCharge on 10 March (Colombo): the report agrees with one, not the other.
    const [org] = await app.server.db.select().from(organizations).where(eq(organizations.name, 'LankaCharge'));
    const [session] = await app.server.db
      .select({ id: chargingSessions.id })
      .from(chargingSessions)
      .where(eq(chargingSessions.organizationId, org!.id))
      .limit(1);
    const base = {
      organizationId: org!.id,
      type: 'capture' as const,
      status: 'approved' as const,
      gateway: 'cybersource' as const,
      currency: 'LKR',
      createdAt: new Date('2026-03-10T10:00:00+05:30'),
    };
    await app.server.db.insert(payments).values([
      {
        ...base,
        idempotencyKey: randomUUID(),
        gatewayReference: 'E2E-OK-1',
        amountMinor: 293_000n,
        sessionId: session?.id ?? null,
      },
      {
        ...base,
        idempotencyKey: randomUUID(),
        gatewayReference: 'E2E-DIFF-2',
        amountMinor: 150_000n,
        sessionId: session?.id ?? null,
      },
    ]);
  });
  afterAll(() => app?.close());

  it('imports a small file and sees the mismatch with both amounts and the difference', async () => {
    const page = await app.signedIn('accounts@chargeboard.demo', { width: 1440, height: 900 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reconciliation', exact: true }).click();
    await page.getByRole('heading', { name: 'Reconciliation', level: 1 }).waitFor();

    const form = page.getByRole('form', { name: 'Import a settlement report' });
    await form.getByLabel('Organization', { exact: true }).fill('LankaCharge');
    await page.getByRole('option', { name: 'LankaCharge' }).click();
    await form.locator('input[type="file"]').setInputFiles({
      name: 'cybersource-batch-2026-03-10.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        '\uFEFFBatch Date,Request ID,Application,Amount,Currency\r\n' +
          '2026-03-10,E2E-OK-1,ics_bill,2930.00,LKR\r\n' +
          '2026-03-10,E2E-DIFF-2,ics_bill,1600.00,LKR\r\n',
      ),
    });
    await form.getByRole('button', { name: 'Import' }).click();

    // The import opens: the tiles count each outcome, and the mismatch is 100.00 more on the report.
    await page.getByRole('heading', { name: 'cybersource-batch-2026-03-10.csv', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Amount mismatch: 1' }).waitFor();
    await page.getByRole('button', { name: 'Matched: 1' }).waitFor();
    await expect.poll(() => page.getByText('Mar 10, 2026').count()).toBeGreaterThan(0);
    await screenshot(page, 'payment-reconciliation');

    await page.getByLabel('Outcome', { exact: true }).click();
    await page.getByRole('option', { name: 'Amount mismatch' }).click();
    const table = page.getByRole('table', { name: 'Reconciliation lines' });
    const row = table.getByRole('row').filter({ hasText: 'E2E-DIFF-2' });
    await row.waitFor();
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'E2E-OK-1' }).count()).toBe(0);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('1,600.00');
    expect(text).toContain('1,500.00');
    // Intl separates the currency with a no-break space.
    expect(text).toMatch(/\+LKR\s100\.00/);
    await row.getByRole('link', { name: /^Session/ }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(page.url()).toContain('/transactions/');

    // The past imports list it, with the period on Colombo's clock.
    await page.goto(`${app.server.url}/payments/reconciliation`);
    const imports = page.getByRole('table', { name: 'Past imports' });
    await imports.getByText('cybersource-batch-2026-03-10.csv').waitFor();
    await imports.getByText('Amount mismatch: 1').waitFor();
    await imports.getByText('Asia/Colombo').waitFor();
    await screenshot(page, 'payment-reconciliation-imports');

    const phone = await app.signedIn('accounts@chargeboard.demo', { width: 390, height: 844 });
    await phone.goto(`${app.server.url}/payments/reconciliation`);
    await phone.getByRole('heading', { name: 'Reconciliation', level: 1 }).waitFor();
    await phone.getByRole('table', { name: 'Past imports' }).getByText('cybersource-batch-2026-03-10.csv').waitFor();
    await screenshot(phone, 'payment-reconciliation-phone');
  });
});
