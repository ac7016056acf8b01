import { DateTime } from 'luxon';
import type { Executor } from '../../db/client.js';
import type { StoredPriceLine } from '../../db/schema/index.js';
import { chooseCampaign } from '../../domain/finance/campaign.js';
import type { CommissionContract } from '../../domain/finance/commission.js';
import { idleSecondsOf } from '../../domain/finance/idle-time.js';
import { type Posting, sessionPostings } from '../../domain/finance/ledger.js';
import { billingPeriodFor } from '../../domain/finance/periods.js';
import { type PricedSession, priceSession } from '../../domain/finance/price-session.js';
import { sessionReadings } from '../../domain/finance/session-readings.js';
import type { MeterReading } from '../../domain/finance/session-timeline.js';
import { type GatewayTerms, settleSession } from '../../domain/finance/settlement.js';
import { resolveTariff } from '../../domain/finance/tariff-assignment.js';
import { effectivePaymentMethod } from '../../domain/payment-gateways.js';
import { sessionPaymentMethods } from '../payment-methods/queries.js';
import { organizationCampaigns } from '../campaigns/queries.js';
import { organizationTariffs, type TariffRow } from '../tariffs/queries.js';
import {
  contractInForce,
  organizationWhEndedBefore,
  registerReadings,
  type SettlementInsert,
  type SettlementRow,
  sessionForSettlement,
} from './queries.js';

