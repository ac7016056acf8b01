import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { and, eq } from 'drizzle-orm';
import { alertRules } from '../../server/src/db/schema/index.js';
import type { RpcClient } from '../../server/src/ocpp/rpc.js';
import { makeOrganization } from '../../server/test/support/factories.js';
import { connect, makeOcppCharger } from '../../server/test/support/ocpp.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

/** Screenshots of this test also go to a temp dir of their own, to be looked at after a run. */
const shots = mkdtempSync(path.join(tmpdir(), 'alerts-e2e-'));
const shoot = async (page: Page, name: string) => {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
  await screenshot(page, name);
};

describe.skipIf(!hasBrowser)('alerts: the bell, the list and the detail', () => {
  let app: BrowserApp;
  const clients: RpcClient[] = [];
  beforeAll(async () => {
    app = await startBrowserApp();
    console.info(`alerts e2e screenshots: ${shots}`);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close({ force: true })));
    await app?.close();
  });

  it('a charger going offline rings the bell live; the Network Manager acknowledges and resolves its alert', async () => {
    const db = app.server.db;
    const { org, charger } = await makeOcppCharger(db);
    await db
      .insert(alertRules)
      .values({ organizationId: org.id, ruleType: 'charger_offline', severity: 'critical', thresholds: { minutes: 0 } });

    const page = await app.signedIn('network@chargeboard.demo', { width: 1366, height: 900 });
    const bell = page.getByRole('button', { name: /^Notifications/ });
    await bell.waitFor();
    const unread = async () => {
      const label = (await bell.getAttribute('aria-label')) ?? '';
      return Number(/(\d+) unread/.exec(label)?.[1] ?? 0);
    };
    const before = await unread();
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    const cp = await connect(app.server.url, charger.ocppIdentity, 'ocpp1.6');
    clients.push(cp);
    await cp.call('BootNotification', { chargePointVendor: 'ABB', chargePointModel: 'Terra AC' });
    await cp.close({ force: true });

    // The bell counts the new notification without a reload.
    await expect.poll(unread, { timeout: 20_000 }).toBeGreaterThan(before);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await bell.click();
    const centre = page.getByRole('dialog', { name: 'Notifications' });
    await centre.getByText(`${charger.name} is offline`).first().waitFor();
    await centre.getByRole('button', { name: 'Mark all read' }).waitFor();
    await shoot(page, 'alerts-bell');
    await page.keyboard.press('Escape');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Alerts' });
    const row = table.getByRole('row').filter({ hasText: `${charger.name} is offline` });
    await row.waitFor();
    await row.getByText('Critical').waitFor();
    await row.getByText('Open', { exact: true }).waitFor();
    expect(await row.innerText()).toMatch(/(UTC|GMT)/);
    await shoot(page, 'alerts-list');

    await row.getByRole('link', { name: `${charger.name} is offline` }).click();
    await page.getByRole('heading', { name: `${charger.name} is offline`, level: 1 }).waitFor();
    await page.getByRole('link', { name: charger.name, exact: true }).waitFor();
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText('Raised').waitFor();
    await page.getByLabel('Note (optional)').fill('Site electrician called, on the way');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await history.getByText('Acknowledged').waitFor();
    await history.getByText('Site electrician called, on the way').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await page
      .getByText(/by Kasun Jayasuriya/)
      .first()
      .waitFor();
    await shoot(page, 'alert-acknowledged');

    await page.getByLabel('Note (optional)').fill('Breaker reset');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await history.getByText('Resolved').waitFor();
    await history.getByText('Breaker reset').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Resolve' }).count()).toBe(0);
    await shoot(page, 'alert-resolved');

    // Resolved alerts leave the default (unresolved) list, and show under Resolved.
    await page.getByRole('link', { name: '← Alerts' }).click();
    await page.getByRole('table', { name: 'Alerts' }).waitFor();
    await expect.poll(() => row.count()).toBe(0);
    await page.getByRole('radiogroup', { name: 'Show alerts' }).getByText('Resolved', { exact: true }).click();
    await row.getByText('Resolved', { exact: true }).waitFor();
    await row.getByText('Kasun Jayasuriya').waitFor();
    // The notification opens its alert and is read: the bell is back where it was.
    await bell.click();
    await centre.getByRole('button', { name: `Unread: ${charger.name} is offline` }).click();
    await page.getByRole('heading', { name: `${charger.name} is offline`, level: 1 }).waitFor();
    await expect.poll(unread).toBe(before);

    // At phone width the header keeps the bell and the table scrolls sideways.
    await page.setViewportSize({ width: 390, height: 800 });
    await bell.waitFor();
    await shoot(page, 'alerts-phone');

    // The rules as they run for the organization: its own row for charger_offline, editable.
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${app.server.url}/alerts?org=${org.id}`);
    await page.getByRole('tab', { name: 'Alert rules' }).click();
    const rules = page.getByRole('table', { name: 'Alert rules' });
    const offline = rules.getByRole('row').filter({ hasText: 'Charger offline' });
    await offline.getByText('This organization').waitFor();
    await offline.getByText('0 minutes').waitFor();
    await offline.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('dialog', { name: 'Rule: Charger offline' });
    await form.getByLabel('Escalate after minutes').fill('30');
    await shoot(page, 'alert-rule-edit');
    await form.getByRole('button', { name: 'Save' }).click();
    await offline.getByText('after 30 min').waitFor();
    await form.waitFor({ state: 'hidden' });
    await shoot(page, 'alert-rules');
    await page.context().close();
  });

  it('the underperforming floors are set in the organization’s money and shown with their units', async () => {
    const org = await makeOrganization(app.server.db, { currency: 'LKR' });
    const page = await app.signedIn('network@chargeboard.demo', { width: 1366, height: 900 });
    await page.goto(`${app.server.url}/alerts?org=${org.id}`);
    await page.getByRole('tab', { name: 'Alert rules' }).click();
    const row = page.getByRole('table', { name: 'Alert rules' }).getByRole('row').filter({ hasText: 'Underperforming' });
    // Off by default, and said so.
    await row.getByText(/no utilization floor · no revenue floor/).waitFor();
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('dialog', { name: 'Rule: Underperforming charger or site' });
    await form.getByLabel('Utilization floor').fill('12');
    const revenue = form.getByLabel('Net revenue floor');
    // More decimals than the currency has: refused before it is sent.
    await revenue.fill('5000.505');
    await form.getByText('An amount in LKR with at most 2 decimals').waitFor();
    expect(await form.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await revenue.fill('5000.50');
    await shoot(page, 'alert-rule-floors');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await row.getByText(/utilization floor 12 % · revenue floor LKR.5,000\.50/).waitFor();
    await shoot(page, 'alert-rules-floors');
    // Stored as exact minor units.
    const [stored] = await app.server.db
      .select({ thresholds: alertRules.thresholds })
      .from(alertRules)
      .where(and(eq(alertRules.organizationId, org.id), eq(alertRules.ruleType, 'underperforming')));
    expect(stored?.thresholds).toMatchObject({ minUtilizationPercent: 12, minNetRevenueMinor: 500_050 });
    await page.context().close();
  });
});
