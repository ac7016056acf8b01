import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

// What each built-in role finds in the navigation (the role table of docs/roles.md), and nothing more.
const FINANCE = ['Finance', 'Tariffs', 'Campaigns', 'Transactions', 'Reports', 'Invoices', 'Payouts'];
/** payments:read: the platform's finance roles and a CPO (for its own organization). */
const PAYMENTS = [...FINANCE, 'Payments', 'Wallets', 'Reconciliation'];
/** messages:write (Admin, Technical, CPO): Messages follows Campaigns. */
const withMessages = (entries: string[]) => entries.flatMap((e) => (e === 'Campaigns' ? [e, 'Messages'] : [e]));
const NAVIGATION: Record<string, string[]> = {
  'admin@chargeboard.demo': [
    'Dashboard',
    'Network',
    'Alerts',
    // grid:read (docs/roles.md).
    'Grid',
    'Organizations',
    'Sites',
    'Chargers',
    'Connection refusals',
    'Unclaimed chargers',
    'ID tokens',
    ...withMessages(PAYMENTS),
    'Payment gateways',
    'Users',
    'Roles',
    'Audit log',
    'Background jobs',
  ],
  'tech@chargeboard.demo': [
    'Dashboard',
    'Network',
    'Alerts',
    // grid:read (docs/roles.md).
    'Grid',
    'Organizations',
    'Sites',
    'Chargers',
    'Connection refusals',
    'Unclaimed chargers',
    'ID tokens',
    ...withMessages(PAYMENTS),
    'Audit log',
    'Background jobs',
  ],
  'accounts@chargeboard.demo': [
    'Dashboard',
    'Alerts',
    'Organizations',
    'Sites',
    'Chargers',
    'Connection refusals',
    'ID tokens',
    ...PAYMENTS,
  ],
  'network@chargeboard.demo': [
    'Dashboard',
    'Network',
    'Alerts',
    // grid:read (docs/roles.md).
    'Grid',
    'Organizations',
    'Sites',
    'Chargers',
    'Connection refusals',
    'Unclaimed chargers',
    'ID tokens',
    // reports:read (docs/roles.md).
    'Reports',
  ],
  'cpo@lankacharge.demo': [
    'Dashboard',
    'Network',
    'Alerts',
    // grid:read (docs/roles.md).
    'Grid',
    'Organizations',
    'Sites',
    'Chargers',
    'Connection refusals',
    'ID tokens',
    ...withMessages(PAYMENTS),
    'Users',
    'Roles',
  ],
  // ID tokens and connection refusals belong to a whole organization: a location owner and a role limited to
  // sites do not list them.
  // A location owner reads the revenue and sessions of its assigned chargers; invoices and payouts are the organization's.
  'owner@lankacharge.demo': [
    'Dashboard',
    'Network',
    'Alerts',
    'Sites',
    'Chargers',
    'Finance',
    'Earnings',
    'Tariffs',
    'Campaigns',
    'Transactions',
    'Reports',
  ],
  'driver@chargeboard.demo': ['Dashboard', 'My charging'],
  'facility@lankacharge.demo': ['Dashboard', 'Network', 'Alerts', 'Sites', 'Chargers'],
};

describe.skipIf(!hasBrowser)('navigation per role', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  for (const [email, expected] of Object.entries(NAVIGATION)) {
    it(`${email} sees exactly: ${expected.join(', ')}, and may open each`, async () => {
      const page = await app.signedIn(email);
      const nav = page.getByRole('navigation', { name: 'Main' });
      const links = await nav.getByRole('link').allInnerTexts();
      expect(links.map((l) => l.trim())).toEqual(expected);
      // Navigation and the page guard read one table: every entry opens its page, under its own title.
      for (const label of expected) {
        await nav.getByRole('link', { name: label, exact: true }).click();
        await expect.poll(() => page.title()).toBe(`${label} · Chargeboard`);
        expect(await page.getByRole('heading', { name: 'No access' }).count()).toBe(0);
      }
      await page.context().close();
    });
  }

  it('a signed-out visit logs nothing in the console; after signing in, a reload keeps the session', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    const logged: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') logged.push(message.text());
    });
    await page.goto(`${app.server.url}/login`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(logged).toEqual([]);
    await page.getByLabel('Email').fill('network@chargeboard.demo');
    await page.getByLabel('Password').fill('Chargeboard-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(logged).toEqual([]);
    await context.close();
  });

  it('the admin dashboard shows the demo network in numbers (README screenshot)', async () => {
    const page = await app.signedIn('admin@chargeboard.demo');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await expect.poll(async () => page.getByText('Chargers', { exact: true }).count()).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'dashboard');
    await page.getByRole('link', { name: 'Chargers', exact: true }).click();
    await page.getByRole('heading', { name: 'Chargers', level: 1 }).waitFor();
    await page
      .getByRole('link', { name: /Galle Face/ })
      .first()
      .waitFor();
    await screenshot(page, 'chargers');
    await page.context().close();
  });

  it('works at phone width: the navigation opens from the burger', async () => {
    const page = await app.signedIn('cpo@lankacharge.demo', { width: 390, height: 844 });
    await page.getByRole('button', { name: /navigation/i }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chargers', exact: true }).click();
    await page.getByRole('heading', { name: 'Chargers', level: 1 }).waitFor();
    await screenshot(page, 'chargers-phone');
    await page.context().close();
  });
});
