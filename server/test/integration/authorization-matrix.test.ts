/**
 * Every endpoint × every role × own / foreign organization, and for a custom role limited to one
 * site × own site / sibling site of the same organization / foreign organization. The routes come from the OpenAPI
 * document, so an endpoint added without a row here fails this suite. Who may do what is written
 * out from the role table of docs/roles.md, independently of the server's permission table.
 */
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCharger, makeCustomRole, makeOrganization, makeSite, makeUser, login, TEST_PASSWORD } from '../support/factories.js';
import { apiClient } from '../support/http.js';
import { chargerPasswordHash, connect, makeToken } from '../support/ocpp.js';
import {
  CYBERSOURCE_CREDENTIALS,
  type CyberSourceContract,
  startCyberSourceServer,
} from '../support/gateways/cybersource-server.js';
import { gatewayConfig, putCardOnFile, testPaymentsDeps } from '../support/payments.js';
import {
  alerts,
  maintenanceWindows,
  mobileDevices,
  campaigns,
  chargingSessions,
  driverMessages,
  gatewayConfigs,
  gridFeeds,
  jobs,
  paymentReconciliations,
  payments,
  rejectedChargers,
  tariffs,
  unclaimedChargers,
} from '../../src/db/schema/index.js';
import { settleStoppedSession } from '../../src/modules/settlement/service.js';
import { collectSessionPayment } from '../../src/modules/payments/collection.js';
import { upsertPaymentMethod } from '../../src/modules/payment-methods/queries.js';
import { ensureWallet } from '../../src/modules/wallets/queries.js';
import type { RpcClient } from '../../src/ocpp/rpc.js';
import { ledgerPostings } from '../../src/db/schema/index.js';
import { generateDraft } from '../../src/modules/invoices/generate.js';
import { sendInvoice } from '../../src/modules/invoices/lifecycle.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { SITE_LIMITED_RULES } from '../support/site-limited-matrix.js';
import { CUSTOM_ROLE_GRANTABLE } from '../../src/domain/permissions.js';
import { notifyUsers } from '../../src/modules/notifications/notify.js';

const ROLES = [
  'admin',
  'technical',
  'accounts',
  'network_manager',
  'cpo',
  'location_owner',
  'driver',
  'custom',
  'site_custom',
] as const;
type Role = (typeof ROLES)[number];
/** sibling: another site of the own organization (only the site-limited role is checked against it). */
type Side = 'own' | 'sibling' | 'foreign';

const PLATFORM: Role[] = ['admin', 'technical', 'accounts', 'network_manager'];
const ORG_READERS: Role[] = [...PLATFORM, 'cpo'];
const NETWORK_READERS: Role[] = [...PLATFORM, 'cpo', 'location_owner', 'custom'];
const NETWORK_WRITERS: Role[] = ['admin', 'technical', 'network_manager'];
const OWNER_ASSIGNERS: Role[] = [...NETWORK_WRITERS, 'cpo'];
const USER_ADMINS: Role[] = ['admin', 'cpo'];
const AUDITORS: Role[] = ['admin', 'technical'];
const FINANCE_READERS: Role[] = ['admin', 'technical', 'accounts', 'cpo', 'location_owner'];
const FINANCE_WRITERS: Role[] = ['admin', 'technical', 'accounts'];
const EVERYONE: Role[] = [...ROLES];
/** monitoring:read: the matrix's custom role holds it too. */
const MONITORING: Role[] = ['admin', 'technical', 'network_manager', 'cpo', 'location_owner', 'custom'];
/** grid:read: the platform's network roles and the CPO (docs/roles.md); the matrix's custom role does not hold it. */
const GRID_READERS: Role[] = ['admin', 'technical', 'network_manager', 'cpo'];
const GRID_WRITERS: Role[] = ['admin', 'technical', 'network_manager'];
const TRANSACTION_READERS: Role[] = ['admin', 'technical', 'accounts', 'cpo', 'location_owner'];
/** reports:read: every platform role, the CPO and the location owner (docs/roles.md). */
const REPORT_READERS: Role[] = [...PLATFORM, 'cpo', 'location_owner'];
const INVOICE_READERS: Role[] = ['admin', 'technical', 'accounts', 'cpo'];
const INVOICE_WRITERS: Role[] = ['admin', 'technical', 'accounts'];
/** Payouts are per organization: finance readers except location owners. */
const PAYOUT_READERS: Role[] = ['admin', 'technical', 'accounts', 'cpo'];
/** payments:read: the platform's finance roles and the CPO (its organization's payments, wallets and settings). */
const PAYMENT_READERS: Role[] = ['admin', 'technical', 'accounts', 'cpo'];
/** payments:write (refunds, reconciliation imports, wallet changes, payment settings): the platform's finance roles. */
const PAYMENT_WRITERS: Role[] = ['admin', 'technical', 'accounts'];
/** Drivers read their own payments and their own wallet, and top their own wallet up. */
const PAYMENT_READERS_AND_DRIVERS: Role[] = [...PAYMENT_READERS, 'driver'];
const PAYMENT_WRITERS_AND_DRIVERS: Role[] = [...PAYMENT_WRITERS, 'driver'];
/** alerts:read: network alerts for operations, money alerts for finance; location owners on their chargers. */
const ALERT_READERS: Role[] = ['admin', 'technical', 'accounts', 'network_manager', 'cpo', 'location_owner'];
/** Alert rules are organization settings: not for location owners (nor site-limited roles). */
const ALERT_RULE_READERS: Role[] = ['admin', 'technical', 'accounts', 'network_manager', 'cpo'];
/** alerts:write: acknowledge, resolve, rules, maintenance windows. */
const ALERT_WRITERS: Role[] = ['admin', 'technical', 'network_manager'];
/** messages:write: messages to an organization's drivers (docs/driver-messages.md). */
const MESSAGE_WRITERS: Role[] = ['admin', 'technical', 'cpo'];
/** gateways:configure: the Admin alone (never in a custom role). */
const GATEWAY_ADMINS: Role[] = ['admin'];

interface Fixtures {
  orgA: { id: string };
  orgB: { id: string };
  siteA: { id: string; organizationId: string };
  siteA2: { id: string; organizationId: string };
  siteB: { id: string; organizationId: string };
  chargerA: { id: string };
  chargerA2: { id: string };
  chargerB: { id: string };
  ownerA: { id: string };
  ownerA2: { id: string };
  ownerB: { id: string };
  roleA: { id: string };
  roleA2: { id: string };
  roleB: { id: string };
  roleSite: { id: string };
  tokens: Record<Role, string>;
  users: Record<Role, { id: string; email: string }>;
}

interface Built {
  url: string;
  body?: unknown;
  /** For lists: an id that must be listed (own) or must not be (foreign). */
  listed?: string;
}

interface Endpoint {
  who: Role[];
  /** false: the same request for every caller (no foreign variant). */
  scoped: boolean;
  build(f: Fixtures, side: Side, role: Role): Promise<Built> | Built;
}

let t: TestServer;
let f: Fixtures;

const pick = <T>(side: Side, own: T, sibling: T, foreign: T) => (side === 'own' ? own : side === 'sibling' ? sibling : foreign);
const org = (side: Side) => (side === 'foreign' ? f.orgB : f.orgA);
const site = (side: Side) => pick(side, f.siteA, f.siteA2, f.siteB);
const charger = (side: Side) => pick(side, f.chargerA, f.chargerA2, f.chargerB);
const owner = (side: Side) => pick(side, f.ownerA, f.ownerA2, f.ownerB);
const customRole = (side: Side) => pick(side, f.roleA, f.roleA2, f.roleB);
const freshCharger = async (side: Side) => makeCharger(t.db, site(side));
/** A location owner hosting a charger on the side's site, so its reach is that site. */
const freshUser = async (side: Side) => {
  const user = await makeUser(t.db, 'location_owner', { organizationId: org(side).id });
  await makeCharger(t.db, site(side), { locationOwnerId: user.id, locationOwnerShare: '0.05' });
  return user;
};
/** A grid feed of the side's organization, turned off (nothing connects to anything). */
const freshFeed = async (side: Side) =>
  (
    await t.db
      .insert(gridFeeds)
      .values({ organizationId: org(side).id, name: `Grid ${unique()}`, kind: 'simulated', enabled: false })
      .returning()
  )[0]!.id;
const freshRole = async (side: Side) => makeCustomRole(t.db, org(side).id, ['chargers:read'], [site(side).id]);
const unique = () => randomUUID().slice(0, 8);
const freshToken = async (side: Side) => makeToken(t.db, org(side).id);
/** A dead-lettered job of a session that needs no settlement any more (its handler finds nothing to do). */
const failedJob = async () =>
  (
    await t.db
      .insert(jobs)
      .values({
        kind: 'settle-session',
        payload: { sessionId: randomUUID() },
        status: 'failed',
        attempts: 8,
        lastError: 'matrix',
      })
      .returning()
  )[0]!.id;
