import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRules } from '../../src/db/schema/index.js';
import { login, makeCharger, makeOrganization, makeSite, makeUser } from '../support/factories.js';
import { apiClient } from '../support/http.js';
import { chargerPasswordHash, connect, eventually, rows } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { type Mailbox, startMailbox } from '../support/smtp-server.js';

let mailbox: Mailbox;
let t: TestServer;
beforeAll(async () => {
  mailbox = await startMailbox();
  t = await startTestServer({ SMTP_URL: mailbox.url, PUBLIC_URL: 'https://ops.example.test', JOB_POLL_MS: '50' });
});
afterAll(async () => {
  await t?.close();
  await mailbox?.close();
});

describe('an alert reaches people by e-mail', () => {
  it('a charger that goes offline e-mails the CPO and the host of that charger, never a host of another', async () => {
    const org = await makeOrganization(t.db, { name: 'Volt Lanka' });
    const site = await makeSite(t.db, org.id, { name: 'Galle Face' });
    const password = await chargerPasswordHash();
    const host = await makeUser(t.db, 'location_owner', { organizationId: org.id, email: 'host@example.test' });
    const otherHost = await makeUser(t.db, 'location_owner', { organizationId: org.id, email: 'other-host@example.test' });
    const cpo = await makeUser(t.db, 'cpo', { organizationId: org.id, email: 'cpo@example.test' });
    const cp = await makeCharger(t.db, site, { name: 'Galle Face CP-1', ocppPasswordHash: password, locationOwnerId: host.id });
    await makeCharger(t.db, site, { name: 'Galle Face CP-2', locationOwnerId: otherHost.id });
    await t.db.insert(alertRules).values({ organizationId: org.id, ruleType: 'charger_offline', thresholds: { minutes: 0 } });

    const client = await connect(t.url, cp.ocppIdentity, 'ocpp1.6');
    await client.call('BootNotification', { chargePointVendor: 'ABB', chargePointModel: 'Terra' });
    await client.close();

    const [mail] = await eventually(async () => {
      const got = mailbox.to('cpo@example.test');
      return got.length ? got : null;
    }, 8000);
    const [alert] = await rows<{ id: string }>(t.db, sql`SELECT id FROM alerts WHERE charger_id = ${cp.id}`);
    expect(mail!.headers.subject).toContain('Galle Face CP-1 is offline');
    expect(mail!.text).toContain(`https://ops.example.test/alerts/${alert!.id}`);
    expect(mail!.html).toContain('Galle Face CP-1 is offline');
    // Times as the site's people read them: in its zone, named — not ISO text.
    expect(mail!.text).toMatch(/Offline since: \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} [A-Za-z_/]+/);
    expect(mail!.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await eventually(async () => mailbox.to('host@example.test').length === 1, 8000);
    // Each e-mail's delivery row is `sent` once the SMTP server took it (recorded just after).
    const sent = await eventually(async () => {
      const got = await rows<{ status: string }>(
        t.db,
        sql`SELECT d.status FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
            WHERE n.alert_id = ${alert!.id} AND d.channel = 'email'`,
      );
      return got.length === 2 && got.every((d) => d.status === 'sent') ? got : null;
    });
    expect(sent).toHaveLength(2);
    // The CPO sees it in the app as well.
    const api = apiClient(t.url, await login(t.url, cpo.email));
    expect((await api.get('/api/v1/notifications?unread=true')).body.items[0]).toMatchObject({ link: `/alerts/${alert!.id}` });

    // Back online: the alert resolves; nobody was e-mailed twice, the other host never.
    const back = await connect(t.url, cp.ocppIdentity, 'ocpp1.6');
    await eventually(
      async () => (await rows(t.db, sql`SELECT 1 FROM alerts WHERE id = ${alert!.id} AND status = 'resolved'`)).length === 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailbox.to('cpo@example.test')).toHaveLength(1);
    expect(mailbox.to('other-host@example.test')).toEqual([]);
    await back.close();
  });
});
