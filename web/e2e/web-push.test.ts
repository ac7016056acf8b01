import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser } from './support/browser.js';

/**
 * The profile page's switch and the service worker. Subscribing needs the browser's real push
 * service (not reachable from tests), so a push is delivered to the worker through the DevTools
 * protocol instead: it must show the notification with the payload's title and body.
 */
describe.skipIf(!hasBrowser)('Web Push in the web app', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('offers "Notifications on this browser" on the profile page; the worker shows a pushed notification', async () => {
    const page = await app.signedIn('tech@chargeboard.demo');
    await page.context().grantPermissions(['notifications'], { origin: app.server.url });
    await page.goto(`${app.server.url}/profile`);
    await page.getByText('Notifications on this browser').waitFor();

    const cdp = await page.context().newCDPSession(page);
    const registrationId = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const found = registrations.find((r) => r.scopeURL.startsWith(app.server.url) && !r.isDeleted);
        if (found) resolve(found.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    await page.evaluate(async () => {
      await navigator.serviceWorker.register('/sw.js');
      await navigator.serviceWorker.ready;
    });
    const payload = {
      title: 'Charger CP-7 is offline',
      body: 'Not heard from for 10 minutes',
      url: '/alerts',
      category: 'alert',
      severity: 'critical',
    };
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: app.server.url,
      registrationId: await registrationId,
      data: JSON.stringify(payload),
    });
    await expect
      .poll(
        () =>
          page.evaluate(async () =>
            (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body })),
          ),
        { timeout: 10_000 },
      )
      .toEqual([{ title: payload.title, body: payload.body }]);
  });
});
