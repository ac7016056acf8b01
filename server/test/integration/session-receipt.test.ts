import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments, sessionSettlements } from '../../src/db/schema/index.js';
import { signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { pdfText } from '../support/pdf-text.js';
import { settledSession, workedExampleOrganization, workedExampleReadings } from '../support/pricing.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { storedSession } from '../support/sessions.js';

let t: TestServer;
let accounts: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
});
afterAll(() => t?.close());

describe('a driver’s receipt for a session', () => {
  it('prints the settled figures and the card that paid, on the site’s clock; only for the driver, only once settled', async () => {
    const { org, site, charger } = await workedExampleOrganization(t.db, accounts, {
      organization: { name: 'Receipt Charging Lanka', addressLine: '12 Galle Road', city: 'Colombo', taxId: 'VAT-114' },
    });
    const driver = await signedIn(t.url, t.db, 'driver', { organizationId: org.id });
    const sessionId = await settledSession(t.db, {
      organizationId: org.id,
      siteId: site.id,
      chargerId: charger.id,
      readings: workedExampleReadings(),
      userId: driver.user.id,
    });
    const [settlement] = await t.db.select().from(sessionSettlements).where(eq(sessionSettlements.sessionId, sessionId));
    await t.db.insert(payments).values({
      organizationId: org.id,
      type: 'capture',
      status: 'approved',
      gateway: 'cybersource',
      amountMinor: settlement!.grossMinor,
      approvedMinor: settlement!.grossMinor,
      currency: 'LKR',
      sessionId,
      userId: driver.user.id,
      idempotencyKey: `test-capture-${randomUUID()}`,
      cardBrand: 'Visa',
      cardLast4: '4242',
    });

    const listed = await driver.api.get('/api/v1/me/sessions');
    expect(listed.body.items.map((item: { id: string; settled: boolean }) => [item.id, item.settled])).toEqual([
      [sessionId, true],
    ]);

    const response = await driver.api.raw(`/api/v1/me/sessions/${sessionId}/receipt.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    expect(text).toContain('Receipt Charging Lanka');
    expect(text).toContain('Tax ID VAT-114');
    expect(text).toContain('RECEIPT');
    expect(text).toContain('17:50 – 19:10 (Asia/Colombo)');
    expect(text).toContain('27.500 kWh');
    expect(text).toContain('1 h 20 min');
    // docs/finance.md §13: the worked example's gross, as settled.
    expect(text).toMatch(/Total\s+LKR 3,543\.84/);
    expect(text).toMatch(/Visa •••• 4242 via CyberSource\s+LKR 3,543\.84/);

    const other = await signedIn(t.url, t.db, 'driver', { organizationId: org.id });
    const foreign = await other.api.get(`/api/v1/me/sessions/${sessionId}/receipt.pdf`);
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'NOT_FOUND']);

    const unsettled = await storedSession(t.db, { charger, startedAt: new Date(), userId: driver.user.id });
    const early = await driver.api.get(`/api/v1/me/sessions/${unsettled.id}/receipt.pdf`);
    expect([early.status, early.body.error.code]).toEqual([409, 'SESSION_NOT_SETTLED']);
  });
});
