import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, maintenanceWindows, notificationDeliveries, pushSubscriptions } from '../../src/db/schema/index.js';
import { notifyUsers } from '../../src/modules/notifications/notify.js';
import { makeCharger, makeCustomRole, makeOrganization, makeSite, makeUser, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { eventually } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { type Mailbox, startMailbox } from '../support/smtp-server.js';

/**
 * The delivery log as users see it: `GET /notifications/:id/deliveries` (one's own notifications
 * only, e-mail addresses masked) and the alert detail's "Who was told" (alerts:write, only the users
 * the viewer reaches).
 */
let mailbox: Mailbox;
let t: TestServer;
let f: {
  alertId: string;
  nm: { api: ApiClient; id: string; noteId: string };
  cpo: { api: ApiClient; id: string; noteId: string; email: string };
  custom: { api: ApiClient; id: string; noteId: string };
  stranger: { id: string; noteId: string };
};

beforeAll(async () => {
  mailbox = await startMailbox();
  t = await startTestServer({ INVOICE_SCHEDULE: 'off', SMTP_URL: mailbox.url, JOB_POLL_MS: '50' });
  const org = await makeOrganization(t.db, { name: 'Volt Lanka' });
  const other = await makeOrganization(t.db, { name: 'Elsewhere' });
  const site = await makeSite(t.db, org.id, { name: 'Colombo Mall' });
  const charger = await makeCharger(t.db, site, { name: 'CP Mall 1' });
  const nm = await signedIn(t.url, t.db, 'network_manager', { name: 'Nadia Network' });
  const cpo = await signedIn(t.url, t.db, 'cpo', { organizationId: org.id, name: 'Chamara CPO', email: 'chamara@volt.example' });
  // An organization's own on-call role: acts on alerts, reaches only its organization's people.
  const onCall = await makeCustomRole(t.db, org.id, ['alerts:read', 'alerts:write', 'monitoring:read', 'chargers:read']);
  const custom = await signedIn(t.url, t.db, 'custom', {
    organizationId: org.id,
    customRoleId: onCall.id,
    name: 'Oshan On-call',
  });
  // Told of the same alert here only to show a viewer who may not see them is not shown them.
  const stranger = await makeUser(t.db, 'cpo', { organizationId: other.id, name: 'Other Org Person' });
  const [alert] = await t.db
    .insert(alerts)
    .values({
      organizationId: org.id,
      siteId: site.id,
      chargerId: charger.id,
      ruleType: 'charger_offline',
      conditionKey: `charger_offline:${charger.id}`,
      severity: 'critical',
      title: 'CP Mall 1 is offline',
    })
    .returning();
  const told = async (userId: string) =>
    (
      await notifyUsers(t.db, [userId], {
        organizationId: org.id,
        category: 'alert',
        type: 'charger_offline',
        severity: 'critical',
        title: 'CP Mall 1 is offline',
        body: 'Since 10:00',
        link: `/alerts/${alert!.id}`,
        alertId: alert!.id,
        dedupeKey: `alert:${alert!.id}:opened`,
      })
    )[0]!;
  f = {
    alertId: alert!.id,
    nm: { api: nm.api, id: nm.user.id, noteId: await told(nm.user.id) },
    cpo: { api: cpo.api, id: cpo.user.id, noteId: await told(cpo.user.id), email: cpo.user.email },
    custom: { api: custom.api, id: custom.user.id, noteId: await told(custom.user.id) },
    stranger: { id: stranger.id, noteId: await told(stranger.id) },
  };
  // The charger is in a maintenance window now (the alert detail says so).
  await t.db.insert(maintenanceWindows).values({
    organizationId: org.id,
    chargerId: charger.id,
    startsAt: new Date(Date.now() - 60_000),
    endsAt: new Date(Date.now() + 3_600_000),
    reason: 'Replacing the cable',
    createdBy: nm.user.id,
  });
  // Everyone's e-mail went out through the real (local) SMTP server.
  await eventually(async () => {
    const rows = await t.db.select().from(notificationDeliveries);
    return rows.filter((r) => r.status === 'sent').length === 4;
  }, 15_000);
});
afterAll(async () => {
  await t?.close();
  await mailbox?.close();
});

describe('GET /notifications/:id/deliveries', () => {
  it('lists each delivery of my own notification with the address masked', async () => {
    const response = await f.cpo.api.get(`/api/v1/notifications/${f.cpo.noteId}/deliveries`);
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(1);
    const [email] = response.body.items;
    expect(email).toMatchObject({ channel: 'email', status: 'sent', target: 'c***@volt.example', attempts: 1, lastError: null });
    expect(Date.parse(email.sentAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(response.body)).not.toContain(f.cpo.email);
  });

  it("answers 404 for another user's notification, the same as for one that does not exist", async () => {
    const theirs = await f.cpo.api.get(`/api/v1/notifications/${f.nm.noteId}/deliveries`);
    const none = await f.cpo.api.get(`/api/v1/notifications/00000000-0000-4000-8000-000000000000/deliveries`);
    expect(theirs.status).toBe(404);
    expect(none.status).toBe(404);
    expect(theirs.body.error).toMatchObject({ code: 'NOT_FOUND', message: none.body.error.message });
    // Not even an Admin-like platform role reads someone else's delivery log.
    expect((await f.nm.api.get(`/api/v1/notifications/${f.cpo.noteId}/deliveries`)).status).toBe(404);
  });

  it('names the browser a push went to, and says so when that subscription is gone', async () => {
    const [subscription] = await t.db
      .insert(pushSubscriptions)
      .values({
        userId: f.cpo.id,
        endpoint: 'https://push.example.test/abc',
        p256dh: 'x',
        auth: 'y',
        userAgent: 'Firefox on Linux',
      })
      .returning();
    await t.db.insert(notificationDeliveries).values([
      {
        userId: f.cpo.id,
        notificationId: f.cpo.noteId,
        notificationIds: [f.cpo.noteId],
        channel: 'web_push',
        target: subscription!.id,
        status: 'failed',
        attempts: 8,
        lastError: 'push service answered 500',
        idempotencyKey: `${f.cpo.noteId}:web_push:${subscription!.id}`,
      },
      {
        userId: f.cpo.id,
        notificationId: f.cpo.noteId,
        notificationIds: [f.cpo.noteId],
        channel: 'web_push',
        target: '00000000-0000-4000-8000-000000000001',
        status: 'failed',
        attempts: 1,
        lastError: 'push service answered 410: subscription gone',
        idempotencyKey: `${f.cpo.noteId}:web_push:gone`,
      },
    ]);
    const { body } = await f.cpo.api.get(`/api/v1/notifications/${f.cpo.noteId}/deliveries`);
    const pushes = body.items.filter((d: { channel: string }) => d.channel === 'web_push');
    expect(pushes.map((d: { target: string }) => d.target).sort()).toEqual([
      'Firefox on Linux',
      'a browser no longer subscribed',
    ]);
    expect(JSON.stringify(body)).not.toContain('push.example.test');
  });
});

describe("the alert detail's Who was told", () => {
  type Recipient = { userId: string; name: string; deliveries: { channel: string; status: string }[] };
  const recipientsSeenBy = async (api: ApiClient) => {
    const response = await api.get(`/api/v1/alerts/${f.alertId}`);
    expect(response.status).toBe(200);
    return response.body.recipients as Recipient[] | null;
  };

  it('shows a platform Network Manager everyone told, each with their e-mail status', async () => {
    const recipients = (await recipientsSeenBy(f.nm.api))!;
    expect(recipients.map((r) => r.userId).sort()).toEqual([f.nm.id, f.cpo.id, f.custom.id, f.stranger.id].sort());
    const cpo = recipients.find((r) => r.userId === f.cpo.id)!;
    expect(cpo.name).toBe('Chamara CPO');
    expect(cpo.deliveries).toContainEqual(expect.objectContaining({ channel: 'email', status: 'sent' }));
    // (and the two pushes of the test above, which failed)
    expect(cpo.deliveries.filter((d) => d.channel === 'web_push').map((d) => d.status)).toEqual(['failed', 'failed']);
    // Other people's addresses are never in it.
    expect(JSON.stringify(recipients)).not.toContain('@');
  });

  it("shows an organization's own alerts:write role only its organization's people", async () => {
    const recipients = (await recipientsSeenBy(f.custom.api))!;
    expect(recipients.map((r) => r.name).sort()).toEqual(['Chamara CPO', 'Oshan On-call']);
  });

  it('is not given to those who may only read alerts', async () => {
    expect(await recipientsSeenBy(f.cpo.api)).toBeNull();
  });

  it('says the charger is in a maintenance window now', async () => {
    const { body } = await f.cpo.api.get(`/api/v1/alerts/${f.alertId}`);
    expect(body.maintenance).toMatchObject({ reason: 'Replacing the cable', siteWide: false });
  });
});
