import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../src/routes/route-table.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser } from './support/browser.js';

// axe-core's own source, evaluated in each page (DevTools evaluation, so the app's CSP stays as it is): no network.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const ROLES = [
  'admin@chargeboard.demo',
  'tech@chargeboard.demo',
  'accounts@chargeboard.demo',
  'network@chargeboard.demo',
  'cpo@lankacharge.demo',
  'owner@lankacharge.demo',
  'driver@chargeboard.demo',
  'facility@lankacharge.demo',
];

/** Pages that take an id (detail pages): opened from the first link to one on the list pages. */
const DETAIL_PAGES = Object.values(ROUTES)
  .filter((r) => r.path.includes(':'))
  .map((r) => ({ title: r.title, pattern: new RegExp(`^${r.path.replace(/:[a-z]+/g, '[^/]+')}$`) }));
/** Pages without an id and outside the navigation (new-record forms, profile). */
const FORM_PAGES = Object.values(ROUTES).filter((r) => !r.path.includes(':') && !('nav' in r));

interface Finding {
  page: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

async function audit(page: Page, name: string): Promise<Finding[]> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations as {
      id: string;
      impact: string;
      help: string;
      nodes: { target: string[]; failureSummary?: string }[];
    }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      page: name,
      rule: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
}

describe.skipIf(!hasBrowser)('accessibility (axe-core, WCAG 2.1 AA): no serious or critical violation', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('the sign-in page', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.server.url}/login`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await audit(page, 'Sign in')).toEqual([]);
    await context.close();
  });

  for (const email of ROLES) {
    it(`every page ${email} may open`, { timeout: 120_000 }, async () => {
      const page = await app.signedIn(email);
      const origin = app.server.url;
      const findings: Finding[] = [];
      const details = new Map<string, string>();
      const nav = page.getByRole('navigation', { name: 'Main' });
      const labels = (await nav.getByRole('link').allInnerTexts()).map((l) => l.trim());
      for (const label of labels) {
        await nav.getByRole('link', { name: label, exact: true }).click();
        await expect.poll(() => page.title()).toBe(`${label} · Chargeboard`);
        findings.push(...(await audit(page, label)));
        // Remember one link to each kind of detail page this list offers.
        const hrefs = await page.locator('main a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
        for (const href of hrefs) {
          const detail = DETAIL_PAGES.find((d) => d.pattern.test(href));
          if (detail && !details.has(detail.title)) details.set(detail.title, href);
        }
      }
      for (const [title, href] of details) {
        await page.goto(`${origin}${href}`);
        await expect.poll(() => page.title()).not.toBe('Chargeboard');
        if ((await page.getByRole('heading', { name: 'No access' }).count()) > 0) continue;
        findings.push(...(await audit(page, `${title} ${href}`)));
      }
      if (email === 'admin@chargeboard.demo') {
        for (const route of FORM_PAGES) {
          await page.goto(`${origin}${route.path}`);
          await expect.poll(() => page.title()).toBe(`${route.title} · Chargeboard`);
          findings.push(...(await audit(page, route.title)));
        }
      }
      expect(findings).toEqual([]);
      await page.context().close();
    });
  }
});
