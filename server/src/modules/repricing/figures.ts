import type { StoredPriceLine, StoredTaxLine } from '../../db/schema/index.js';
import { canonicalJson } from '../../domain/finance/adjustment.js';
import type { RollupFigures } from '../analytics/rollups.js';
import { moneyFigures, type SettlementMoneyField } from '../settlement/figures.js';
import type { SettlementInsert } from '../settlement/queries.js';

type MoneyField = SettlementMoneyField;

/** The priced figures of a settlement, JSON-safe (minor units as integers): what an adjustment records before and after. */
export interface SettlementFigures extends Record<MoneyField, number> {
  tariffId: string | null;
  tariffVersion: number | null;
  campaignId: string | null;
  commissionContractId: string | null;
  energyWh: number;
  idleSeconds: number;
  flags: string[];
  lines: StoredPriceLine[];
  taxLines: StoredTaxLine[];
  [key: string]: unknown;
}

export function figuresOf(s: SettlementInsert): SettlementFigures {
  const money = moneyFigures(s);
  return {
    tariffId: s.tariffId ?? null,
    tariffVersion: s.tariffVersion ?? null,
    campaignId: s.campaignId ?? null,
    commissionContractId: s.commissionContractId ?? null,
    energyWh: s.energyWh,
    idleSeconds: s.idleSeconds ?? 0,
    flags: s.flags ?? [],
    lines: s.lines,
    taxLines: s.taxLines,
    ...money,
  };
}

/**
 * Whether re-pricing would change anything a user sees or the books hold. The tariff version alone does
 * not count: a correction that leaves this session's prices as they were is no reason to adjust it.
 */
export function figuresDiffer(before: SettlementFigures, after: SettlementFigures): boolean {
  const { tariffVersion: _b, ...a } = before;
  const { tariffVersion: _a, ...b } = after;
  return canonicalJson(a) !== canonicalJson(b);
}

/** What the charger's day must gain (or lose) so its rollup matches the re-priced settlement: no new session. */
export function rollupDelta(
  row: Pick<RollupFigures, 'organizationId' | 'siteId' | 'chargerId' | 'currency' | 'stoppedAt'>,
  before: SettlementInsert,
  after: SettlementInsert,
): RollupFigures {
  const delta = (k: Exclude<MoneyField, 'linesTotalMinor' | 'discountMinor'>) => after[k] - before[k];
  return {
    organizationId: row.organizationId,
    siteId: row.siteId,
    chargerId: row.chargerId,
    currency: row.currency,
    stoppedAt: row.stoppedAt,
    sessions: 0,
    durationSeconds: 0,
    energyWh: after.energyWh - before.energyWh,
    idleSeconds: (after.idleSeconds ?? 0) - (before.idleSeconds ?? 0),
    netMinor: delta('netMinor'),
    taxMinor: delta('taxMinor'),
    grossMinor: delta('grossMinor'),
    gatewayFeeMinor: delta('gatewayFeeMinor'),
    platformCommissionMinor: delta('platformCommissionMinor'),
    locationOwnerCommissionMinor: delta('locationOwnerCommissionMinor'),
    partnerShareMinor: delta('partnerShareMinor'),
    energyCostMinor: delta('energyCostMinor'),
    marginMinor: delta('marginMinor'),
  };
}