const freshUnclaimed = async () =>
  (
    await t.db
      .insert(unclaimedChargers)
      .values({ ocppIdentity: `NEW-${unique()}` })
      .returning()
  )[0]!;
const freshRejected = async () =>
  (
    await t.db
      .insert(rejectedChargers)
      .values({ ocppIdentity: `STRAY-${unique()}`, firstSeenAt: new Date(), lastSeenAt: new Date() })
      .returning()
  )[0]!;

/** An open alert on the side's charger; a money alert for Accounts (who reads no network alerts). */
const freshAlert = async (side: Side, role: Role = 'admin') => {
  const ruleType = role === 'accounts' ? 'payment_failed' : 'charger_offline';
  const [row] = await t.db
    .insert(alerts)
    .values({
      organizationId: org(side).id,
      siteId: site(side).id,
      chargerId: charger(side).id,
      ruleType,
      conditionKey: `${ruleType}:matrix:${unique()}`,
      severity: 'warning',
      title: 'Matrix alert',
    })
    .returning();
  return row!.id;
};
const freshWindow = async (side: Side) =>
  (
    await t.db
      .insert(maintenanceWindows)
      .values({
        organizationId: org(side).id,
        chargerId: charger(side).id,
        startsAt: new Date(),
        endsAt: new Date(Date.now() + 3_600_000),
        reason: 'Matrix',
      })
      .returning()
  )[0]!.id;
const freshNotification = async (role: Role) =>
  (
    await notifyUsers(t.db, [f.users[role].id], {
      organizationId: null,
      category: 'service',
      type: 'matrix',
      title: 'Matrix',
      body: 'Matrix',
      dedupeKey: `matrix:${unique()}`,
    })
  )[0]!;

/** A message of the side's organization, scheduled an hour ahead (so it can be cancelled). */
const freshMessage = async (side: Side) =>
  (
    await t.db
      .insert(driverMessages)
      .values({
        organizationId: org(side).id,
        category: 'service',
        title: 'Matrix',
        body: 'Matrix',
        audience: { kind: 'organization' },
        sendAt: new Date(Date.now() + 3_600_000),
      })
      .returning()
  )[0]!.id;
/** A new driver of the side's organization, for an audience that reaches someone. */
const freshDriver = async (side: Side) => makeUser(t.db, 'driver', { organizationId: org(side).id });

const TARIFF_ELEMENTS = [{ price_components: [{ type: 'ENERGY' as const, price: '90.00', step_size: 0 }] }];
/** A new invoice of the side's organization, each for its own past month; sent on request. */
let invoiceMonth = 0;
const freshInvoice = async (side: Side, sent = false) => {
  const periodStartDate = `${2000 + Math.floor(invoiceMonth / 12)}-${String((invoiceMonth++ % 12) + 1).padStart(2, '0')}-01`;
  const audit = { actorId: null, actorEmail: null, requestId: null };
  const { invoice } = (await generateDraft(t.db, audit, org(side).id, periodStartDate))!;
  if (sent) {
    // Something to pay and to credit: 10.00, tax-free.
    await t.db.execute(sql`UPDATE invoices SET subtotal_minor = 1000, total_minor = 1000 WHERE id = ${invoice.id}`);
    await sendInvoice(t.db, audit, 'Matrix issuer', invoice.id);
  }
  return invoice.id;
};
/** Something to pay out: 1.00 credited to the side's payout balance. */
const fundPayouts = async (side: Side) =>
  t.db.insert(ledgerPostings).values(
    (['partner_payable', 'payment_clearing'] as const).map((account, i) => ({
      organizationId: org(side).id,
      account,
      entryKind: 'adjustment' as const,
      currency: 'LKR',
      amountMinor: i === 0 ? -100n : 100n,
      at: new Date(),
    })),
  );
/** An imported settlement report of the side's organization. */
const freshReconciliation = async (side: Side) =>
  (
    await t.db
      .insert(paymentReconciliations)
      .values({
        organizationId: org(side).id,
        gateway: 'manual',
        fileName: 'matrix.csv',
        periodFrom: new Date('2026-03-10T00:00:00Z'),
        periodTo: new Date('2026-03-11T00:00:00Z'),
        counts: { matched: 0, missing_ours: 0, missing_theirs: 0, amount_mismatch: 0 },
      })
      .returning()
  )[0]!.id;
/** A new charger of the side's location owner: in reach of its host and of the site's role. */
const ownersCharger = async (side: Side) =>
  makeCharger(t.db, site(side), { locationOwnerId: owner(side).id, locationOwnerShare: '0.05' });
/** A charger-level tariff on a new charger, so it never overlaps another. */
const freshTariff = async (side: Side) =>
  (
    await t.db
      .insert(tariffs)
      .values({
        organizationId: org(side).id,
        chargerId: (await ownersCharger(side)).id,
        name: `Tariff ${unique()}`,
        currency: 'LKR',
        elements: TARIFF_ELEMENTS,
        validFrom: new Date('2026-01-01T00:00:00Z'),
      })
      .returning()
  )[0]!;
const freshCampaign = async (side: Side) =>
  (
    await t.db
      .insert(campaigns)
      .values({
        organizationId: org(side).id,
        siteId: site(side).id,
        name: `Campaign ${unique()}`,
        kind: 'percent',
        percent: '0.1',
        validFrom: new Date('2026-01-01T00:00:00Z'),
      })
      .returning()
  )[0]!;
/** A completed 10 kWh session on a charger of the side's site (a driver's when given), settled. */
const newSettledSession = async (side: Side, chargerId: string, userId: string | null = null) => {
  const [session] = await t.db
    .insert(chargingSessions)
    .values({
      organizationId: org(side).id,
      siteId: site(side).id,
      chargerId,
      userId,
      protocol: 'ocpp1.6',
      transactionId: `M-${unique()}`,
      connectorId: 1,
      status: 'completed',
      startedAt: new Date('2026-03-10T10:00:00Z'),
      stoppedAt: new Date('2026-03-10T11:00:00Z'),
      meterStartWh: 0,
      meterStopWh: 10_000,
      energyWh: 10_000,
      lastActivityAt: new Date('2026-03-10T11:00:00Z'),
      closedBy: 'charger',
    })
    .returning();
  await settleStoppedSession(t.db, session!.id);
  return session!.id;
};
/** One settled session per side, on the side's location-owned charger. */
const settled = new Map<Side, Promise<string>>();
const settledSession = (side: Side) => {
  if (!settled.has(side)) settled.set(side, newSettledSession(side, charger(side).id));
  return settled.get(side)!;
};
/** An approved manual sale of the side's settled session (the driver's own when asked by the driver on its own side). */
const paidPayment = async (side: Side, role: Role) => {
  const [config] = await t.db
    .insert(gatewayConfigs)
    .values({ organizationId: org(side).id, gateway: 'manual', label: `Cash ${unique()}` })
    .returning();
  const [row] = await t.db
    .insert(payments)
    .values({
      organizationId: org(side).id,
      type: 'sale',
      status: 'approved',
      gateway: 'manual',
      gatewayConfigId: config!.id,
      amountMinor: 10_000n,
      approvedMinor: 10_000n,
      currency: 'LKR',
      sessionId: await settledSession(side),
      userId: role === 'driver' && side === 'own' ? f.users.driver.id : null,
      idempotencyKey: `matrix-sale:${unique()}`,
      gatewayReference: `CASH-${unique()}`,
    })
    .returning();
  return row!.id;
};
/** A manual (cash) gateway configuration of the side's organization: no credentials to encrypt. */
const freshGatewayConfig = async (side: Side) =>
  (await gatewayConfig(t.db, { organizationId: org(side).id, gateway: 'manual', label: `Cash ${unique()}` })).id;
