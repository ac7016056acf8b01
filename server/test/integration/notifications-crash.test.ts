import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, serve } from '../support/child-server.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { notifyUsers } from '../../src/modules/notifications/notify.js';
import { isolatedDatabaseUrl } from '../support/database.js';
import { makeUser } from '../support/factories.js';
import { eventually, rows } from '../support/ocpp.js';
import { startMailbox } from '../support/smtp-server.js';

// A process killed with SIGKILL and a second one after it need a database that outlives the process: PostgreSQL.
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const note = (key: string) => ({
  organizationId: null,
  category: 'alert' as const,
  type: 'charger_offline',
  title: `Charger ${key} is offline`,
  body: 'Offline since 10:15 UTC',
  dedupeKey: `crash:${key}`,
});

describe.runIf(process.env.TEST_DATABASE_URL)('notifications survive the process', () => {
  it('kill -9 while an e-mail is being sent, and one accepted while no server runs: each arrives once after the restart', async () => {
    const mailbox = await startMailbox();
    cleanups.push(() => mailbox.close());
    const database = await isolatedDatabaseUrl();
    cleanups.push(() => database.drop());
    const env = {
      DATABASE_URL: database.url!,
      HOST: '127.0.0.1',
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'never',
      DEMO_SIMULATOR: 'off',
      INVOICE_SCHEDULE: 'off',
      SMTP_URL: mailbox.url,
      // A lease long enough that a busy start-up never loses it (its heartbeat is every third of it).
      JOB_LEASE_SECONDS: '3',
      JOB_POLL_MS: '100',
      JOB_RETRY_BASE_MS: '100',
    };
    const first = await serve(env, await freePort(), cleanups);
    const opened: Database = await openDatabase({ databaseUrl: database.url, dataDir: '' });
    cleanups.push(() => opened.close());
    const db = opened.db;
    const user = await makeUser(db, 'network_manager', { email: 'ops@example.test' });

    // The SMTP server leaves the first attempt hanging: the kill lands mid-send.
    mailbox.answer('ops@example.test', [0]);
    expect(await notifyUsers(db, [user.id], note('CP-1'))).toHaveLength(1);
    await eventually(async () => mailbox.hung.length === 1, 30_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    // Accepted (committed) while no server runs at all.
    expect(await notifyUsers(db, [user.id], note('CP-2'))).toHaveLength(1);

    await serve(env, await freePort(), cleanups);
    await eventually(async () => mailbox.to('ops@example.test').length === 2, 60_000, 100);
    // Well past another lease and poll: nothing is sent a second time.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const subjects = mailbox
      .to('ops@example.test')
      .map((m) => m.headers.subject)
      .sort();
    expect(subjects).toEqual(['Charger CP-1 is offline', 'Charger CP-2 is offline']);
    const deliveries = await rows<{ title: string; status: string; attempts: number }>(
      db,
      sql`SELECT n.title, d.status, d.attempts FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
          ORDER BY n.title`,
    );
    expect(deliveries.map((d) => [d.title, d.status])).toEqual([
      ['Charger CP-1 is offline', 'sent'],
      ['Charger CP-2 is offline', 'sent'],
    ]);
    // The interrupted one shows both attempts.
    expect(deliveries[0]!.attempts).toBe(2);
  }, 240_000);
});
