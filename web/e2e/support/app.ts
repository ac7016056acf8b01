import type { Browser, Page } from 'playwright-core';
import { type ApiClient, apiClient } from '../../../server/test/support/http.js';
import { type TestServer, startTestServer } from '../../../server/test/support/server.js';
import { DEMO_PASSWORD } from '../../../server/src/seed/demo-data.js';
import { launchBrowser } from './browser.js';
import { CHARGER_PASSWORD } from '../../../server/test/support/ocpp.js';

export { DEMO_PASSWORD };

export interface BrowserApp {
  server: TestServer;
  browser: Browser;
  /** A fresh browser context (own cookies) signed in as that demo user. */
  signedIn(email: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** The API as that demo user, for setting up what a test then looks at in the browser. */
  api(email: string): Promise<ApiClient>;
  close(): Promise<void>;
}

/** The real server with the demo network on its own database, and Chromium; `env` adds settings. */
export async function startBrowserApp(env: Record<string, string> = {}): Promise<BrowserApp> {
  const server = await startTestServer({ DEMO_DATA: 'always', ...env });
  const browser = await launchBrowser();
  return {
    server,
    browser,
    async signedIn(email, viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      return page;
    },
    async api(email) {
      const login = await apiClient(server.url).post('/api/v1/auth/login', { email, password: DEMO_PASSWORD });
      if (login.status !== 200) throw new Error(`${email} could not sign in: ${JSON.stringify(login.body)}`);
      return apiClient(server.url, login.body.accessToken);
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** A demo charger, found by its OCPP identity, given the test password so a test client can connect as it. */
export async function chargerWithPassword(app: BrowserApp, identity: string) {
  const admin = await app.api('admin@chargeboard.demo');
  const charger = (await admin.get(`/api/v1/chargers?q=${identity}`)).body.items[0] as {
    id: string;
    name: string;
    organizationId: string;
  };
  const set = await admin.put(`/api/v1/chargers/${charger.id}/ocpp-password`, { password: CHARGER_PASSWORD });
  if (set.status !== 204) throw new Error(`${identity}: setting its OCPP password answered ${set.status}`);
  return charger;
}