/** The side's CyberSource merchant, answered by the contract server: what top-ups are charged through. */
let cybersource: CyberSourceContract;
/** A driver of the side's organization with a card on file on their RFID card, which top-ups charge. */
const cardDriver = async (side: Side) => {
  const user = await makeUser(t.db, 'driver', { organizationId: org(side).id });
  await putCardOnFile(t.db, (await makeToken(t.db, org(side).id, { userId: user.id })).id, 'cybersource', `tms_${unique()}`);
  return user;
};
/** An LKR wallet of a driver of the side's organization: the matrix driver's own when the driver asks on its own side. */
const freshWallet = async (side: Side, role: Role) => {
  const userId = role === 'driver' && side === 'own' ? f.users.driver.id : (await cardDriver(side)).id;
  return (await ensureWallet(t.db, { organizationId: org(side).id, userId, currency: 'LKR' })).id;
};
/** A wallet that paid a settled session (90.00 LKR on a charger with its own tariff), debited as the collection job debits it. */
const debitedWallet = async (side: Side) => {
  const driver = await cardDriver(side);
  await upsertPaymentMethod(t.db, { userId: driver.id }, 'wallet');
  const sessionId = await newSettledSession(side, (await freshTariff(side)).chargerId!, driver.id);
  await collectSessionPayment(testPaymentsDeps(t.db), sessionId);
  const walletId = (await ensureWallet(t.db, { organizationId: org(side).id, userId: driver.id, currency: 'LKR' })).id;
  return { walletId, sessionId };
};
/** Remote commands need a connected charger: one per side and version, answering every command, with an active session. */
const live = new Map<string, Promise<{ id: string; sessionId: string; client: RpcClient }>>();
const ANSWERS_201: Record<string, object> = {
  GetVariables: {
    getVariableResult: [
      {
        attributeStatus: 'Accepted',
        attributeValue: '300',
        component: { name: 'OCPPCommCtrlr' },
        variable: { name: 'HeartbeatInterval' },
      },
    ],
  },
  SetVariables: {
    setVariableResult: [
      { attributeStatus: 'Accepted', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
    ],
  },
};
const ANSWERS: Record<string, object> = {
  RemoteStartTransaction: { status: 'Accepted' },
  RemoteStopTransaction: { status: 'Accepted' },
  Reset: { status: 'Accepted' },
  UnlockConnector: { status: 'Unlocked' },
  ChangeAvailability: { status: 'Accepted' },
  GetConfiguration: { configurationKey: [] },
  ChangeConfiguration: { status: 'Accepted' },
  TriggerMessage: { status: 'Accepted' },
  ClearCache: { status: 'Accepted' },
  SetChargingProfile: { status: 'Accepted' },
  ClearChargingProfile: { status: 'Accepted' },
  GetCompositeSchedule: { status: 'Rejected' },
};
function liveCharger(side: Side, protocol: 'ocpp1.6' | 'ocpp2.0.1' = 'ocpp1.6') {
  const key = `${side}:${protocol}`;
  if (!live.has(key)) {
    live.set(
      key,
      (async () => {
        const charger = await makeCharger(t.db, site(side), { ocppPasswordHash: await chargerPasswordHash() });
        const client = await connect(t.url, charger.ocppIdentity, protocol);
        for (const [action, answer] of Object.entries(protocol === 'ocpp1.6' ? ANSWERS : ANSWERS_201))
          client.handle(action, async () => answer);
        if (protocol === 'ocpp2.0.1') return { id: charger.id, sessionId: '', client };
        const token = await freshToken(side);
        const started = (await client.call('StartTransaction', {
          connectorId: 1,
          idTag: token.token,
          meterStart: 0,
          timestamp: new Date().toISOString(),
        })) as { transactionId: number };
        const [session] = (
          (await t.db.execute(
            sql`SELECT id FROM charging_sessions WHERE transaction_id = ${String(started.transactionId)}`,
          )) as unknown as { rows: { id: string }[] }
        ).rows;
        return { id: charger.id, sessionId: session!.id, client };
      })(),
    );
  }
  return live.get(key)!;
}
const commandRow = (
  name: string,
  body: (side: Side) => Promise<object> | object,
  protocol: 'ocpp1.6' | 'ocpp2.0.1' = 'ocpp1.6',
): Endpoint => ({
  who: NETWORK_WRITERS,
  scoped: true,
  build: async (_f, side) => ({
    url: `/api/v1/chargers/${(await liveCharger(side, protocol)).id}/commands/${name}`,
    body: await body(side),
  }),
});

/** A report filtered on one side's organization: a foreign one is 404, like a Transactions filter. */
// No money metric: those also need finance:read (reports.test.ts); here reports:read alone decides.
const reportOf = (side: Side) => ({
  dimensions: ['site'],
  metrics: ['sessions', 'energyWh'],
  period: { relative: 'thisYear' },
  filter: { organizationId: [org(side).id] },
});

const ENDPOINTS: Record<string, Endpoint> = {
  'GET /api/v1/me': { who: EVERYONE, scoped: false, build: () => ({ url: '/api/v1/me' }) },
  'PATCH /api/v1/me': { who: EVERYONE, scoped: false, build: () => ({ url: '/api/v1/me', body: { phone: '+94 11 000 0000' } }) },
  'POST /api/v1/me/password': {
    who: EVERYONE,
    scoped: false,
    // Changing the password revokes sessions, so a throwaway user of the role does it (see runCase).
    build: () => ({ url: '/api/v1/me/password', body: { currentPassword: TEST_PASSWORD, newPassword: 'a-new-password-123' } }),
  },

  'GET /api/v1/organizations': {
    who: ORG_READERS,
    scoped: true,
    build: (_f, side) => ({ url: '/api/v1/organizations?pageSize=200', listed: org(side).id }),
  },
  'POST /api/v1/organizations': {
    who: ['admin', 'technical'],
    scoped: true,
    build: (_f, side) => ({
      url: '/api/v1/organizations',
      body: { name: `New ${unique()}`, currency: 'LKR', timeZone: 'Asia/Colombo', parentId: org(side).id },
    }),
  },
  'GET /api/v1/organizations/{id}': {
    who: ORG_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/organizations/${org(side).id}` }),
  },
  'PATCH /api/v1/organizations/{id}': {
    who: ['admin', 'technical'],
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/organizations/${org(side).id}`, body: { paymentTermsDays: 20 } }),
  },
  'DELETE /api/v1/organizations/{id}': {
    who: ['admin', 'technical'],
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/organizations/${(await makeOrganization(t.db, { parentId: org(side).id })).id}`,
    }),
  },
  'PUT /api/v1/organizations/{id}/logo': {
    who: ['admin', 'technical'],
    scoped: true,
    build: (_f, side) => {
      const form = new FormData();
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      );
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'logo.png');
      return { url: `/api/v1/organizations/${org(side).id}/logo`, body: form };
    },
  },
  'GET /api/v1/organizations/{id}/logo': {
    who: ORG_READERS,
    scoped: true,
    build: async (_f, side) => {
      const target = await makeOrganization(t.db, { parentId: org(side).id });
      const form = new FormData();
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      );
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'logo.png');
      await apiClient(t.url, f.tokens.admin).put(`/api/v1/organizations/${target.id}/logo`, form);
      return { url: `/api/v1/organizations/${target.id}/logo` };
    },
  },
  'DELETE /api/v1/organizations/{id}/logo': {
    who: ['admin', 'technical'],
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/organizations/${org(side).id}/logo` }),
  },
  'GET /api/v1/organizations/{id}/contracts': {
    who: ORG_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/organizations/${org(side).id}/contracts` }),
  },
  'POST /api/v1/organizations/{id}/contracts': {
    who: ['admin', 'technical'],
    scoped: true,
    build: async (_f, side) => {
      const target = await makeOrganization(t.db, { parentId: org(side).id });
      return {
        url: `/api/v1/organizations/${target.id}/contracts`,
        body: { name: 'C', kind: 'percent_of_net', percent: '0.1', effectiveFrom: '2026-01-01' },
      };
    },
  },
  'PATCH /api/v1/organizations/{id}/contracts/{contractId}': {
    who: ['admin', 'technical'],
    scoped: true,
    build: async (_f, side) => {
      const target = await makeOrganization(t.db, { parentId: org(side).id });
      const created = await apiClient(t.url, f.tokens.admin).post(`/api/v1/organizations/${target.id}/contracts`, {
        name: 'C',
        kind: 'percent_of_net',
        percent: '0.1',
        effectiveFrom: '2026-01-01',
      });
      return { url: `/api/v1/organizations/${target.id}/contracts/${created.body.id}`, body: { percent: '0.12' } };
    },
  },
  'DELETE /api/v1/organizations/{id}/contracts/{contractId}': {
    who: ['admin', 'technical'],
    scoped: true,
    build: async (_f, side) => {
      const target = await makeOrganization(t.db, { parentId: org(side).id });
      const created = await apiClient(t.url, f.tokens.admin).post(`/api/v1/organizations/${target.id}/contracts`, {
        name: 'C',
        kind: 'percent_of_net',
        percent: '0.1',
        effectiveFrom: '2026-01-01',
      });
      return { url: `/api/v1/organizations/${target.id}/contracts/${created.body.id}` };
    },
  },

  'GET /api/v1/sites': {
    who: NETWORK_READERS,
    scoped: true,
    build: (_f, side) => ({ url: '/api/v1/sites?pageSize=200', listed: site(side).id }),
  },
  'POST /api/v1/sites': {
    who: NETWORK_WRITERS,
    scoped: true,
    build: (_f, side) => ({
      url: '/api/v1/sites',
      body: { organizationId: org(side).id, name: `Site ${unique()}`, timeZone: 'Asia/Colombo' },
    }),
  },
  'GET /api/v1/sites/{id}': {
    who: NETWORK_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/sites/${site(side).id}` }),
  },
  'PATCH /api/v1/sites/{id}': {
    who: NETWORK_WRITERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/sites/${site(side).id}`, body: { city: 'Colombo' } }),
  },
  'GET /api/v1/sites/{id}/load-management': {
    who: MONITORING,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/sites/${site(side).id}/load-management` }),
  },
  'GET /api/v1/sites/{id}/load-management/history': {
    who: MONITORING,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/sites/${site(side).id}/load-management/history` }),
  },
  'PUT /api/v1/sites/{id}/load-management': {
    who: NETWORK_WRITERS,
    scoped: true,
    build: (_f, side) => ({
      url: `/api/v1/sites/${site(side).id}/load-management`,
      body: {
        enabled: false,
        limitKw: '40',
        strategy: 'equal-share',
        minimumKw: '4.2',
        phases: 3,
        voltageV: 230,
        rateUnit: 'A',
        priorityGroups: [],
      },
    }),
  },
  'GET /api/v1/grid/feeds': {
    who: GRID_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: '/api/v1/grid/feeds', listed: await freshFeed(side) }),
  },
  'GET /api/v1/grid/feeds/{id}': {
    who: GRID_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/grid/feeds/${await freshFeed(side)}` }),
  },
  'GET /api/v1/grid/feeds/{id}/readings': {
    who: GRID_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/grid/feeds/${await freshFeed(side)}/readings` }),
  },
  'POST /api/v1/grid/feeds': {
    who: GRID_WRITERS,
    scoped: true,
    build: (_f, side) => ({
      url: '/api/v1/grid/feeds',
      body: { organizationId: org(side).id, name: `Grid ${unique()}`, kind: 'simulated', enabled: false, settings: {} },
    }),
  },
  'PUT /api/v1/grid/feeds/{id}': {
    who: GRID_WRITERS,
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/grid/feeds/${await freshFeed(side)}`,
      body: { name: `Grid ${unique()}`, kind: 'simulated', enabled: false, settings: { seed: 7 } },
    }),
  },
  'DELETE /api/v1/grid/feeds/{id}': {
    who: GRID_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/grid/feeds/${await freshFeed(side)}` }),
  },
  'DELETE /api/v1/sites/{id}': {
    who: NETWORK_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/sites/${(await makeSite(t.db, org(side).id)).id}` }),
  },

  'GET /api/v1/chargers': {
    who: NETWORK_READERS,
    scoped: true,
    build: (_f, side) => ({ url: '/api/v1/chargers?pageSize=200', listed: charger(side).id }),
  },
  'POST /api/v1/chargers': {
    who: NETWORK_WRITERS,
    scoped: true,
    build: (_f, side) => ({
      url: '/api/v1/chargers',
      body: {
        organizationId: org(side).id,
        siteId: site(side).id,
        ocppIdentity: `M-${unique()}`,
        name: 'Matrix charger',
        connectors: [{ connectorId: 1, type: 'CCS2', maxPowerKw: '50' }],
      },
    }),
  },
  'GET /api/v1/chargers/{id}': {
    who: NETWORK_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/chargers/${charger(side).id}` }),
  },
  'PATCH /api/v1/chargers/{id}': {
    who: NETWORK_WRITERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/chargers/${charger(side).id}`, body: { vendor: 'ABB' } }),
  },
  'DELETE /api/v1/chargers/{id}': {
    who: NETWORK_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/chargers/${(await freshCharger(side)).id}` }),
  },
  'PUT /api/v1/chargers/{id}/visibility': {
    who: NETWORK_WRITERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/chargers/${charger(side).id}/visibility`, body: { visible: true } }),
  },
  'PUT /api/v1/chargers/{id}/admin-status': {
    who: NETWORK_WRITERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/chargers/${charger(side).id}/admin-status`, body: { adminStatus: 'active' } }),
  },
  'GET /api/v1/chargers/{id}/location-owner-candidates': {
    who: OWNER_ASSIGNERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/chargers/${charger(side).id}/location-owner-candidates` }),
  },
  'PUT /api/v1/chargers/{id}/location-owner': {
    who: OWNER_ASSIGNERS,
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/chargers/${(await freshCharger(side)).id}/location-owner`,
      body: { userId: owner(side).id, share: '0.05' },
    }),
  },
  'PUT /api/v1/chargers/{id}/ocpp-password': {
    who: NETWORK_WRITERS,
    scoped: true,
    build: (_f, side) => ({
      url: `/api/v1/chargers/${charger(side).id}/ocpp-password`,
      body: { password: 'a-long-ocpp-secret' },
    }),
  },

  'GET /api/v1/users': {
    who: USER_ADMINS,
    scoped: true,
    build: (_f, side) => ({ url: '/api/v1/users?pageSize=200', listed: owner(side).id }),
  },
  'POST /api/v1/users': {
    who: USER_ADMINS,
    scoped: true,
    // A location owner with no chargers yet reaches nothing, so the sibling variant gives the sibling site's role.
    build: (_f, side) => ({
      url: '/api/v1/users',
      body: {
        email: `new-${unique()}@test.example`,
        name: 'New Owner',
        ...(side === 'sibling' ? { role: 'custom', customRoleId: f.roleA2.id } : { role: 'location_owner' }),
        organizationId: org(side).id,
        password: 'initial-password-1',
      },
    }),
  },
  'GET /api/v1/users/{id}': { who: USER_ADMINS, scoped: true, build: (_f, side) => ({ url: `/api/v1/users/${owner(side).id}` }) },
  'PATCH /api/v1/users/{id}': {
    who: USER_ADMINS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/users/${owner(side).id}`, body: { phone: '+94 11 222 3333' } }),
  },
  'POST /api/v1/users/{id}/disable': {
    who: USER_ADMINS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/users/${(await freshUser(side)).id}/disable` }),
  },
  'POST /api/v1/users/{id}/enable': {
    who: USER_ADMINS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/users/${(await freshUser(side)).id}/enable` }),
  },
  'POST /api/v1/users/{id}/reset-password': {
    who: USER_ADMINS,
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/users/${(await freshUser(side)).id}/reset-password`,
      body: { password: 'temporary-password-1' },
    }),
  },

  'GET /api/v1/roles': {
    who: USER_ADMINS,
    scoped: true,
    build: (_f, side) => ({ url: '/api/v1/roles', listed: customRole(side).id }),
  },
  'GET /api/v1/permissions': { who: USER_ADMINS, scoped: false, build: () => ({ url: '/api/v1/permissions' }) },
  'POST /api/v1/roles': {
    who: USER_ADMINS,
    scoped: true,
    build: (_f, side) => ({
      url: '/api/v1/roles',
      body: { organizationId: org(side).id, name: `Role ${unique()}`, permissions: ['chargers:read'], siteIds: [site(side).id] },
    }),
  },
  'GET /api/v1/roles/{id}': {
    who: USER_ADMINS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/roles/${customRole(side).id}` }),
  },
  'PATCH /api/v1/roles/{id}': {
    who: USER_ADMINS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/roles/${customRole(side).id}`, body: { description: 'Updated by the matrix' } }),
  },
  'DELETE /api/v1/roles/{id}': {
    who: USER_ADMINS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/roles/${(await freshRole(side)).id}` }),
  },

  'GET /api/v1/chargers/unclaimed': { who: NETWORK_WRITERS, scoped: false, build: () => ({ url: '/api/v1/chargers/unclaimed' }) },
  // Filtered to the caller's chargers on the server (ocpp-auth-failures.test.ts checks the filtering).
  'GET /api/v1/chargers/auth-failures': {
    who: NETWORK_READERS,
    scoped: false,
    build: () => ({ url: '/api/v1/chargers/auth-failures' }),
  },
  'POST /api/v1/chargers/unclaimed/{id}/claim': {
    who: NETWORK_WRITERS,
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/chargers/unclaimed/${(await freshUnclaimed()).id}/claim`,
      body: { organizationId: org(side).id, siteId: site(side).id },
    }),
  },
  'POST /api/v1/chargers/unclaimed/{id}/reject': {
    who: NETWORK_WRITERS,
    scoped: false,
    build: async () => ({ url: `/api/v1/chargers/unclaimed/${(await freshUnclaimed()).id}/reject`, body: {} }),
  },
  'GET /api/v1/chargers/rejected': { who: NETWORK_WRITERS, scoped: false, build: () => ({ url: '/api/v1/chargers/rejected' }) },
  'DELETE /api/v1/chargers/rejected/{id}': {
    who: NETWORK_WRITERS,
    scoped: false,
    build: async () => ({ url: `/api/v1/chargers/rejected/${(await freshRejected()).id}` }),
  },
  'POST /api/v1/chargers/{id}/commands/remote-start': commandRow('remote-start', async (side) => ({
    idTag: (await freshToken(side)).token,
  })),
  'POST /api/v1/chargers/{id}/commands/remote-stop': commandRow('remote-stop', async (side) => ({
    sessionId: (await liveCharger(side)).sessionId,
  })),
  'POST /api/v1/chargers/{id}/commands/reset': commandRow('reset', () => ({ type: 'soft' })),
  'POST /api/v1/chargers/{id}/commands/unlock-connector': commandRow('unlock-connector', () => ({ connectorId: 1 })),
  'POST /api/v1/chargers/{id}/commands/change-availability': commandRow('change-availability', () => ({
    availability: 'operative',
  })),
  'POST /api/v1/chargers/{id}/commands/get-configuration': commandRow('get-configuration', () => ({})),
  'POST /api/v1/chargers/{id}/commands/change-configuration': commandRow('change-configuration', () => ({
    key: 'HeartbeatInterval',
    value: '300',
  })),
  'POST /api/v1/chargers/{id}/commands/trigger-message': commandRow('trigger-message', () => ({ message: 'Heartbeat' })),
  'POST /api/v1/chargers/{id}/commands/clear-cache': commandRow('clear-cache', () => ({})),
  'POST /api/v1/chargers/{id}/commands/get-variables': commandRow(
    'get-variables',
    () => ({ variables: [{ component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval' }] }),
    'ocpp2.0.1',
  ),
  'POST /api/v1/chargers/{id}/commands/set-variables': commandRow(
    'set-variables',
    () => ({ variables: [{ component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval', value: '60' }] }),
    'ocpp2.0.1',
  ),
  'POST /api/v1/chargers/{id}/commands/set-charging-profile': commandRow('set-charging-profile', () => ({
    purpose: 'tx-default',
    limit: 11,
    unit: 'kW',
    connectorId: 1,
  })),
  'POST /api/v1/chargers/{id}/commands/clear-charging-profile': commandRow('clear-charging-profile', () => ({})),
  'POST /api/v1/chargers/{id}/commands/get-composite-schedule': commandRow('get-composite-schedule', () => ({ connectorId: 1 })),

  'GET /api/v1/id-tokens': {
    who: ORG_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: '/api/v1/id-tokens?pageSize=200', listed: (await freshToken(side)).id }),
  },
  'POST /api/v1/id-tokens': {
    who: NETWORK_WRITERS,
    scoped: true,
    build: (_f, side) => ({
      url: '/api/v1/id-tokens',
      body: { organizationId: org(side).id, token: `T-${unique()}`, kind: 'rfid' },
    }),
  },
  'GET /api/v1/id-tokens/{id}': {
    who: ORG_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/id-tokens/${(await freshToken(side)).id}` }),
  },
  'PATCH /api/v1/id-tokens/{id}': {
    who: NETWORK_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/id-tokens/${(await freshToken(side)).id}`, body: { label: 'Matrix' } }),
  },

  'GET /api/v1/audit': { who: AUDITORS, scoped: false, build: () => ({ url: '/api/v1/audit' }) },
  'GET /api/v1/audit/verify': { who: AUDITORS, scoped: false, build: () => ({ url: '/api/v1/audit/verify' }) },

  // Background jobs are the platform operators' (jobs:read / jobs:write; never in a custom role).
  'GET /api/v1/jobs': { who: AUDITORS, scoped: false, build: () => ({ url: '/api/v1/jobs' }) },
  'GET /api/v1/jobs/summary': { who: AUDITORS, scoped: false, build: () => ({ url: '/api/v1/jobs/summary' }) },
  'POST /api/v1/jobs/{id}/retry': {
    who: AUDITORS,
    scoped: false,
    build: async () => ({ url: `/api/v1/jobs/${await failedJob()}/retry` }),
  },

  'GET /api/v1/tariffs': {
    who: FINANCE_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: '/api/v1/tariffs?pageSize=200', listed: (await freshTariff(side)).id }),
  },
  'POST /api/v1/tariffs': {
    who: FINANCE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({
      url: '/api/v1/tariffs',
      body: {
        organizationId: org(side).id,
        chargerId: (await freshCharger(side)).id,
        name: `Tariff ${unique()}`,
        currency: 'LKR',
        elements: TARIFF_ELEMENTS,
        validFrom: '2026-01-01T00:00:00Z',
      },
    }),
  },
  'POST /api/v1/tariffs/preview': {
    who: FINANCE_READERS,
    scoped: true,
    build: (_f, side) => ({
      url: '/api/v1/tariffs/preview',
      body: {
        tariff: { organizationId: org(side).id, currency: 'LKR', elements: TARIFF_ELEMENTS },
        startedAt: '2026-03-10T10:00:00Z',
        stoppedAt: '2026-03-10T11:00:00Z',
        energyWh: 10_000,
      },
    }),
  },
  'GET /api/v1/tariffs/{id}': {
    who: FINANCE_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/tariffs/${(await freshTariff(side)).id}` }),
  },
  'GET /api/v1/tariffs/{id}/ocpi': {
    who: FINANCE_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/tariffs/${(await freshTariff(side)).id}/ocpi` }),
  },
  'PATCH /api/v1/tariffs/{id}': {
    who: FINANCE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/tariffs/${(await freshTariff(side)).id}`, body: { name: 'Matrix' } }),
  },
  'DELETE /api/v1/tariffs/{id}': {
    who: FINANCE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/tariffs/${(await freshTariff(side)).id}` }),
  },
  'GET /api/v1/campaigns': {
    who: FINANCE_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: '/api/v1/campaigns?pageSize=200', listed: (await freshCampaign(side)).id }),
  },
  'POST /api/v1/campaigns': {
    who: FINANCE_WRITERS,
    scoped: true,
    build: (_f, side) => ({
      url: '/api/v1/campaigns',
      body: {
        organizationId: org(side).id,
        siteId: site(side).id,
        name: `Campaign ${unique()}`,
        kind: 'percent',
        percent: '0.1',
        validFrom: '2026-01-01T00:00:00Z',
      },
    }),
  },
  'GET /api/v1/campaigns/{id}': {
    who: FINANCE_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/campaigns/${(await freshCampaign(side)).id}` }),
  },
  'PATCH /api/v1/campaigns/{id}': {
    who: FINANCE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/campaigns/${(await freshCampaign(side)).id}`, body: { name: 'Matrix' } }),
  },
  'DELETE /api/v1/campaigns/{id}': {
    who: FINANCE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/campaigns/${(await freshCampaign(side)).id}` }),
  },
  /** payments:read or chargers:read; tokens are managed per whole organization (not location owners, site-limited roles). */
  'GET /api/v1/id-tokens/{id}/payment-method': {
    who: ORG_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/id-tokens/${(await freshToken(side)).id}/payment-method` }),
  },
  'PUT /api/v1/id-tokens/{id}/payment-method': {
    who: FINANCE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/id-tokens/${(await freshToken(side)).id}/payment-method`,
      body: { gateway: 'wallet' },
    }),
  },
  'DELETE /api/v1/id-tokens/{id}/payment-method': {
    who: FINANCE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/id-tokens/${(await freshToken(side)).id}/payment-method` }),
  },
  /** payments:read or users:read. */
  'GET /api/v1/users/{id}/payment-method': {
    who: ['admin', 'technical', 'accounts', 'cpo'],
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/users/${(await freshUser(side)).id}/payment-method` }),
  },
  'PUT /api/v1/users/{id}/payment-method': {
    who: FINANCE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/users/${(await freshUser(side)).id}/payment-method`,
      body: { gateway: 'cybersource' },
    }),
  },
  'DELETE /api/v1/users/{id}/payment-method': {
    who: FINANCE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/users/${(await freshUser(side)).id}/payment-method` }),
  },
  'POST /api/v1/sessions/{id}/reprice': {
    who: FINANCE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/sessions/${await settledSession(side)}/reprice`,
      body: { reason: 'Matrix check' },
    }),
  },
  'GET /api/v1/sessions/{id}/adjustments': {
    who: FINANCE_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/sessions/${await settledSession(side)}/adjustments` }),
  },
  'POST /api/v1/tariffs/{id}/reprice': {
    who: FINANCE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/tariffs/${(await freshTariff(side)).id}/reprice`,
      body: { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', reason: 'Matrix check' },
    }),
  },
  'GET /api/v1/sessions/{id}/settlement': {
    who: FINANCE_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/sessions/${await settledSession(side)}/settlement` }),
  },

  'GET /api/v1/invoices': {
    who: INVOICE_READERS,
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/invoices?pageSize=200&organizationId=${org(side).id}`,
      listed: await freshInvoice(side),
    }),
  },
  'POST /api/v1/invoices': {
    who: INVOICE_WRITERS,
    scoped: true,
    build: (_f, side) => ({ url: '/api/v1/invoices', body: { organizationId: org(side).id } }),
  },
  'GET /api/v1/invoices/{id}': {
    who: INVOICE_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/invoices/${await freshInvoice(side)}` }),
  },
  'GET /api/v1/invoices/{id}/pdf': {
    who: INVOICE_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/invoices/${await freshInvoice(side, true)}/pdf` }),
  },
  'POST /api/v1/invoices/{id}/regenerate': {
    who: INVOICE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/invoices/${await freshInvoice(side)}/regenerate` }),
  },
  'POST /api/v1/invoices/{id}/send': {
    who: INVOICE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/invoices/${await freshInvoice(side)}/send` }),
  },
  'POST /api/v1/invoices/{id}/payments': {
    who: INVOICE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/invoices/${await freshInvoice(side, true)}/payments`,
      body: { amountMinor: 100, paidOn: '2026-01-01' },
    }),
  },
  'POST /api/v1/invoices/{id}/credit-notes': {
    who: INVOICE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/invoices/${await freshInvoice(side, true)}/credit-notes`,
      body: { amountMinor: 100, reason: 'Matrix' },
    }),
  },
  'POST /api/v1/invoice-runs': { who: INVOICE_WRITERS, scoped: false, build: () => ({ url: '/api/v1/invoice-runs' }) },
  'GET /api/v1/invoice-runs': { who: INVOICE_WRITERS, scoped: false, build: () => ({ url: '/api/v1/invoice-runs' }) },
  'GET /api/v1/invoice-runs/{id}': {
    who: INVOICE_WRITERS,
    scoped: false,
    build: async () => ({
      url: `/api/v1/invoice-runs/${(await apiClient(t.url, f.tokens.admin).post('/api/v1/invoice-runs')).body.id}`,
    }),
  },
  'GET /api/v1/payouts/balances': { who: PAYOUT_READERS, scoped: false, build: () => ({ url: '/api/v1/payouts/balances' }) },
  'GET /api/v1/payouts/entries': {
    who: PAYOUT_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/payouts/entries?organizationId=${org(side).id}` }),
  },
  'POST /api/v1/payouts': {
    who: INVOICE_WRITERS,
    scoped: true,
    build: async (_f, side) => {
      await fundPayouts(side);
      return { url: '/api/v1/payouts', body: { organizationId: org(side).id, amountMinor: 100, paidOn: '2026-01-01' } };
    },
  },

  'POST /api/v1/payment-reconciliations': {
    who: PAYMENT_WRITERS,
    scoped: true,
    build: (_f, side) => ({
      url: '/api/v1/payment-reconciliations',
      body: {
        gateway: 'manual',
        organizationId: org(side).id,
        fileName: 'matrix.csv',
        content: 'reference,amount,currency,date\nR-1,1.00,LKR,2026-03-10\n',
      },
    }),
  },
  'GET /api/v1/payment-reconciliations': {
    who: PAYMENT_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: '/api/v1/payment-reconciliations?pageSize=200', listed: await freshReconciliation(side) }),
  },
  'GET /api/v1/payment-reconciliations/{id}': {
    who: PAYMENT_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/payment-reconciliations/${await freshReconciliation(side)}` }),
  },
  'GET /api/v1/payments': {
    who: PAYMENT_READERS_AND_DRIVERS,
    scoped: true,
    build: async (_f, side, role) => ({ url: '/api/v1/payments?pageSize=200', listed: await paidPayment(side, role) }),
  },
  'GET /api/v1/payments/stats': {
    who: PAYMENT_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/payments/stats?from=2026-01-01&to=2026-12-31&organizationId=${org(side).id}` }),
  },
  'GET /api/v1/payments/{id}': {
    who: PAYMENT_READERS_AND_DRIVERS,
    scoped: true,
    build: async (_f, side, role) => ({ url: `/api/v1/payments/${await paidPayment(side, role)}` }),
  },
  'POST /api/v1/payments/{id}/refunds': {
    who: PAYMENT_WRITERS,
    scoped: true,
    build: async (_f, side, role) => ({
      url: `/api/v1/payments/${await paidPayment(side, role)}/refunds`,
      body: { amountMinor: 100, reason: 'matrix', receiptNumber: 'RF-1' },
    }),
  },

  'GET /api/v1/gateway-configs': {
    who: GATEWAY_ADMINS,
    scoped: true,
    build: async (_f, side) => ({ url: '/api/v1/gateway-configs', listed: await freshGatewayConfig(side) }),
  },
  'POST /api/v1/gateway-configs': {
    who: GATEWAY_ADMINS,
    scoped: true,
    build: (_f, side) => ({
      url: '/api/v1/gateway-configs',
      body: { organizationId: org(side).id, gateway: 'manual', label: `Cash ${unique()}` },
    }),
  },
  'GET /api/v1/gateway-configs/{id}': {
    who: GATEWAY_ADMINS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/gateway-configs/${await freshGatewayConfig(side)}` }),
  },
  'PATCH /api/v1/gateway-configs/{id}': {
    who: GATEWAY_ADMINS,
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/gateway-configs/${await freshGatewayConfig(side)}`,
      body: { label: 'Matrix cash' },
    }),
  },
  'DELETE /api/v1/gateway-configs/{id}': {
    who: GATEWAY_ADMINS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/gateway-configs/${await freshGatewayConfig(side)}` }),
  },

  'GET /api/v1/payment-settings/{organizationId}': {
    who: PAYMENT_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/payment-settings/${org(side).id}` }),
  },
  'PUT /api/v1/payment-settings/{organizationId}': {
    who: PAYMENT_WRITERS,
    scoped: true,
    // A new sub-organization's settings, so the side's own limits (its wallets' top-ups) stay as they are.
    build: async (_f, side) => ({
      url: `/api/v1/payment-settings/${(await makeOrganization(t.db, { parentId: org(side).id })).id}`,
      body: {
        preauthAmountMinor: 0,
        walletNegativeLimitMinor: 50_000,
        walletTopUpMaxMinor: 2_000_000,
        walletLowBalanceMinor: 10_000,
      },
    }),
  },

  'GET /api/v1/wallets': {
    who: PAYMENT_READERS,
    scoped: true,
    // Filtered to the new wallet's driver: the matrix opens many wallets, and the list is by driver name.
    build: async (_f, side, role) => {
      const walletId = await freshWallet(side, role);
      const [wallet] = (
        (await t.db.execute(sql`SELECT user_id FROM wallets WHERE id = ${walletId}`)) as unknown as {
          rows: { user_id: string }[];
        }
      ).rows;
      return { url: `/api/v1/wallets?pageSize=200&userId=${wallet!.user_id}`, listed: walletId };
    },
  },
  'POST /api/v1/wallets': {
    who: PAYMENT_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: '/api/v1/wallets', body: { userId: (await cardDriver(side)).id, currency: 'LKR' } }),
  },
  'GET /api/v1/wallets/{id}': {
    who: PAYMENT_READERS_AND_DRIVERS,
    scoped: true,
    build: async (_f, side, role) => ({ url: `/api/v1/wallets/${await freshWallet(side, role)}` }),
  },
  'POST /api/v1/wallets/{id}/top-ups': {
    who: PAYMENT_WRITERS_AND_DRIVERS,
    scoped: true,
    build: async (_f, side, role) => ({
      url: `/api/v1/wallets/${await freshWallet(side, role)}/top-ups`,
      body: { amountMinor: 100 },
    }),
  },
  'POST /api/v1/wallets/{id}/adjustments': {
    who: PAYMENT_WRITERS,
    scoped: true,
    build: async (_f, side) => ({
      url: `/api/v1/wallets/${await freshWallet(side, 'admin')}/adjustments`,
      body: { amountMinor: 100, reason: 'Matrix check' },
    }),
  },
  'POST /api/v1/wallets/{id}/refunds': {
    who: PAYMENT_WRITERS,
    scoped: true,
    build: async (_f, side) => {
      const { walletId, sessionId } = await debitedWallet(side);
      return { url: `/api/v1/wallets/${walletId}/refunds`, body: { sessionId, amountMinor: 100, reason: 'Matrix check' } };
    },
  },
  'GET /api/v1/me/wallets': {
    who: ['driver'],
    scoped: false,
    build: async (_f, side, role) => ({ url: '/api/v1/me/wallets', listed: await freshWallet(side, role) }),
  },
  'POST /api/v1/me/wallet/top-ups': {
    who: ['driver'],
    scoped: false,
    build: () => ({ url: '/api/v1/me/wallet/top-ups', body: { amountMinor: 100 } }),
  },

  /** finance:read, and only for a location owner's own chargers: everyone else with finance:read gets 403 NOT_A_LOCATION_OWNER. */
  'GET /api/v1/earnings': {
    who: ['location_owner'],
    scoped: false,
    build: () => ({ url: '/api/v1/earnings?from=2026-01-01&to=2026-01-31' }),
  },

  'GET /api/v1/analytics/revenue': {
    who: FINANCE_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/analytics/revenue?period=7d&organizationId=${org(side).id}` }),
  },
  'GET /api/v1/analytics/summary': {
    who: FINANCE_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/analytics/summary?organizationId=${org(side).id}` }),
  },
  'GET /api/v1/analytics/timeseries': {
    who: FINANCE_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/analytics/timeseries?bucket=week&organizationId=${org(side).id}` }),
  },

  'GET /api/v1/alerts': {
    who: ALERT_READERS,
    scoped: true,
    build: async (_f, side, role) => ({ url: '/api/v1/alerts?pageSize=200', listed: await freshAlert(side, role) }),
  },
  'GET /api/v1/alerts/counts': { who: ALERT_READERS, scoped: false, build: () => ({ url: '/api/v1/alerts/counts' }) },
  'GET /api/v1/alerts/{id}': {
    who: ALERT_READERS,
    scoped: true,
    build: async (_f, side, role) => ({ url: `/api/v1/alerts/${await freshAlert(side, role)}` }),
  },
  'POST /api/v1/alerts/{id}/acknowledge': {
    who: ALERT_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/alerts/${await freshAlert(side)}/acknowledge`, body: { note: 'On it' } }),
  },
  'POST /api/v1/alerts/{id}/resolve': {
    who: ALERT_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/alerts/${await freshAlert(side)}/resolve`, body: {} }),
  },
  'GET /api/v1/alert-rules': {
    who: ALERT_RULE_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/alert-rules?organizationId=${org(side).id}` }),
  },
  'PUT /api/v1/alert-rules/{ruleType}': {
    who: ALERT_WRITERS,
    scoped: true,
    build: (_f, side) => ({
      url: '/api/v1/alert-rules/connector_stuck',
      body: {
        organizationId: org(side).id,
        enabled: true,
        severity: 'warning',
        thresholds: { minutes: 30 },
        escalateAfterMinutes: null,
      },
    }),
  },
  'GET /api/v1/maintenance-windows': {
    who: ALERT_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: '/api/v1/maintenance-windows', listed: await freshWindow(side) }),
  },
  'POST /api/v1/maintenance-windows': {
    who: ALERT_WRITERS,
    scoped: true,
    build: (_f, side) => ({
      url: '/api/v1/maintenance-windows',
      body: {
        chargerId: charger(side).id,
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        reason: 'Matrix',
      },
    }),
  },
  'DELETE /api/v1/maintenance-windows/{id}': {
    who: ALERT_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/maintenance-windows/${await freshWindow(side)}` }),
  },
  'GET /api/v1/notifications': { who: EVERYONE, scoped: false, build: () => ({ url: '/api/v1/notifications' }) },
  'GET /api/v1/me/messages': { who: EVERYONE, scoped: false, build: () => ({ url: '/api/v1/me/messages' }) },

  'GET /api/v1/driver-messages': {
    who: MESSAGE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: '/api/v1/driver-messages?pageSize=200', listed: await freshMessage(side) }),
  },
  'POST /api/v1/driver-messages': {
    who: MESSAGE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({
      url: '/api/v1/driver-messages',
      body: {
        organizationId: org(side).id,
        category: 'service',
        title: 'Matrix',
        body: 'Matrix',
        channels: [],
        audience: { kind: 'drivers', userIds: [(await freshDriver(side)).id] },
      },
    }),
  },
  'POST /api/v1/driver-messages/preview': {
    who: MESSAGE_WRITERS,
    scoped: true,
    build: (_f, side) => ({
      url: '/api/v1/driver-messages/preview',
      body: { organizationId: org(side).id, category: 'marketing', audience: { kind: 'organization' } },
    }),
  },
  'GET /api/v1/driver-messages/options': {
    who: MESSAGE_WRITERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/driver-messages/options?organizationId=${org(side).id}` }),
  },
  'GET /api/v1/driver-messages/{id}': {
    who: MESSAGE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/driver-messages/${await freshMessage(side)}` }),
  },
  'POST /api/v1/driver-messages/{id}/cancel': {
    who: MESSAGE_WRITERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/driver-messages/${await freshMessage(side)}/cancel` }),
  },
  'GET /api/v1/notifications/unread-count': {
    who: EVERYONE,
    scoped: false,
    build: () => ({ url: '/api/v1/notifications/unread-count' }),
  },
  'POST /api/v1/notifications/{id}/read': {
    who: EVERYONE,
    scoped: false,
    build: async (_f, _side, role) => ({ url: `/api/v1/notifications/${await freshNotification(role)}/read` }),
  },
  'GET /api/v1/notifications/{id}/deliveries': {
    who: EVERYONE,
    scoped: false,
    build: async (_f, _side, role) => ({ url: `/api/v1/notifications/${await freshNotification(role)}/deliveries` }),
  },
  'GET /api/v1/me/notification-preferences': {
    who: EVERYONE,
    scoped: false,
    build: () => ({ url: '/api/v1/me/notification-preferences' }),
  },
  'PUT /api/v1/me/notification-preferences': {
    who: EVERYONE,
    scoped: false,
    build: () => ({
      url: '/api/v1/me/notification-preferences',
      body: {
        channels: ['email'],
        alertTypes: null,
        quietHoursStart: '22:00',
        quietHoursEnd: '06:30',
        timeZone: 'Asia/Colombo',
        digest: 'off',
        marketingOptOut: false,
      },
    }),
  },
  'POST /api/v1/notifications/read-all': {
    who: EVERYONE,
    scoped: false,
    build: () => ({ url: '/api/v1/notifications/read-all' }),
  },

  'POST /api/v1/stream/ticket': { who: MONITORING, scoped: false, build: () => ({ url: '/api/v1/stream/ticket' }) },
  'GET /api/v1/live/summary': { who: MONITORING, scoped: false, build: () => ({ url: '/api/v1/live/summary' }) },
  'GET /api/v1/live/chargers': { who: MONITORING, scoped: false, build: () => ({ url: '/api/v1/live/chargers' }) },
  'GET /api/v1/live/attention': { who: MONITORING, scoped: false, build: () => ({ url: '/api/v1/live/attention' }) },
  'GET /api/v1/chargers/{id}/status-history': {
    who: NETWORK_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/chargers/${charger(side).id}/status-history` }),
  },
  'GET /api/v1/chargers/{id}/messages': {
    who: MONITORING,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/chargers/${charger(side).id}/messages` }),
  },
  'GET /api/v1/sessions': {
    who: TRANSACTION_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: '/api/v1/sessions?pageSize=200', listed: await settledSession(side) }),
  },
  'GET /api/v1/sessions/{id}': {
    who: TRANSACTION_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: `/api/v1/sessions/${await settledSession(side)}` }),
  },
  'GET /api/v1/me/sessions': { who: ['driver'], scoped: false, build: () => ({ url: '/api/v1/me/sessions' }) },
  // Only the driver's own settled sessions: anyone else's is 404 to a driver.
  'GET /api/v1/me/sessions/{id}/receipt.pdf': {
    who: ['driver'],
    scoped: true,
    build: async (_f, side, role) => {
      const id = await settledSession(side);
      if (role === 'driver' && side === 'own')
        await t.db.update(chargingSessions).set({ userId: f.users.driver.id }).where(eq(chargingSessions.id, id));
      return { url: `/api/v1/me/sessions/${id}/receipt.pdf` };
    },
  },
  'GET /api/v1/transactions': {
    who: TRANSACTION_READERS,
    scoped: true,
    build: async (_f, side) => ({ url: '/api/v1/transactions?pageSize=200', listed: await settledSession(side) }),
  },
  'GET /api/v1/transactions/summary': {
    who: TRANSACTION_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/transactions/summary?organizationId=${org(side).id}` }),
  },
  'GET /api/v1/transactions/export': {
    who: TRANSACTION_READERS,
    scoped: true,
    build: (_f, side) => ({ url: `/api/v1/transactions/export?format=csv&organizationId=${org(side).id}` }),
  },
  'GET /api/v1/reports/catalogue': {
    who: REPORT_READERS,
    scoped: false,
    build: () => ({ url: '/api/v1/reports/catalogue' }),
  },
  'POST /api/v1/reports/preview': {
    who: REPORT_READERS,
    scoped: true,
    build: (_f, side) => ({ url: '/api/v1/reports/preview', body: reportOf(side) }),
  },
  'POST /api/v1/reports/export.csv': {
    who: REPORT_READERS,
    scoped: true,
    build: (_f, side) => ({ url: '/api/v1/reports/export.csv', body: reportOf(side) }),
  },
  'GET /api/v1/ui-config': { who: EVERYONE, scoped: false, build: () => ({ url: '/api/v1/ui-config' }) },

  // Web Push: every signed-in user, for their own browsers only (docs/web-push.md).
  'GET /api/v1/notifications/push/key': {
    who: EVERYONE,
    scoped: false,
    build: () => ({ url: '/api/v1/notifications/push/key' }),
  },
  'POST /api/v1/notifications/push/subscriptions': {
    who: EVERYONE,
    scoped: false,
    build: () => ({ url: '/api/v1/notifications/push/subscriptions', body: browserSubscription() }),
  },
  'DELETE /api/v1/notifications/push/subscriptions': {
    who: EVERYONE,
    scoped: false,
    build: () => ({ url: '/api/v1/notifications/push/subscriptions', body: { endpoint: browserSubscription().endpoint } }),
  },

  // Phones for mobile push: every signed-in user, their own devices only (docs/mobile-push.md).
  'GET /api/v1/me/mobile-devices': {
    who: EVERYONE,
    scoped: false,
    build: async (_f, _side, role) => ({ url: '/api/v1/me/mobile-devices', listed: await phoneOf(role) }),
  },
  'POST /api/v1/me/mobile-devices': {
    who: EVERYONE,
    scoped: false,
    build: () => ({ url: '/api/v1/me/mobile-devices', body: { token: fcmToken(), platform: 'android', label: 'Matrix' } }),
  },
  // The caller's own phone; another user's is 404 to everyone (notifications-mobile-push.test.ts).
  'DELETE /api/v1/me/mobile-devices/{id}': {
    who: EVERYONE,
    scoped: false,
    build: async (_f, _side, role) => ({ url: `/api/v1/me/mobile-devices/${await phoneOf(role)}` }),
  },
};

/** A registration token as Firebase gives one (never sent: the matrix server has no FCM). */
const fcmToken = () => `${randomBytes(16).toString('base64url')}:APA91b${randomBytes(100).toString('base64url')}`;

/** A phone registered to the matrix user of this role; its id. */
async function phoneOf(role: Role): Promise<string> {
  const [row] = await t.db
    .insert(mobileDevices)
    .values({ userId: f.users[role].id, fcmToken: fcmToken(), platform: 'ios' })
    .returning({ id: mobileDevices.id });
  return row!.id;
}

/** What PushSubscription.toJSON() gives, on a push service that is never called. */
function browserSubscription() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpoint: `https://push.example.test/${randomUUID()}`,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
  };
}

