import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';
import type { StoredPriceLine } from '../../db/schema/index.js';
import type { CommissionContract } from '../../domain/finance/commission.js';
import { sessionPostings } from '../../domain/finance/ledger.js';
import { billingPeriodFor } from '../../domain/finance/periods.js';
import { type PricedSession, priceSession } from '../../domain/finance/price-session.js';
import { sessionReadings } from '../../domain/finance/session-readings.js';
import type { MeterReading } from '../../domain/finance/session-timeline.js';
import { type GatewayTerms, settleSession } from '../../domain/finance/settlement.js';
import { resolveTariff } from '../../domain/finance/tariff-assignment.js';
import type { Scope } from '../../domain/scope.js';
import { notFound } from '../../errors.js';
import { addToDailyRollup, settlementFigures } from '../analytics/rollups.js';
import { organizationTariffs, type TariffRow } from '../tariffs/queries.js';
import {
  contractInForce,
  insertPostings,
  insertSettlement,
  organizationWhBetween,
  paymentMethodOf,
  postingsOfSession,
  sessionForSettlement,
  registerReadings,
  type SettlementRow,
  settlementInScope,
} from './queries.js';

type Pricing = Pick<PricedSession, 'lines' | 'linesTotalMinor' | 'discountMinor' | 'netMinor' | 'energyWh'> & { flags: string[] };

/** A session no tariff can price still settles (net 0), flagged for review rather than lost. */
function priceOrFlag(
  tariff: TariffRow | null,
  readings: MeterReading[],
  timeZone: string,
  stoppedAt: Date,
  currency: string,
): Pricing {
  const energyWh = readings.at(-1)!.wh - readings[0]!.wh;
  const unpriced = (flag: string): Pricing => ({
    lines: [],
    linesTotalMinor: 0n,
    discountMinor: 0n,
    netMinor: 0n,
    energyWh,
    flags: [flag],
  });
  if (!tariff) return unpriced('NO_TARIFF');
  if (tariff.currency !== currency) return unpriced('TARIFF_CURRENCY_MISMATCH');
  try {
    return { ...priceSession(tariff, readings, { timeZone, endedAt: stoppedAt }), flags: [] };
  } catch {
    return unpriced('PRICING_FAILED');
  }
}

function commissionOf(contract: Awaited<ReturnType<typeof contractInForce>>): CommissionContract {
  if (!contract) return { kind: 'percent_of_net', percent: '0' };
  if (contract.kind === 'per_kwh') return { kind: 'per_kwh', perKwh: contract.perKwh ?? '0' };
  if (contract.kind === 'kwh_tiers') return { kind: 'kwh_tiers', tiers: contract.tiers ?? [{ fromKwh: '0', percent: '0' }] };
  return { kind: 'percent_of_net', percent: contract.percent ?? '0' };
}

const storedLine = (line: PricedSession['lines'][number]): StoredPriceLine => ({
  elementIndex: line.elementIndex,
  type: line.type,
  unitPrice: line.unitPrice,
  quantityExact: line.quantity.toString(),
  quantity: line.quantity.toFixed(4),
  amountMinor: Number(line.amountMinor),
});

/**
 * FINANCE.md §3 for a stopped session, stored with its ledger postings in one transaction. Idempotent:
 * the first settlement of a session stands (unique per session), so a repeated stop settles once.
 */
