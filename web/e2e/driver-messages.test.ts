import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('messages to drivers', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp({ JOB_POLL_MS: '100' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a CPO composes and sends a message; the driver reads it in the portal; the CPO sees it opened', async () => {
    const cpo = await app.signedIn('cpo@lankacharge.demo', { width: 1366, height: 900 });
    await cpo.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages', exact: true }).click();
    await cpo.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
    await cpo.getByRole('button', { name: 'New message' }).click();
    const form = cpo.getByRole('dialog', { name: 'New message to drivers' });
    await form.getByLabel('Organization', { exact: true }).fill('LankaCharge');
    await cpo.getByRole('option', { name: 'LankaCharge', exact: true }).click();
    await form.getByLabel('Title', { exact: true }).fill('Galle Road chargers closed on Sunday');
    await form.getByLabel('Message', { exact: true }).fill('Maintenance from 06:00 to 10:00. Kandy Road is open.');
    await form.getByText('Chosen drivers').click();
    await form.getByLabel('Drivers', { exact: true }).fill('Ishara');
    await cpo.getByRole('option', { name: /Ishara Gunawardena/ }).click();
    await expect.poll(() => form.getByTestId('recipient-preview').innerText(), { timeout: 10_000 }).toBe('1 driver will get it');
    await screenshot(cpo, 'driver-message-compose');
    await form.getByRole('button', { name: 'Send message' }).click();
    await form.waitFor({ state: 'detached' });

    const table = cpo.getByRole('table', { name: 'Messages' });
    const row = table.getByRole('row').filter({ hasText: 'Galle Road chargers closed on Sunday' });
    await row.waitFor();
    await row.getByRole('link', { name: 'Galle Road chargers closed on Sunday' }).click();
    await cpo.getByRole('heading', { name: 'Galle Road chargers closed on Sunday', level: 1 }).waitFor();
    const deliveries = cpo.getByRole('table', { name: 'Delivery per recipient' });
    const recipient = deliveries.getByRole('row').filter({ hasText: 'Ishara Gunawardena' });
    await recipient.waitFor({ timeout: 15_000 });
    await recipient.getByText('Not yet').waitFor();

    const driver = await app.signedIn('driver@chargeboard.demo');
    await driver.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My charging', exact: true }).click();
    const messages = driver.getByRole('region', { name: 'Messages' });
    const message = messages.getByLabel('Galle Road chargers closed on Sunday');
    await message.getByText('Maintenance from 06:00 to 10:00. Kandy Road is open.').waitFor();
    await message.getByText('Unread').waitFor();
    await screenshot(driver, 'driver-messages-portal');
    await message.getByRole('button', { name: 'Mark read' }).click();
    await message.getByText('Unread').waitFor({ state: 'detached' });
    await messages.getByRole('switch', { name: 'No marketing messages' }).waitFor();

    // The CPO's detail page shows it opened (it refreshes by itself).
    await recipient.getByText('Not yet').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await cpo.getByText('1 of 1').count()).toBe(1);
    await screenshot(cpo, 'driver-message-detail');
  }, 90_000);
});
