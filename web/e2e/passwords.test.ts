import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('setting a password in the web app', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('shows the rule under the field, and the server refusal of a common password next to it', async () => {
    const page = await app.signedIn('tech@chargeboard.demo');
    await page.goto(`${app.server.url}/change-password`);
    await page.getByText(/not a common or easily guessed password/).waitFor();
    await page.getByLabel('Current password').fill(DEMO_PASSWORD);
    await page.getByLabel('New password').fill('Password123!');
    await page.getByLabel('Re-enter to confirm').fill('Password123!');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText(/too common or easy to guess/).waitFor();
    await screenshot(page, 'password-too-common');
    // Still the demo password: nothing changed.
    const login = await app.api('tech@chargeboard.demo');
    expect((await login.get('/api/v1/me')).status).toBe(200);

    // Too long in bytes though short in letters is caught before sending.
    await page.getByLabel('New password').fill('é'.repeat(40));
    await page.getByLabel('Re-enter to confirm').fill('é'.repeat(40));
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText(/at most 72 bytes/).waitFor();
  });

  it("the new-user form shows the rule and refuses a password containing the e-mail's name", async () => {
    const page = await app.signedIn('admin@chargeboard.demo');
    await page.goto(`${app.server.url}/users`);
    await page.getByRole('button', { name: /New user/ }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByText(/not containing the e-mail name/).waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill('Sahan Rajapaksa');
    await dialog.getByLabel('Email', { exact: true }).fill('sahan.rajapaksa@chargeboard.demo');
    await dialog.getByLabel('Role', { exact: true }).click();
    await page.getByRole('option', { name: 'Technical' }).click();
    await dialog.getByLabel('Initial password').fill('sahan.rajapaksa-2026');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.getByText(/must not contain the name part of the e-mail address/).waitFor();
    await screenshot(page, 'password-contains-email');
  });
});