/** Every money figure a settlement stores (minor units): what the API returns as integers and an adjustment compares. */
export const SETTLEMENT_MONEY_FIELDS = [
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
export type SettlementMoneyField = (typeof SETTLEMENT_MONEY_FIELDS)[number];

/** The money figures of a stored settlement as JSON-safe integers. */
export function moneyFigures(row: Record<SettlementMoneyField, bigint>): Record<SettlementMoneyField, number> {
  return Object.fromEntries(SETTLEMENT_MONEY_FIELDS.map((k) => [k, Number(row[k])])) as Record<SettlementMoneyField, number>;
}

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

/** Readings the timeline refuses (already flagged PRICING_FAILED) give no idle time rather than no settlement. */
function idleOrZero(readings: MeterReading[], stoppedAt: Date): number {
  try {
    return idleSecondsOf(readings, stoppedAt);
  } catch {
    return 0;
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

/** What a settlement recorded about how the session was paid and hosted; a re-pricing keeps these. */
export interface RecordedParties {
  paymentMethod: string;
  locationOwnerId: string | null;
  locationOwnerShare: string | null;
}

export interface ComputedSettlement {
  values: SettlementInsert;
  postings: Posting[];
  /**
   * For a kWh-tier commission (it depends on the period's earlier sessions, so settling this one can move
   * later ones): the end of the billing period it counts in. Null otherwise.
   */
  tierPeriodEnd: Date | null;
}

/**
 * A settlement's pricing kept as it is (the tariff lines, discount, net, energy and idle time), for a
 * recomputation that may only move what depends on other sessions: the kWh-tier commission.
 */
export type KeptPricing = Pick<
  SettlementRow,
  | 'lines'
  | 'linesTotalMinor'
  | 'discountMinor'
  | 'netMinor'
  | 'energyWh'
  | 'idleSeconds'
  | 'campaignId'
  | 'tariffId'
  | 'tariffVersion'
  | 'flags'
>;

function keptPricing(keep: KeptPricing): Pricing {
  return {
    lines: [],
    linesTotalMinor: keep.linesTotalMinor,
    discountMinor: keep.discountMinor,
    netMinor: keep.netMinor,
    energyWh: keep.energyWh,
    flags: keep.flags.filter((flag) => flag !== 'NO_CONTRACT'),
  };
}

/**
 * Pricing, taxes and settlement of a stopped session (docs/finance.md §2–§6): the one function that
 * computes a settlement's figures, used both when a session stops and when it is explicitly re-priced.
 * Reads only; the caller writes. Null when the session is not a completed one.
 */
export async function computeSettlement(
  db: Executor,
  sessionId: string,
  recorded?: RecordedParties,
  keep?: KeptPricing,
): Promise<ComputedSettlement | null> {
  const ctx = await sessionForSettlement(db, sessionId);
  const stoppedAt = ctx?.session.stoppedAt;
  if (!ctx || !stoppedAt || ctx.session.status !== 'completed') return null;
  const { session, organization: org } = ctx;
  let pricing: Pricing;
  let priced: { lines: StoredPriceLine[]; tariff: Pick<TariffRow, 'id' | 'version'> | null; campaignId: string | null };
  let idleSeconds: number;
  if (keep) {
    pricing = keptPricing(keep);
    priced = {
      lines: keep.lines,
      tariff: keep.tariffId ? { id: keep.tariffId, version: keep.tariffVersion ?? 1 } : null,
      campaignId: keep.campaignId,
    };
    idleSeconds = keep.idleSeconds;
  } else {
    const readings = sessionReadings({ ...session, stoppedAt }, await registerReadings(db, sessionId));
    const place = {
      organizationId: org.id,
      siteId: session.siteId,
      chargerId: session.chargerId,
      connectorId: session.connectorId,
    };
    const tariff = resolveTariff(await organizationTariffs(db, org.id), place, session.startedAt);
    pricing = priceOrFlag(tariff, readings, ctx.siteTimeZone, stoppedAt, org.currency);
    const campaign = chooseCampaign(await organizationCampaigns(db, org.id), session, pricing.linesTotalMinor);
    if (campaign && campaign.discountMinor > 0n) {
      pricing.discountMinor = campaign.discountMinor;
      pricing.netMinor = pricing.linesTotalMinor - campaign.discountMinor;
    }
    const hasTariff = !pricing.flags.includes('NO_TARIFF');
    priced = {
      lines: pricing.lines.map(storedLine),
      tariff: hasTariff && tariff ? tariff : null,
      campaignId: pricing.discountMinor > 0n ? (campaign?.campaign.id ?? null) : null,
    };
    idleSeconds = idleOrZero(readings, stoppedAt);
  }

  const endDate = DateTime.fromJSDate(stoppedAt, { zone: org.timeZone }).toISODate()!;
  const contract = await contractInForce(db, org.id, endDate);
  if (!contract) pricing.flags.push('NO_CONTRACT');
  const commission = commissionOf(contract);
  const period = billingPeriodFor(stoppedAt, { cycle: org.billingCycle, billingDay: org.billingDay, timeZone: org.timeZone });
  // docs/finance.md §5: the period's kWh of the sessions that ended before this one, by end time then session id.
  const earlierWh =
    commission.kind === 'kwh_tiers' ? await organizationWhEndedBefore(db, org.id, period.start, stoppedAt, sessionId) : 0;

  const paymentMethod =
    recorded?.paymentMethod ??
    effectivePaymentMethod(await sessionPaymentMethods(db, session.idTokenId, session.userId)).effectiveGateway;
  const charge = org.gatewayCharges.find((g) => g.gateway === paymentMethod);
  const gateway: GatewayTerms | null = charge
    ? { gateway: charge.gateway, percent: charge.percent, fixedMinor: BigInt(charge.fixed) }
    : null;
  const ownerId = recorded ? recorded.locationOwnerId : ctx.locationOwnerId;
  const ownerShare = recorded ? recorded.locationOwnerShare : ctx.locationOwnerShare;
  const hasOwner = ownerId !== null && ownerShare !== null;

  const s = settleSession({
    currency: org.currency,
    netMinor: pricing.netMinor,
    energyWh: pricing.energyWh,
    taxes: org.taxes,
    gateway,
    gatewayFeeBearer: org.gatewayFeeBearer,
    commission,
    organizationWhEarlierInPeriod: earlierWh,
    locationOwnerShare: hasOwner ? ownerShare : null,
    energyCostPerKwh: org.energyCostPerKwh,
  });
  const values: SettlementInsert = {
    sessionId,
    organizationId: org.id,
    siteId: session.siteId,
    chargerId: session.chargerId,
    currency: org.currency,
    timeZone: ctx.siteTimeZone,
    startedAt: session.startedAt,
    stoppedAt,
    energyWh: s.energyWh,
    idleSeconds,
    tariffId: priced.tariff?.id ?? null,
    tariffVersion: priced.tariff?.version ?? null,
    flags: pricing.flags,
    lines: priced.lines,
    linesTotalMinor: pricing.linesTotalMinor,
    discountMinor: pricing.discountMinor,
    campaignId: priced.campaignId,
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
    locationOwnerId: hasOwner ? ownerId : null,
    locationOwnerShare: hasOwner ? ownerShare : null,
    locationOwnerCommissionMinor: s.locationOwnerCommissionMinor,
    partnerShareMinor: s.partnerShareMinor,
    energyCostMinor: s.energyCostMinor,
    marginMinor: s.marginMinor,
  };
  return {
    values,
    postings: sessionPostings(s, paymentMethod),
    tierPeriodEnd: commission.kind === 'kwh_tiers' ? period.end : null,
  };
}
