import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser } from './support/browser.js';

/** A registration token as Firebase gives one (never sent: this server has no FCM service account). */
const fcmToken = () => `${randomBytes(16).toString('base64url')}:APA91b${randomBytes(100).toString('base64url')}`;

/** The profile page's Phones card: phones the mobile app registered, listed with Remove. */
describe.skipIf(!hasBrowser)('Phones on the profile page', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('lists the user’s phones with platform, times in the browser’s zone and Remove; says registration is done by the app', async () => {
    const api = await app.api('tech@chargeboard.demo');
    const work = await api.post('/api/v1/me/mobile-devices', { token: fcmToken(), platform: 'android', label: 'Work Pixel' });
    expect(work.status).toBe(201);
    expect((await api.post('/api/v1/me/mobile-devices', { token: fcmToken(), platform: 'ios' })).status).toBe(201);
    // Someone else's phone never shows.
    const other = await app.api('network@chargeboard.demo');
    expect(
      (await other.post('/api/v1/me/mobile-devices', { token: fcmToken(), platform: 'ios', label: 'Not mine' })).status,
    ).toBe(201);

    const page = await app.signedIn('tech@chargeboard.demo');
    await page.goto(`${app.server.url}/profile`);
    const table = page.getByRole('table', { name: 'Phones' });
    await table.waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    const workRow = table.getByRole('row', { name: /Work Pixel/ });
    expect(await workRow.textContent()).toContain('Android');
    expect(await workRow.textContent()).toContain('Never');
    expect(await table.getByRole('row', { name: /iPhone \/ iPad/ }).count()).toBe(1);
    expect(await page.getByText('Not mine').count()).toBe(0);
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(await page.getByText(`Times are in ${zone}`).count()).toBe(1);
    expect(await page.getByText('Phones are added by the Chargeboard mobile app').count()).toBe(1);
    // This server has no FCM service account: the card says so.
    expect(await page.getByText('does not send mobile push notifications').count()).toBe(1);

    await page.getByRole('button', { name: 'Remove Work Pixel' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    const left = await api.get('/api/v1/me/mobile-devices');
    expect(left.body.items.map((d: { label: string | null }) => d.label)).toEqual([null]);
  });
});
