import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../server/src/db/schema/index.js';
import { settledStoredSession } from '../../server/test/support/sessions.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('a driver’s receipts in the browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
    const admin = await app.api('admin@chargeboard.demo');
    const charger = (await admin.get('/api/v1/chargers?q=LK-GF-001')).body.items[0];
    const [driver] = await app.server.db.select().from(users).where(eq(users.email, 'driver@chargeboard.demo'));
    await settledStoredSession(app.server.db, {
      charger,
      startedAt: new Date('2026-03-10T04:00:00Z'),
      wh: 12_000,
      userId: driver!.id,
    });
  }, 300_000); // the demo network's history is settled at start: slow on a busy machine
  afterAll(() => app?.close());

  it('lists the driver’s session on My charging and downloads its receipt as a PDF', async () => {
    const page = await app.signedIn('driver@chargeboard.demo', { width: 1440, height: 900 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My charging' }).click();
    await page.getByRole('heading', { name: 'My charging', level: 1 }).waitFor();
    const row = page.getByRole('table', { name: 'My charging sessions' }).getByRole('row').filter({ hasText: '12.000 kWh' });
    await row.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: /^Receipt \(PDF\)/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^receipt-.+\.pdf$/);
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'my-charging-receipts-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'my-charging-receipts-390');
    await page.context().close();
  });
});