export async function settleStoppedSession(db: Db, sessionId: string): Promise<SettlementRow | null> {
  const ctx = await sessionForSettlement(db, sessionId);
  const stoppedAt = ctx?.session.stoppedAt;
  if (!ctx || !stoppedAt || ctx.session.status !== 'completed') return null;
  const { session, organization: org } = ctx;
  const readings = sessionReadings({ ...session, stoppedAt }, await registerReadings(db, sessionId));
  const place = {
    organizationId: org.id,
    siteId: session.siteId,
    chargerId: session.chargerId,
    connectorId: session.connectorId,
  };
  const tariff = resolveTariff(await organizationTariffs(db, org.id), place, session.startedAt);
  const pricing = priceOrFlag(tariff, readings, ctx.siteTimeZone, stoppedAt, org.currency);

  const endDate = DateTime.fromJSDate(stoppedAt, { zone: org.timeZone }).toISODate()!;
  const contract = await contractInForce(db, org.id, endDate);
  if (!contract) pricing.flags.push('NO_CONTRACT');
  const commission = commissionOf(contract);
  const period = billingPeriodFor(stoppedAt, { cycle: org.billingCycle, billingDay: org.billingDay, timeZone: org.timeZone });
  const earlierWh = commission.kind === 'kwh_tiers' ? await organizationWhBetween(db, org.id, period.start, stoppedAt) : 0;

  const paymentMethod = (await paymentMethodOf(db, session.idTokenId, session.userId)) ?? 'manual';
  const charge = org.gatewayCharges.find((g) => g.gateway === paymentMethod);
  const gateway: GatewayTerms | null = charge
    ? { gateway: charge.gateway, percent: charge.percent, fixedMinor: BigInt(charge.fixed) }
    : null;
  const hasOwner = ctx.locationOwnerId !== null && ctx.locationOwnerShare !== null;

  const s = settleSession({
    currency: org.currency,
    netMinor: pricing.netMinor,
    energyWh: pricing.energyWh,
    taxes: org.taxes,
    gateway,
    gatewayFeeBearer: org.gatewayFeeBearer,
    commission,
    organizationWhEarlierInPeriod: earlierWh,
    locationOwnerShare: hasOwner ? ctx.locationOwnerShare : null,
    energyCostPerKwh: org.energyCostPerKwh,
  });
  const postings = sessionPostings(s, paymentMethod);

  return db.transaction(async (tx) => {
    const row = await insertSettlement(tx, {
      sessionId,
      organizationId: org.id,
      siteId: session.siteId,
      chargerId: session.chargerId,
      currency: org.currency,
      timeZone: ctx.siteTimeZone,
      startedAt: session.startedAt,
      stoppedAt,
      energyWh: s.energyWh,
      tariffId: pricing.flags.includes('NO_TARIFF') ? null : (tariff?.id ?? null),
      tariffVersion: pricing.flags.includes('NO_TARIFF') ? null : (tariff?.version ?? null),
      flags: pricing.flags,
      lines: pricing.lines.map(storedLine),
      linesTotalMinor: pricing.linesTotalMinor,
      discountMinor: pricing.discountMinor,
      netMinor: s.netMinor,
      taxLines: s.taxLines.map((t) => ({
        name: t.name,
        rate: t.rate.toFixed(),
        compound: t.compound,
        baseMinor: Number(t.baseMinor),
        amountMinor: Number(t.amountMinor),
      })),
      taxMinor: s.taxMinor,
      grossMinor: s.grossMinor,
      paymentMethod,
      gateway: s.gateway,
      gatewayFeeMinor: s.gatewayFeeMinor,
      gatewayFeeBearer: s.gatewayFeeBearer,
      commissionContractId: contract?.id ?? null,
      platformCommissionMinor: s.platformCommissionMinor,
      locationOwnerId: hasOwner ? ctx.locationOwnerId : null,
      locationOwnerShare: hasOwner ? ctx.locationOwnerShare : null,
      locationOwnerCommissionMinor: s.locationOwnerCommissionMinor,
      partnerShareMinor: s.partnerShareMinor,
      energyCostMinor: s.energyCostMinor,
      marginMinor: s.marginMinor,
    });
    if (!row) return null;
    await addToDailyRollup(tx, settlementFigures(row), org.timeZone);
    await insertPostings(
      tx,
      postings.map((p) => ({
        organizationId: org.id,
        sessionId,
        account: p.account,
        ref: p.ref ?? null,
        currency: org.currency,
        amountMinor: p.amountMinor,
        at: stoppedAt,
      })),
    );
    return row;
  });
}

const MINOR_FIELDS = [
  'linesTotalMinor',
  'discountMinor',
  'netMinor',
  'taxMinor',
  'grossMinor',
  'gatewayFeeMinor',
  'platformCommissionMinor',
  'locationOwnerCommissionMinor',
  'partnerShareMinor',
  'energyCostMinor',
  'marginMinor',
] as const;

/** GET /sessions/:id/settlement: the stored breakdown and its ledger postings; 404 outside scope. */
export async function getSessionSettlement(db: Db, scope: Scope, sessionId: string) {
  const row = await settlementInScope(db, sessionId, scope);
  if (!row) throw notFound('Settlement');
  const postings = await postingsOfSession(db, sessionId);
  const amounts = Object.fromEntries(MINOR_FIELDS.map((k) => [k, Number(row[k])])) as Record<
    (typeof MINOR_FIELDS)[number],
    number
  >;
  return {
    ...row,
    ...amounts,
    startedAt: row.startedAt.toISOString(),
    stoppedAt: row.stoppedAt.toISOString(),
    settledAt: row.settledAt.toISOString(),
    postings: postings.map((p) => ({ account: p.account, ref: p.ref, amountMinor: Number(p.amountMinor) })),
  };
}