/** Signed out by design: the matrix checks they need no token. */
const PUBLIC = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  // Opened with a short-lived ticket from POST /stream/ticket (EventSource sends no header).
  'GET /api/v1/stream',
]);

/** Org-scoped callers: everything outside their organization tree (or assignment) must look absent. */
const SCOPED_ROLES = new Set<Role>(['cpo', 'location_owner', 'custom', 'site_custom', 'driver']);

beforeAll(async () => {
  cybersource = await startCyberSourceServer();
  t = await startTestServer();
  const orgA = await makeOrganization(t.db, { name: 'Matrix Own' });
  const orgB = await makeOrganization(t.db, { name: 'Matrix Foreign' });
  const siteA = await makeSite(t.db, orgA.id);
  const siteA2 = await makeSite(t.db, orgA.id);
  const siteB = await makeSite(t.db, orgB.id);
  const ownerA = await makeUser(t.db, 'location_owner', { organizationId: orgA.id });
  const ownerA2 = await makeUser(t.db, 'location_owner', { organizationId: orgA.id });
  const ownerB = await makeUser(t.db, 'location_owner', { organizationId: orgB.id });
  const chargerA = await makeCharger(t.db, siteA, { locationOwnerId: ownerA.id, locationOwnerShare: '0.05' });
  const chargerA2 = await makeCharger(t.db, siteA2, { locationOwnerId: ownerA2.id, locationOwnerShare: '0.05' });
  const chargerB = await makeCharger(t.db, siteB, { locationOwnerId: ownerB.id, locationOwnerShare: '0.05' });
  const roleA = await makeCustomRole(t.db, orgA.id, ['sites:read', 'chargers:read', 'monitoring:read'], [siteA.id]);
  const roleA2 = await makeCustomRole(t.db, orgA.id, ['sites:read', 'chargers:read'], [siteA2.id]);
  const roleB = await makeCustomRole(t.db, orgB.id, ['chargers:read']);
  const roleSite = await makeCustomRole(t.db, orgA.id, [...CUSTOM_ROLE_GRANTABLE], [siteA.id]);
  const users = {} as Record<Role, { id: string; email: string }>;
  const tokens = {} as Record<Role, string>;
  f = {
    orgA,
    orgB,
    siteA,
    siteA2,
    siteB,
    chargerA,
    chargerA2,
    chargerB,
    ownerA,
    ownerA2,
    ownerB,
    roleA,
    roleA2,
    roleB,
    roleSite,
    tokens,
    users,
  };
  for (const role of ROLES) {
    const user = role === 'location_owner' ? ownerA : await makeUser(t.db, userRole(role), userFields(role));
    users[role] = user;
    tokens[role] = await login(t.url, user.email);
  }
  for (const { id } of [orgA, orgB])
    await gatewayConfig(t.db, {
      organizationId: id,
      gateway: 'cybersource',
      baseUrl: cybersource.url,
      credentials: CYBERSOURCE_CREDENTIALS,
    });
  // The matrix driver tops up its own wallet with the card on its RFID card.
  await putCardOnFile(t.db, (await makeToken(t.db, orgA.id, { userId: users.driver.id })).id, 'cybersource', `tms_${unique()}`);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await cybersource?.close();
});

