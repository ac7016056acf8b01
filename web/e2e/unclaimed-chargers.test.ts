import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { basic, connect, upgradeStatus } from '../../server/test/support/ocpp.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

const PASSWORD = 'installer-set-password-1';
const boot = {
  chargePointVendor: 'Alfen',
  chargePointModel: 'Eve Single Pro',
  chargePointSerialNumber: 'ALF-5512',
  firmwareVersion: '6.2.0',
};

describe.skipIf(!hasBrowser)('unclaimed chargers in the browser', () => {
  let app: BrowserApp;
  const clients: RPCClient[] = [];
  beforeAll(async () => {
    app = await startBrowserApp({ OCPP_UNKNOWN_CHARGERS: 'pending' });
  });
  afterAll(async () => {
    for (const client of clients) await client.close({ force: true }).catch(() => undefined);
    await app?.close();
  });

  /** An installer's new charger pointed at the central system: it boots and is told Pending. */
  async function newCharger(identity: string) {
    const cp = await connect(app.server.url, identity, 'ocpp1.6', PASSWORD);
    clients.push(cp);
    const boots: string[] = [];
    // A claimed charger is asked to boot again at once; it does, as a real one would.
    cp.handle('TriggerMessage', async ({ params }) => {
      if (params?.requestedMessage === 'BootNotification')
        setTimeout(() => void cp.call('BootNotification', boot).then((r: any) => boots.push(r.status)), 50);
      return { status: 'Accepted' };
    });
    expect(await cp.call('BootNotification', boot)).toMatchObject({ status: 'Pending' });
    return boots;
  }

  it('the Network Manager claims one new charger into LankaCharge and rejects another; the rejected one is refused until forgiven', async () => {
    const claimedBoots = await newCharger('ALFEN-NEW-01');
    await newCharger('ALFEN-NEW-02');

    const page = await app.signedIn('network@chargeboard.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Unclaimed chargers' }).click();
    await page.getByRole('heading', { name: 'Unclaimed chargers', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Unclaimed chargers' });
    const first = table.getByRole('row').filter({ hasText: 'ALFEN-NEW-01' });
    await first.waitFor();
    expect(await first.textContent()).toContain('Alfen Eve Single Pro');
    expect(await first.textContent()).toContain('OCPP 1.6');
    // Times name the viewer's zone: an unclaimed charger has no site whose clock could apply.
    expect(await first.getByRole('cell').nth(6).textContent()).toMatch(/(UTC|GMT)/);

    await first.getByRole('button', { name: 'Claim ALFEN-NEW-01' }).click();
    const dialog = page.getByRole('dialog', { name: 'Claim ALFEN-NEW-01' });
    // The site list waits for the organization and says so.
    await dialog.getByText('Choose the organization first').waitFor();
    await dialog.getByRole('button', { name: 'Claim charger' }).click();
    await dialog.getByText('Choose the organization that owns the charger').waitFor();
    await dialog.getByLabel('Organization', { exact: true }).fill('LankaCharge');
    await page.getByRole('option', { name: 'LankaCharge', exact: true }).click();
    await dialog.getByLabel('Site', { exact: true }).click();
    const site = (await page.getByRole('option').first().textContent())!;
    await page.getByRole('option').first().click();
    await dialog.getByLabel('Name').fill('Alfen by the lobby');
    await screenshot(page, 'unclaimed-claim');
    await dialog.getByRole('button', { name: 'Claim charger' }).click();
    await page.getByText('Alfen by the lobby claimed: it is Accepted at its next boot.').waitFor();
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'ALFEN-NEW-01' }).count()).toBe(0);
    // Asked to boot again, the charger is Accepted: it now belongs to LankaCharge, with the password it presented.
    await expect.poll(() => claimedBoots, { timeout: 10_000 }).toEqual(['Accepted']);
    await page.getByRole('link', { name: 'Open the charger' }).click();
    await page.getByRole('heading', { name: 'Alfen by the lobby' }).waitFor();
    expect(await page.getByText(site).count()).toBeGreaterThan(0);

    await page.goBack();
    const second = page.getByRole('table', { name: 'Unclaimed chargers' }).getByRole('row').filter({ hasText: 'ALFEN-NEW-02' });
    await second.getByRole('button', { name: 'Reject ALFEN-NEW-02' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reject charger' }).click();
    await page.getByText('ALFEN-NEW-02 rejected').waitFor();
    const rejected = page.getByRole('table', { name: 'Rejected chargers' }).getByRole('row').filter({ hasText: 'ALFEN-NEW-02' });
    await rejected.waitFor();
    expect(await page.getByText('No charger is waiting to be claimed.').count()).toBe(1);
    expect(await upgradeStatus(app.server.url, 'ALFEN-NEW-02', basic('ALFEN-NEW-02', PASSWORD))).toBe(401);
    await screenshot(page, 'unclaimed-rejected');

    await rejected.getByRole('button', { name: 'Forgive ALFEN-NEW-02' }).click();
    await page.getByText('ALFEN-NEW-02 forgiven').waitFor();
    await page.getByText('No identity has been rejected.').waitFor();
    expect(await upgradeStatus(app.server.url, 'ALFEN-NEW-02', basic('ALFEN-NEW-02', PASSWORD))).toBe(101);
    await page.context().close();
  });

  it('a CPO is not offered the page, and opening it by URL shows No access', async () => {
    const page = await app.signedIn('cpo@lankacharge.demo');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Unclaimed chargers' }).count()).toBe(
      0,
    );
    await page.goto(`${app.server.url}/chargers/unclaimed`);
    await page.getByRole('heading', { name: 'No access', level: 1 }).waitFor();
    await page.context().close();
  });
});
