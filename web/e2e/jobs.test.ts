import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargers, jobs } from '../../server/src/db/schema/index.js';
import { settlementKey } from '../../server/src/jobs/kinds.js';
import { storedSession } from '../../server/test/support/sessions.js';
import { type BrowserApp, startBrowserApp } from './support/app.js';
import { hasBrowser, screenshot } from './support/browser.js';

describe.skipIf(!hasBrowser)('a platform operator works the background jobs', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('sees a failed settlement with its error, retries it, and the session is settled', async () => {
    const db = app.server.db;
    const [charger] = await db.select().from(chargers).where(eq(chargers.adminStatus, 'active')).limit(1);
    const session = await storedSession(db, { charger: charger!, startedAt: new Date(Date.now() - 2 * 3_600_000) });
    // What the queue leaves after the last of eight attempts failed.
    const [job] = await db
      .insert(jobs)
      .values({
        kind: 'settle-session',
        dedupeKey: settlementKey(session.id),
        payload: { sessionId: session.id },
        organizationId: session.organizationId,
        status: 'failed',
        attempts: 8,
        maxAttempts: 8,
        lastError: 'could not serialize access due to concurrent update',
        finishedAt: new Date(),
      })
      .returning();

    const page = await app.signedIn('tech@chargeboard.demo', { width: 1366, height: 900 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Background jobs' }).click();
    await page.getByRole('heading', { name: 'Background jobs', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Background jobs' });
    const row = table.getByRole('row').filter({ hasText: session.id });
    await row.getByText('could not serialize access due to concurrent update').waitFor();
    await expect.poll(() => row.getByText('8 of 8').count()).toBe(1);
    // Times name their zone.
    await expect.poll(async () => (await row.innerText()).match(/Finished .*(UTC|GMT)/) !== null).toBe(true);
    await screenshot(page, 'background-jobs');

    await row.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Retry' }).click();
    await page.getByText(`Job #${job!.id} is queued again`).waitFor();
    await expect.poll(() => table.getByText(session.id, { exact: false }).count(), { timeout: 15_000 }).toBe(0);

    // Mantine draws each choice as a label over a visually hidden radio: click what a user clicks.
    await page.getByRole('radiogroup', { name: 'Show jobs' }).getByText('Done', { exact: true }).click();
    await expect.poll(() => page.getByRole('radio', { name: 'Done' }).isChecked()).toBe(true);
    await table.getByRole('row').filter({ hasText: session.id }).getByText('Done').waitFor({ timeout: 15_000 });
    const [settled] = (await db.execute(sql`SELECT count(*)::int AS n FROM session_settlements WHERE session_id = ${session.id}`))
      .rows as { n: number }[];
    expect(settled!.n).toBe(1);
  });

  it('is not offered to roles without jobs:read, and the page refuses them', async () => {
    const page = await app.signedIn('network@chargeboard.demo');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Background jobs' }).count()).toBe(0);
    await page.goto(`${app.server.url}/jobs`);
    await expect.poll(() => page.getByRole('heading', { name: 'Background jobs', level: 1 }).count()).toBe(0);
    await page.context().close();
  });
});
