import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser } from './support/browser.js';

/** A tile server on another origin than the app, so the CSP's tile allowance is what lets the map draw. */
async function startTileServer(): Promise<{ server: Server; origin: string; served: () => number }> {
  const tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#dde' } })
    .png()
    .toBuffer();
  let count = 0;
  const server = createServer((_request, response) => {
    count++;
    response.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(tile);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, served: () => count };
}

/** Every CSP violation the page reports, from the DOM event and from the console. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) seen.push(message.text());
  });
  await page.exposeFunction('reportCspViolation', (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  return seen;
}

describe.skipIf(!hasBrowser)('browser security headers', () => {
  let app: BrowserApp;
  let tiles: Awaited<ReturnType<typeof startTileServer>>;
  beforeAll(async () => {
    tiles = await startTileServer();
    app = await startBrowserApp({ MAP_TILE_URL: `${tiles.origin}/{z}/{x}/{y}.png` });
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    tiles?.server.close();
  });

  it('the web app and the API send CSP, frame protection, nosniff and a referrer policy (no HSTS without TLS)', async () => {
    for (const path of ['/', '/api/v1/ui-config', '/api/docs/']) {
      const response = await fetch(`${app.server.url}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain(`img-src 'self' data: blob: ${tiles.origin}`);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('every main page, the map with its tiles and the API docs work as the admin without one CSP violation', async () => {
    const page = await app.signedIn('admin@chargeboard.demo');
    const violations = await watchViolations(page);
    const main = page.getByRole('navigation', { name: 'Main' });
    const names = (await main.getByRole('link').allInnerTexts()).map((n) => n.trim());
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      await main.getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
    }
    await main.getByRole('link', { name: 'Network', exact: true }).click();
    await expect.poll(() => tiles.served(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.goto(`${app.server.url}/api/docs/`);
    await page.getByText('Chargeboard API').first().waitFor();
    expect(violations).toEqual([]);
    await page.context().close();
  }, 240_000);
});
