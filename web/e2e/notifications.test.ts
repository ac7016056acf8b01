import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, chargers, organizations, users } from '../../server/src/db/schema/index.js';
import { notifyUsers } from '../../server/src/modules/notifications/notify.js';
import { rows } from '../../server/test/support/ocpp.js';
import { instantToZoned } from '../src/zoned-time.js';
import { type Mailbox, startMailbox } from '../../server/test/support/smtp-server.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

/** Screenshots also go to a temp dir of their own, to be looked at after a run. */
const shots = mkdtempSync(path.join(tmpdir(), 'notifications-e2e-'));
const shoot = async (page: Page, name: string, fullPage = false) => {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage });
  await screenshot(page, name);
};

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** axe-core's serious and critical findings on the page as it is now (as accessibility.test.ts runs it). */
async function axeFindings(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n: { target: string[] }) => n.target.join(' ')).join(', ')}`);
  });
}

describe.skipIf(!hasBrowser)('notifications: preferences, maintenance windows, the delivery log', () => {
  let app: BrowserApp;
  let mailbox: Mailbox;
  beforeAll(async () => {
    // A real (local) SMTP server, so e-mail deliveries are sent and the log names the address.
    mailbox = await startMailbox();
    app = await startBrowserApp({ SMTP_URL: mailbox.url });
    console.info(`notifications e2e screenshots: ${shots}`);
  });
  afterAll(async () => {
    await app?.close();
    await mailbox?.close();
  });

  it('a CPO sets quiet hours, a daily digest and leaves out an alert type; after a reload they are still set', async () => {
    const page = await app.signedIn('cpo@lankacharge.demo', { width: 1280, height: 1400 });
    await page.goto(`${app.server.url}/profile`);
    const form = page.getByRole('form', { name: 'Notification preferences' });
    await form.getByRole('group', { name: 'Network alerts' }).waitFor();
    // Labelled as on the Alerts page, and grouped.
    await form.getByRole('checkbox', { name: 'Charger offline' }).waitFor();
    await form.getByRole('checkbox', { name: 'Connector stuck' }).uncheck();
    await form.getByRole('switch', { name: 'Quiet hours' }).check();
    await form.getByLabel('From').fill('22:30');
    await form.getByLabel('Until').fill('06:45');
    const zone = form.getByLabel('Time zone', { exact: true });
    // Never chosen: the organization's clock. The CPO picks another one.
    expect(await zone.inputValue()).toBe('Asia/Colombo');
    await zone.fill('Asia/Dubai');
    await page.getByRole('option', { name: 'Asia/Dubai', exact: true }).click();
    await form.getByRole('radio', { name: 'Daily' }).check();
    await form.getByRole('checkbox', { name: 'No marketing messages' }).check();
    expect(await axeFindings(page)).toEqual([]);
    await form.getByRole('button', { name: 'Save notification preferences' }).click();
    await page.getByText('Notification preferences saved').waitFor();
    await shoot(page, 'notification-preferences', true);

    await page.reload();
    await form.getByRole('group', { name: 'Network alerts' }).waitFor();
    expect(await form.getByRole('checkbox', { name: 'Connector stuck' }).isChecked()).toBe(false);
    expect(await form.getByRole('checkbox', { name: 'Charger offline' }).isChecked()).toBe(true);
    expect(await form.getByRole('switch', { name: 'Quiet hours' }).isChecked()).toBe(true);
    expect(await form.getByLabel('From').inputValue()).toBe('22:30');
    expect(await form.getByLabel('Until').inputValue()).toBe('06:45');
    expect(await zone.inputValue()).toBe('Asia/Dubai');
    expect(await form.getByRole('radio', { name: 'Daily' }).isChecked()).toBe(true);
    expect(await form.getByRole('checkbox', { name: 'No marketing messages' }).isChecked()).toBe(true);

    // The same quiet hours twice is refused by the server too; its message is shown on the field.
    await form.getByLabel('Until').fill('22:30');
    await form.getByRole('button', { name: 'Save notification preferences' }).click();
    await form.getByText('The end must differ from the start').waitFor();
    await page.context().close();
  });

  it('a Network Manager adds a maintenance window on a charger, sees it with its zone, and deletes it', async () => {
    const db = app.server.db;
    const [charger] = await db
      .select({ id: chargers.id, name: chargers.name, timeZone: organizations.timeZone })
      .from(chargers)
      .innerJoin(organizations, eq(organizations.id, chargers.organizationId))
      .where(eq(organizations.timeZone, 'Asia/Colombo'))
      .limit(1);
    const page = await app.signedIn('network@chargeboard.demo', { width: 1366, height: 1000 });
    await page.goto(`${app.server.url}/chargers/${charger!.id}`);
    const card = page.getByRole('form', { name: 'Add a maintenance window' });
    await card.waitFor();
    await card.getByText('Times are in Asia/Colombo (GMT+5:30)').waitFor();
    const start = Date.now() + 3_600_000;
    // Refused in the browser: it ends before it starts.
    await card.getByLabel(/^Starts/).fill(instantToZoned(new Date(start).toISOString(), 'Asia/Colombo'));
    await card.getByLabel(/^Ends/).fill(instantToZoned(new Date(start - 1_800_000).toISOString(), 'Asia/Colombo'));
    await card.getByLabel('Reason').fill('Replacing the CCS cable');
    await card.getByRole('button', { name: 'Add window' }).click();
    await card.getByText('It must end after it starts').waitFor();
    await card.getByLabel(/^Ends/).fill(instantToZoned(new Date(start + 7_200_000).toISOString(), 'Asia/Colombo'));
    await card.getByRole('button', { name: 'Add window' }).click();
    const table = page.getByRole('table', { name: 'Maintenance windows' });
    const row = table.getByRole('row').filter({ hasText: 'Replacing the CCS cable' });
    await row.waitFor();
    const text = await row.innerText();
    const [nm] = await db.select({ name: users.name }).from(users).where(eq(users.email, 'network@chargeboard.demo'));
    expect(text).toMatch(/upcoming/i);
    expect(text).toContain('GMT+5:30');
    expect(text).toContain(nm!.name);
    // (The toast's close button is Mantine's own, without a name: let it go before auditing the page.)
    await page.getByText('Maintenance window added').waitFor({ state: 'hidden', timeout: 10_000 });
    const [stored] = await rows<{ starts_at: Date }>(
      db,
      sql`SELECT starts_at FROM maintenance_windows WHERE reason = 'Replacing the CCS cable'`,
    );
    expect(Math.abs(new Date(stored!.starts_at).getTime() - Math.floor(start / 60_000) * 60_000)).toBeLessThan(60_000);
    expect(await axeFindings(page)).toEqual([]);
    await row.scrollIntoViewIfNeeded();
    await shoot(page, 'maintenance-windows');

    await row.getByRole('button', { name: 'Delete maintenance window “Replacing the CCS cable”' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete window' }).click();
    await page.getByText('No current or upcoming maintenance windows.').waitFor();
    expect(await rows(db, sql`SELECT 1 FROM maintenance_windows WHERE reason = 'Replacing the CCS cable'`)).toEqual([]);

    // A whole site's windows, from the Sites page, on the site's own clock.
    const [site] = await rows<{ name: string; time_zone: string }>(
      db,
      sql`SELECT s.name, s.time_zone FROM sites s JOIN chargers c ON c.site_id = s.id WHERE c.id = ${charger!.id}`,
    );
    await page.goto(`${app.server.url}/sites`);
    await page.getByRole('button', { name: `Maintenance windows of ${site!.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `${site!.name}: maintenance` });
    await dialog.getByText(`Times are in ${site!.time_zone}`).waitFor();
    await shoot(page, 'site-maintenance-windows');
    await page.context().close();
  });

  it("the notifications page shows a notification's delivery; the alert detail says who was told", async () => {
    const db = app.server.db;
    const [nm] = await db.select().from(users).where(eq(users.email, 'network@chargeboard.demo'));
    const [charger] = await db.select().from(chargers).limit(1);
    const [alert] = await db
      .insert(alerts)
      .values({
        organizationId: charger!.organizationId,
        siteId: charger!.siteId,
        chargerId: charger!.id,
        ruleType: 'connector_faulted',
        conditionKey: `connector_faulted:${charger!.id}:1`,
        severity: 'critical',
        title: `${charger!.name} connector 1 is faulted`,
      })
      .returning();
    await notifyUsers(db, [nm!.id], {
      organizationId: charger!.organizationId,
      category: 'alert',
      type: 'connector_faulted',
      severity: 'critical',
      title: `${charger!.name} connector 1 is faulted`,
      body: 'GroundFailure',
      link: `/alerts/${alert!.id}`,
      alertId: alert!.id,
      dedupeKey: `alert:${alert!.id}:opened`,
    });
    const page = await app.signedIn('network@chargeboard.demo', { width: 1280, height: 900 });
    await page.goto(`${app.server.url}/notifications`);
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    await page.getByText(/^Unread \(\d+\)$/).click();
    await page.getByRole('link', { name: `${charger!.name} connector 1 is faulted` }).waitFor();
    await page.getByRole('button', { name: `Delivery of “${charger!.name} connector 1 is faulted”` }).click();
    // The e-mail went to the local SMTP server: the log says so, with the address masked.
    const deliveries = page.getByRole('table', { name: 'Deliveries' });
    const email = deliveries.getByRole('row').filter({ hasText: 'E-mail' });
    await expect
      .poll(async () => (await email.count()) > 0 && (await email.innerText()), { timeout: 15_000 })
      .toMatch(/Sent .*(GMT|UTC)/);
    expect(await email.innerText()).toContain('n***@chargeboard.demo');
    expect(await email.innerText()).not.toContain('network@');
    expect(await axeFindings(page)).toEqual([]);
    await shoot(page, 'notifications-page');

    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByText('No unread notifications.').waitFor();

    await page.goto(`${app.server.url}/alerts/${alert!.id}`);
    const told = page.getByRole('region', { name: 'Who was told' });
    const mine = told.getByRole('row').filter({ hasText: nm!.name });
    await mine.waitFor();
    expect(await mine.innerText()).toMatch(/E-mail: Sent/i);
    expect(await axeFindings(page)).toEqual([]);
    await told.scrollIntoViewIfNeeded();
    await shoot(page, 'alert-who-was-told');
    await page.context().close();
  });
});
