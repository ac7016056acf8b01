import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledStoredSession } from '../../server/test/support/sessions.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('ID tokens and their payment methods in the browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
    const admin = await app.api('admin@chargeboard.demo');
    const charger = (await admin.get('/api/v1/chargers?q=LK-GF-001')).body.items[0];
    const tokens = (await admin.get('/api/v1/id-tokens?q=LANKA-RFID&pageSize=50')).body.items as { id: string; token: string }[];
    const tokenId = (value: string) => tokens.find((t) => t.token === value)!.id;
    // One session per card at a LankaCharge charger, settled the way a StopTransaction settles them.
    for (const [card, start, wh] of [
      ['LANKA-RFID-003', '2026-03-10T04:00:00Z', 12_000],
      ['LANKA-RFID-004', '2026-03-11T04:00:00Z', 8_500],
    ] as const) {
      await settledStoredSession(app.server.db, {
        charger,
        startedAt: new Date(start),
        wh,
        idTag: card,
        idTokenId: tokenId(card),
      });
    }
  });
  afterAll(() => app?.close());

  const tokenRow = (page: Awaited<ReturnType<BrowserApp['signedIn']>>, token: string) =>
    page.getByRole('table', { name: 'ID tokens' }).getByRole('row').filter({ hasText: token });

  it('a CPO reads its cards read-only; an admin blocks one and sets it to CyberSource; both see it after reload', async () => {
    const cpo = await app.signedIn('cpo@lankacharge.demo');
    await cpo.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'ID tokens' }).click();
    await cpo.getByRole('heading', { name: 'ID tokens', level: 1 }).waitFor();
    // The organization has more cards than a page holds: find this one by search, as a person would.
    await cpo.getByLabel('Search', { exact: true }).fill('LANKA-RFID-002');
    const cpoRow = tokenRow(cpo, 'LANKA-RFID-002');
    await cpoRow.getByText('Active').waitFor();
    await cpoRow.getByText('Manual payment').waitFor();
    await cpoRow.getByText('(default)').waitFor();
    // The CPO role reads chargers and tokens but holds neither chargers:write nor payments:write.
    expect(await cpo.getByRole('button', { name: 'Issue token' }).count()).toBe(0);
    expect(await cpoRow.getByRole('button', { name: /Block/ }).count()).toBe(0);
    expect(await cpoRow.getByRole('combobox', { name: /Payment method/ }).count()).toBe(0);

    const admin = await app.signedIn('admin@chargeboard.demo');
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'ID tokens' }).click();
    await admin.getByRole('heading', { name: 'ID tokens', level: 1 }).waitFor();
    await admin.getByLabel('Search', { exact: true }).fill('LANKA-RFID-002');
    const row = tokenRow(admin, 'LANKA-RFID-002');
    await row.getByRole('button', { name: 'Block LANKA-RFID-002' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Block token' }).click();
    await row.getByText('Blocked').waitFor();
    await row.getByRole('combobox', { name: 'Payment method of LANKA-RFID-002' }).click();
    await admin.getByRole('option', { name: 'CyberSource' }).click();
    await admin.getByText('Payment method of LANKA-RFID-002: CyberSource').waitFor();

    await admin.reload();
    await admin.getByLabel('Search', { exact: true }).fill('LANKA-RFID-002');
    const reloaded = tokenRow(admin, 'LANKA-RFID-002');
    await reloaded.getByText('Blocked').waitFor();
    await expect
      .poll(() => reloaded.getByRole('combobox', { name: 'Payment method of LANKA-RFID-002' }).inputValue())
      .toBe('CyberSource');
    // Issue a new card to a driver: it is listed with its holder and inherits the default method.
    await admin.getByRole('button', { name: 'Issue token' }).click();
    const issue = admin.getByRole('dialog', { name: 'Issue an ID token' });
    await issue.getByLabel('Organization', { exact: true }).fill('LankaCharge');
    await admin.getByRole('option', { name: 'LankaCharge', exact: true }).click();
    await issue.getByLabel('Token value').fill('LANKA-NEW-01');
    await issue.getByLabel('Label').fill('Night shift card');
    await issue.getByRole('combobox', { name: 'Driver' }).fill('Ishara');
    await admin.getByRole('option', { name: /Ishara Gunawardena/ }).click();
    await issue.getByRole('button', { name: 'Issue token' }).click();
    await admin.getByLabel('Search', { exact: true }).fill('LANKA-NEW-01');
    const issued = tokenRow(admin, 'LANKA-NEW-01');
    await issued.getByText('Ishara Gunawardena').waitFor();
    await issued.getByText('Night shift card').waitFor();
    // Clearing the search brings back every card, newest first: the one just issued heads the list.
    await admin.getByLabel('Search', { exact: true }).fill('');
    await expect.poll(() => admin.getByRole('table', { name: 'ID tokens' }).getByRole('row').count()).toBeGreaterThan(10);
    await expect
      .poll(() => admin.getByRole('table', { name: 'ID tokens' }).getByRole('row').nth(1).textContent())
      .toContain('LANKA-NEW-01');
    await screenshot(admin, 'id-tokens');
    await admin.context().close();

    await cpo.reload();
    await cpo.getByLabel('Search', { exact: true }).fill('LANKA-RFID-002');
    const cpoAfter = tokenRow(cpo, 'LANKA-RFID-002');
    await cpoAfter.getByText('Blocked').waitFor();
    await cpoAfter.getByText('CyberSource').waitFor();
    expect(await cpoAfter.getByText('(default)').count()).toBe(0);
    await screenshot(cpo, 'id-tokens-cpo');
    await cpo.context().close();
  });

  it('finance removes a card’s own payment method again: it falls back to the default, also after reload', async () => {
    const page = await app.signedIn('accounts@chargeboard.demo');
    await page.goto(`${app.server.url}/id-tokens`);
    await page.getByLabel('Search', { exact: true }).fill('FLEET-RFID-003');
    const name = 'Payment method of FLEET-RFID-003';
    const row = tokenRow(page, 'FLEET-RFID-003');
    await row.getByRole('combobox', { name }).click();
    await page.getByRole('option', { name: 'Amex' }).click();
    await page.getByText(`${name}: Amex`).waitFor();
    await expect.poll(() => row.getByRole('combobox', { name }).inputValue()).toBe('Amex');
    await row.getByRole('combobox', { name }).click();
    await page.getByRole('option', { name: 'None of its own (driver’s or manual)' }).click();
    await page.getByText(`${name}: Manual payment`).waitFor();
    await page.reload();
    await page.getByLabel('Search', { exact: true }).fill('FLEET-RFID-003');
    const reloaded = tokenRow(page, 'FLEET-RFID-003').getByRole('combobox', { name });
    await expect.poll(() => reloaded.inputValue()).toBe('');
    expect(await reloaded.getAttribute('placeholder')).toBe('Manual payment (default)');
    await page.context().close();
  });

  it('Transactions filters by an ID token and shows only its sessions; the filters wrap on a phone', async () => {
    const page = await app.signedIn('admin@chargeboard.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Transactions' }).click();
    await page.getByRole('heading', { name: 'Transactions', level: 1 }).waitFor();
    await page.getByLabel('From', { exact: true }).fill('2026-03-10');
    await page.getByLabel('To', { exact: true }).fill('2026-03-11');
    const table = page.getByRole('table', { name: 'Sessions' });
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'LANKA-RFID' }).count()).toBe(2);

    await page.getByRole('combobox', { name: 'ID token' }).fill('RFID-004');
    await page.getByRole('option', { name: /LANKA-RFID-004/ }).click();
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'LANKA-RFID' }).count()).toBe(1);
    await table.getByText('LANKA-RFID-004').waitFor();
    await page.getByRole('region', { name: 'Energy' }).getByText('8.500 kWh').waitFor();
    await screenshot(page, 'transactions-id-token-filter');

    // A connector no session used leaves nothing; the vehicle filter is exact.
    await page.getByLabel('Connector').fill('2');
    await page.getByText('No sessions match.').first().waitFor();
    await page.getByLabel('Connector').fill('1');
    await table.getByText('LANKA-RFID-004').waitFor();
    await page.getByLabel('Vehicle').fill('WP-XX-0000');
    await page.getByText('No sessions match.').first().waitFor();
    await page.context().close();

    const phone = await app.signedIn('admin@chargeboard.demo', { width: 390, height: 844 });
    await phone.goto(`${app.server.url}/transactions`);
    await phone.getByRole('combobox', { name: 'ID token' }).waitFor();
    await screenshot(phone, 'transactions-filters-phone');
    await phone.context().close();
  });

  it('an admin sets a user’s payment method on the Users page; the driver’s tokens inherit it', async () => {
    const page = await app.signedIn('admin@chargeboard.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await page.getByLabel('Search', { exact: true }).fill('driver@chargeboard.demo');
    await page.getByRole('button', { name: 'Edit Ishara Gunawardena' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Ishara Gunawardena' });
    await dialog.getByRole('combobox', { name: 'Payment method' }).click();
    await page.getByRole('option', { name: 'Wallet' }).click();
    await page.getByText('Payment method of Ishara Gunawardena: Wallet').waitFor();
    await screenshot(page, 'user-payment-method');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.reload();
    await page.getByLabel('Search', { exact: true }).fill('driver@chargeboard.demo');
    await page.getByRole('button', { name: 'Edit Ishara Gunawardena' }).click();
    await expect
      .poll(() => page.getByRole('dialog').getByRole('combobox', { name: 'Payment method' }).inputValue())
      .toBe('Wallet');
    await page.context().close();
  });
});
