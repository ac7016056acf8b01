import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimSlot, slotKey } from '../../src/jobs/periodic.js';
import { notifyUsers, unreadCount } from '../../src/modules/notifications/notify.js';
import { makeUser } from '../support/factories.js';
import { rows } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ INVOICE_SCHEDULE: 'off' });
});
afterAll(() => t?.close());

describe('periodic work claimed once across instances', () => {
  it('two instances ticking in the same minute queue one job; the next minute queues another', async () => {
    const task = { kind: 'alerts-tick' as const, everyMs: 60_000, payload: (slot: Date) => ({ slot: slot.toISOString() }) };
    const at = new Date('2026-12-05T10:15:20Z');
    const claims = await Promise.all([claimSlot(t.db, task, at), claimSlot(t.db, task, new Date('2026-12-05T10:15:59Z'))]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimSlot(t.db, task, new Date('2026-12-05T10:16:00Z'))).toBe(true);
    const queued = await rows<{ dedupe_key: string; payload: { slot: string } }>(
      t.db,
      // The test server's own ticks claim today's slots; look only at the slots this test claimed.
      sql`SELECT dedupe_key, payload FROM jobs WHERE kind = 'alerts-tick' AND payload->>'slot' LIKE '2026-12-05T10:1%' ORDER BY dedupe_key`,
    );
    expect(queued.map((j) => j.payload.slot)).toEqual(['2026-12-05T10:15:00.000Z', '2026-12-05T10:16:00.000Z']);
    expect(queued[0]!.dedupe_key).toBe(slotKey('alerts-tick', new Date('2026-12-05T10:15:00Z')));
  });
});

describe('notifying users', () => {
  it('gives each user one unread notification per occasion and queues its delivery once', async () => {
    const a = await makeUser(t.db, 'network_manager');
    const b = await makeUser(t.db, 'network_manager');
    const note = {
      organizationId: null,
      category: 'alert' as const,
      type: 'charger_offline',
      title: 'Charger CP-1 is offline',
      body: 'Offline since 10:15 UTC',
      dedupeKey: `test:${a.id}`,
    };
    expect(await notifyUsers(t.db, [a.id, b.id, a.id], note)).toHaveLength(2);
    expect(await notifyUsers(t.db, [a.id], note)).toHaveLength(0);
    expect(await unreadCount(t.db, a.id)).toBe(1);
    const jobs = await rows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM jobs j JOIN notifications n ON j.payload->>'notificationId' = n.id::text
          WHERE j.kind = 'deliver-notification' AND n.dedupe_key = ${note.dedupeKey}`,
    );
    expect(jobs[0]!.n).toBe(2);
  });
});
