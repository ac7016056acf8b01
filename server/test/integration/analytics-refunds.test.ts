import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeUser, signedIn } from '../support/factories.js';
import {
  CYBERSOURCE_CREDENTIALS,
  type CyberSourceContract,
  startCyberSourceServer,
} from '../support/gateways/cybersource-server.js';
import type { ApiClient } from '../support/http.js';
import { makeToken } from '../support/ocpp.js';
import { TEST_SECRETS_KEY, chargedSession, gatewayConfig, testPaymentsDeps } from '../support/payments.js';
import { DAY, settledSession, workedExampleOrganization, workedExampleReadings } from '../support/pricing.js';
import { type TestServer, startTestServer } from '../support/server.js';

// The worked example of docs/finance.md §13 (gross LKR 3,543.84), settled on DAY and paid by card; half
// of it is refunded today. A refund counts like a credit note: in the period it was approved, it lowers
// gross and, through it, taxes and net — the session itself stays in the period it ended.
// Half of each credit, largest remainder (SSCL and VAT tie on .5; the earlier one gets the unit):
// SSCL 36.63, VAT 270.29, commission 146.50, owner 73.25, partner part 1,245.25 (its share + the fee it bears).
const HALF = 177_192;
const HALF_TAX = 3_663 + 27_029;

let t: TestServer;
let cyberSource: CyberSourceContract;
let accounts: ApiClient;
let example: Awaited<ReturnType<typeof workedExampleOrganization>>;

beforeAll(async () => {
  t = await startTestServer(
    { SECRETS_KEY: TEST_SECRETS_KEY, ...(process.env.DEBUG_LOG ? { LOG_LEVEL: 'error' } : {}) },
    process.env.DEBUG_LOG ? { logStream: process.stderr } : {},
  );
  cyberSource = await startCyberSourceServer();
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
  example = await workedExampleOrganization(t.db, accounts);
  const driver = await makeUser(t.db, 'driver', { organizationId: example.org.id });
  const token = await makeToken(t.db, example.org.id, { userId: driver.id });
  const config = await gatewayConfig(t.db, {
    organizationId: example.org.id,
    gateway: 'cybersource',
    baseUrl: cyberSource.url,
    credentials: CYBERSOURCE_CREDENTIALS,
  });
  const sessionId = await settledSession(t.db, {
    organizationId: example.org.id,
    siteId: example.site.id,
    chargerId: example.charger.id,
    readings: workedExampleReadings(DAY),
    idTokenId: token.id,
    userId: driver.id,
  });
  const sale = await chargedSession(
    testPaymentsDeps(t.db),
    config,
    { id: sessionId, organizationId: example.org.id, userId: driver.id, idTokenId: token.id },
    354_384n,
  );
  const refund = await accounts.request('POST', `/api/v1/payments/${sale.id}/refunds`, {
    amountMinor: HALF,
    reason: 'Charger stopped early',
  });
  expect(refund.status).toBe(201);
  expect(refund.body.outcome).toBe('succeeded');
});

afterAll(async () => {
  await t?.close();
  await cyberSource?.close();
});

const today = () => DateTime.now().setZone('Asia/Colombo').toISODate()!;

describe('refunds in revenue analytics', () => {
  it("today's tile carries the refund: gross, taxes and net lowered; no session, no energy", async () => {
    const summary = await accounts.request('GET', `/api/v1/analytics/summary?organizationId=${example.org.id}`);
    expect(summary.status).toBe(200);
    const tile = summary.body.tiles.find(
      (x: { period: string; currency: string }) => x.period === 'today' && x.currency === 'LKR',
    );
    expect(tile).toMatchObject({
      sessions: 0,
      energyWh: 0,
      grossMinor: -HALF,
      taxMinor: -HALF_TAX,
      netMinor: -(HALF - HALF_TAX),
      platformCommissionMinor: -14_650,
      locationOwnerCommissionMinor: -7_325,
      partnerShareMinor: -124_525,
      gatewayFeeMinor: 0,
    });
  });

  it('the day chart shows the session on the day it ended and the refund on the day it was approved', async () => {
    const series = await accounts.request(
      'GET',
      `/api/v1/analytics/timeseries?organizationId=${example.org.id}&bucket=month&from=${DAY}&to=${today()}`,
    );
    expect(series.status).toBe(200);
    const month = (date: string) => `${date.slice(0, 7)}-01`;
    const at = (date: string) => series.body.items.find((i: { bucketStart: string }) => i.bucketStart === month(date));
    expect(at(DAY)).toMatchObject({ sessions: 1, grossMinor: 354_384 });
    expect(at(today())).toMatchObject({ sessions: 0, grossMinor: -HALF, netMinor: -(HALF - HALF_TAX) });
    const days = await accounts.request(
      'GET',
      `/api/v1/analytics/timeseries?organizationId=${example.org.id}&bucket=day&from=${today()}&to=${today()}`,
    );
    expect(days.body.items).toEqual([
      {
        bucketStart: today(),
        currency: 'LKR',
        sessions: 0,
        energyWh: 0,
        grossMinor: -HALF,
        taxMinor: -HALF_TAX,
        netMinor: -(HALF - HALF_TAX),
      },
    ]);
  });

  it('per charger and per site, the refund belongs to where the session was charged', async () => {
    for (const groupBy of ['charger', 'site', 'organization']) {
      const ranked = await accounts.request(
        'GET',
        `/api/v1/analytics/revenue?organizationId=${example.org.id}&period=today&groupBy=${groupBy}`,
      );
      expect(ranked.status).toBe(200);
      const id = { charger: example.charger.id, site: example.site.id, organization: example.org.id }[groupBy];
      expect(ranked.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({ grossMinor: -HALF, sessions: 0 });
    }
  });

  it('another organization’s manager sees none of it', async () => {
    const elsewhere = await makeOrganization(t.db);
    const outsider = (await signedIn(t.url, t.db, 'cpo', { organizationId: elsewhere.id })).api;
    const summary = await outsider.request('GET', '/api/v1/analytics/summary');
    expect(summary.status).toBe(200);
    for (const tile of summary.body.tiles) expect(tile.grossMinor).toBe(0);
  });
});
