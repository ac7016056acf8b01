import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Db } from '../../src/db/client.js';
import { chargingSessions, commissionContracts, meterSamples } from '../../src/db/schema/index.js';
import { ENERGY_REGISTER } from '../../src/domain/meter.js';
import { settleStoppedSession } from '../../src/modules/settlement/service.js';
import { makeCharger, makeOrganization, makeSite, makeUser } from './factories.js';
import type { ApiClient } from './http.js';

export const ZONE = 'Asia/Colombo';
export const DAY = '2026-03-10';
/** A Colombo wall-clock time on DAY as an instant. */
export const local = (time: string, day = DAY) => DateTime.fromISO(`${day}T${time}`, { zone: ZONE }).toJSDate();

export const WORKED_EXAMPLE_ELEMENTS = [
  {
    price_components: [{ type: 'ENERGY', price: '120.00', step_size: 0 }],
    restrictions: { start_time: '18:30', end_time: '22:30' },
  },
  {
    price_components: [
      { type: 'ENERGY', price: '90.00', step_size: 0 },
      { type: 'FLAT', price: '50.00', step_size: 0 },
    ],
  },
];

export interface WorkedExampleOptions {
  organization?: Parameters<typeof makeOrganization>[1];
  contract?: Partial<typeof commissionContracts.$inferInsert>;
  charger?: Parameters<typeof makeCharger>[2];
}

/**
 * The worked-example organization of docs/finance.md §13: its CH-2 with a 5 % location owner and the peak/off-peak
 * tariff; `options` adds to (or overrides) the organization, its contract and the charger.
 */
export async function workedExampleOrganization(db: Db, accounts: ApiClient, options: WorkedExampleOptions = {}) {
  const org = await makeOrganization(db, {
    currency: 'LKR',
    timeZone: ZONE,
    taxes: [
      { name: 'SSCL', rate: '0.025', compound: false },
      { name: 'VAT', rate: '0.18', compound: true },
    ],
    energyCostPerKwh: '45.00',
    gatewayCharges: [{ gateway: 'cybersource', percent: '0.025', fixed: 0 }],
    ...options.organization,
  });
  await db.insert(commissionContracts).values({
    organizationId: org.id,
    name: 'Platform 10 %',
    kind: 'percent_of_net',
    percent: '0.10',
    effectiveFrom: '2020-01-01',
    ...options.contract,
  });
  const site = await makeSite(db, org.id, { timeZone: ZONE });
  const owner = await makeUser(db, 'location_owner', { organizationId: org.id });
  const charger = await makeCharger(db, site, {
    name: 'CH-2',
    locationOwnerId: owner.id,
    locationOwnerShare: '0.05',
    ...options.charger,
  });
  const tariff = await accounts.post('/api/v1/tariffs', {
    organizationId: org.id,
    name: 'Peak / off-peak',
    currency: 'LKR',
    elements: WORKED_EXAMPLE_ELEMENTS,
    validFrom: '2020-01-01T00:00:00Z',
  });
  if (tariff.status !== 201) throw new Error(`tariff: ${tariff.status} ${JSON.stringify(tariff.body)}`);
  return { org, site, owner, charger, tariffId: tariff.body.id as string };
}

export interface RecordedSessionInput {
  organizationId: string;
  siteId: string;
  chargerId: string;
  /** [instant, cumulative Wh]; the first is the start, the last the stop (both as meter start/stop). */
  readings: [Date, number][];
  /** Plug-out, when later than the last reading. */
  stoppedAt?: Date;
  idTokenId?: string;
  userId?: string;
}

/** The worked example's readings: 0 Wh at 17:50, 14 000 at 18:30, 27 500 at 19:10. */
export const workedExampleReadings = (day = DAY): [Date, number][] => [
  [local('17:50', day), 0],
  [local('18:30', day), 14_000],
  [local('19:10', day), 27_500],
];

/** A completed session as the OCPP layer stores it (session row + register samples), then settled as at its stop. */
export async function settledSession(db: Db, input: RecordedSessionInput): Promise<string> {
  const [first] = input.readings;
  const [lastAt, lastWh] = input.readings.at(-1)!;
  const stoppedAt = input.stoppedAt ?? lastAt;
  const [session] = await db
    .insert(chargingSessions)
    .values({
      organizationId: input.organizationId,
      siteId: input.siteId,
      chargerId: input.chargerId,
      idTokenId: input.idTokenId ?? null,
      userId: input.userId ?? null,
      protocol: 'ocpp1.6',
      transactionId: `P-${randomUUID().slice(0, 8)}`,
      connectorId: 1,
      status: 'completed',
      startedAt: first![0],
      stoppedAt,
      meterStartWh: first![1],
      meterStopWh: lastWh,
      energyWh: lastWh - first![1],
      lastActivityAt: stoppedAt,
      closedBy: 'charger',
    })
    .returning();
  await db.insert(meterSamples).values(
    input.readings.map(([at, wh]) => ({
      chargerId: input.chargerId,
      sessionId: session!.id,
      connectorId: 1,
      at,
      measurand: ENERGY_REGISTER,
      value: String(wh),
      unit: 'Wh',
    })),
  );
  const settled = await settleStoppedSession(db, session!.id);
  if (!settled) throw new Error('the session did not settle');
  return session!.id;
}

export interface FlatPricedNetworkFields {
  currency: string;
  timeZone: string;
  /** The energy price per kWh in major units, e.g. '100.00'. */
  price: string;
  /** Simple (not compound) taxes. */
  taxes?: { name: string; rate: string }[];
}

/** An organization with a 10 % platform contract, a flat energy tariff and one site on its clock. */
export async function flatPricedNetwork(db: Db, accounts: ApiClient, fields: FlatPricedNetworkFields) {
  const org = await makeOrganization(db, {
    currency: fields.currency,
    timeZone: fields.timeZone,
    taxes: (fields.taxes ?? []).map((tax) => ({ ...tax, compound: false })),
  });
  await db.insert(commissionContracts).values({
    organizationId: org.id,
    name: 'Platform 10 %',
    kind: 'percent_of_net',
    percent: '0.10',
    effectiveFrom: '2020-01-01',
  });
  const tariff = await accounts.post('/api/v1/tariffs', {
    organizationId: org.id,
    name: `Flat energy ${fields.currency}`,
    currency: fields.currency,
    elements: [{ price_components: [{ type: 'ENERGY', price: fields.price, step_size: 0 }] }],
    validFrom: '2020-01-01T00:00:00Z',
  });
  if (tariff.status !== 201) throw new Error(`tariff: ${tariff.status} ${JSON.stringify(tariff.body)}`);
  const site = await makeSite(db, org.id, { timeZone: fields.timeZone });
  return { org, site };
}