async function documentedRoutes(): Promise<string[]> {
  const document = (await apiClient(t.url).get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
}

const userRole = (role: Role) => (role === 'site_custom' ? 'custom' : role);
function userFields(role: Role) {
  if (role === 'custom') return { organizationId: f.orgA.id, customRoleId: f.roleA.id };
  if (role === 'site_custom') return { organizationId: f.orgA.id, customRoleId: f.roleSite.id };
  return PLATFORM.includes(role) ? {} : { organizationId: f.orgA.id };
}

async function tokenFor(key: string, role: Role): Promise<string> {
  if (key !== 'POST /api/v1/me/password') return f.tokens[role];
  const user = await makeUser(t.db, userRole(role), userFields(role));
  return login(t.url, user.email);
}

type Expectation = 'forbidden' | 'reach' | 'absent';

/** The sides a role is checked on, and what it must meet there. */
function casesOf(key: string, endpoint: Endpoint, role: Role): [Side, Expectation][] {
  if (role !== 'site_custom') {
    const sides: Side[] = endpoint.scoped ? ['own', 'foreign'] : ['own'];
    return sides.map((side) => [
      side,
      !endpoint.who.includes(role) ? 'forbidden' : side === 'own' || !SCOPED_ROLES.has(role) ? 'reach' : 'absent',
    ]);
  }
  const rule = SITE_LIMITED_RULES[key];
  const sides: Side[] = !endpoint.scoped ? ['own'] : rule === 'organization' ? ['own', 'foreign'] : ['own', 'sibling', 'foreign'];
  return sides.map((side) => [side, rule === 'refused' ? 'forbidden' : rule === 'absent' || side !== 'own' ? 'absent' : 'reach']);
}

describe('authorization matrix', () => {
  it('every documented endpoint has a row here (a new endpoint without a rule fails)', async () => {
    const missing = (await documentedRoutes()).filter((route) => !ENDPOINTS[route] && !PUBLIC.has(route));
    expect(missing).toEqual([]);
  });

  it('every row is a real endpoint', async () => {
    const routes = new Set(await documentedRoutes());
    expect(Object.keys(ENDPOINTS).filter((key) => !routes.has(key))).toEqual([]);
    expect(Object.keys(SITE_LIMITED_RULES).filter((key) => !ENDPOINTS[key])).toEqual([]);
  });

  it('no signed-in endpoint answers without a token', async () => {
    for (const key of Object.keys(ENDPOINTS)) {
      const [method, path] = key.split(' ') as [string, string];
      const url = path.replace(/\{[^}]+\}/g, randomUUID());
      const response = await apiClient(t.url).request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect(response.status, key).toBe(401);
    }
  });

  for (const [key, endpoint] of Object.entries(ENDPOINTS)) {
    const [method] = key.split(' ') as [string, string];
    for (const role of ROLES) {
      for (const [side, expected] of casesOf(key, endpoint, role)) {
        const allowed = expected !== 'forbidden';
        const reachable = expected === 'reach';
        const expectation = !allowed
          ? '403'
          : reachable
            ? '2xx'
            : method === 'GET'
              ? '404 / not listed'
              : 'refused (403/404/422)';
        it(`${key} as ${role} on ${side} data → ${expectation}`, async () => {
          const built = await endpoint.build(f, side, role);
          const client = apiClient(t.url, await tokenFor(key, role));
          const response = await client.request(method, built.url, built.body);
          const context = `${key} as ${role} (${side}): ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
          if (!allowed) {
            expect(response.status, context).toBe(403);
            return;
          }
          if (built.listed && method === 'GET') {
            expect(response.status, context).toBe(200);
            const ids = (Array.isArray(response.body) ? response.body : (response.body.items ?? response.body.custom ?? [])).map(
              (item: { id: string }) => item.id,
            );
            expect(ids.includes(built.listed), context).toBe(reachable);
            return;
          }
          if (reachable) expect(response.status, context).toBeGreaterThanOrEqual(200);
          if (reachable) expect(response.status, context).toBeLessThan(300);
          if (!reachable && method === 'GET') expect(response.status, context).toBe(404);
          if (!reachable && method !== 'GET') expect([403, 404, 422], context).toContain(response.status);
        });
      }
    }
  }
});
