import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../../server/src/ocpp/simulated-charger.js';
import { CHARGER_PASSWORD, eventually, makeToken, rows, wsBase } from '../../server/test/support/ocpp.js';
import { type BrowserApp, chargerWithPassword, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

const IDENTITY = 'LK-GF-001';

describe.skipIf(!hasBrowser)('a technician limits a charging session and sends commands from the charger page', () => {
  let app: BrowserApp;
  let charger: { id: string; name: string; organizationId: string };
  let simulated: SimulatedCharger | null = null;

  beforeAll(async () => {
    app = await startBrowserApp();
    charger = await chargerWithPassword(app, IDENTITY);
  });
  afterAll(async () => {
    await simulated?.stop();
    await app?.close();
  });

  it('sets 3 kW on the running session, sees it accepted and in the composite schedule, then clears it', async () => {
    const tag = (await makeToken(app.server.db, charger.organizationId)).token;
    simulated = new SimulatedCharger({
      url: wsBase(app.server.url),
      identity: IDENTITY,
      password: CHARGER_PASSWORD,
      protocol: '1.6',
      connectors: 1,
      idTag: tag,
      meterSeconds: 1,
      sessionSeconds: 600,
      idleSeconds: 0.1,
      heartbeatSeconds: null,
      log: () => undefined,
    });
    await simulated.start();
    await eventually(async () => {
      const [running] = await rows(
        app.server.db,
        sql`SELECT id FROM charging_sessions WHERE charger_id = ${charger.id} AND status = 'active' AND power_w > 0`,
      );
      return running ?? null;
    }, 10_000);

    const page = await app.signedIn('network@chargeboard.demo');
    await page.goto(`${app.server.url}/chargers/${charger.id}`);
    const card = page.getByRole('region', { name: 'Charging limit' });
    await card.getByRole('heading', { name: 'Charging limit' }).waitFor();
    await card.getByLabel('Limit (kW)').fill('3');
    await card.getByRole('button', { name: 'Set limit' }).click();
    await card.getByText('Set limit accepted by the charger').waitFor({ timeout: 10_000 });

    await card.getByRole('button', { name: 'View composite schedule' }).click();
    const applied = card.getByRole('status').filter({ hasText: 'Limit the charger applies now' });
    await applied.waitFor({ timeout: 10_000 });
    expect(await applied.innerText()).toContain('3 kW');
    await screenshot(page, 'charging-limit');

    await card.getByRole('button', { name: 'Clear limit' }).click();
    await card.getByText('Clear limit accepted by the charger').waitFor({ timeout: 10_000 });
    await card.getByRole('button', { name: 'View composite schedule' }).click();
    await card.getByText('View composite schedule refused by the charger').waitFor({ timeout: 10_000 });
    await page.context().close();
  });

  it('the Remote commands card beside it: a start without a token says why; Clear cache gets the charger’s answer', async () => {
    const page = await app.signedIn('network@chargeboard.demo');
    await page.goto(`${app.server.url}/chargers/${charger.id}`);
    const card = page.getByRole('region', { name: 'Remote commands' });
    await card.getByRole('heading', { name: 'Remote commands' }).waitFor();
    await card.getByRole('button', { name: 'Remote start' }).click();
    await card.getByText('Enter the ID token to start with.').waitFor();
    await card.getByRole('button', { name: 'Clear cache' }).click();
    await card.getByText(/Clear cache (accepted|refused) by the charger/).waitFor({ timeout: 10_000 });
    await screenshot(page, 'charger-commands');
    await page.context().close();
  });
});
