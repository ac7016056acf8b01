import { applyRate, type DecimalInput, type Minor, minMinor } from './money.js';
import { Ratio } from './ratio.js';

/** A discount campaign as pricing sees it: `percent` of the lines total, or a fixed amount off. */
export interface Campaign {
  id: string;
  name: string;
  /** null: every site of the organization. */
  siteId: string | null;
  kind: 'percent' | 'fixed';
  percent: DecimalInput | null;
  fixedMinor: Minor | null;
  validFrom: Date;
  /** Exclusive; null = open. */
  validTo: Date | null;
}

/**
 * What a campaign takes off a lines total: a percentage rounded half-up once (docs/finance.md §3), or the fixed
 * amount; never more than the total, so net never goes below zero.
 */
export function campaignDiscount(campaign: Pick<Campaign, 'kind' | 'percent' | 'fixedMinor'>, linesTotalMinor: Minor): Minor {
  if (linesTotalMinor <= 0n) return 0n;
  const raw = campaign.kind === 'percent' ? applyRate(linesTotalMinor, campaign.percent ?? '0') : (campaign.fixedMinor ?? 0n);
  return raw < 0n ? 0n : minMinor(raw, linesTotalMinor);
}

export function campaignInForce(campaign: Pick<Campaign, 'validFrom' | 'validTo'>, at: Date): boolean {
  const t = at.getTime();
  return campaign.validFrom.getTime() <= t && (campaign.validTo === null || t < campaign.validTo.getTime());
}

export interface CampaignChoice {
  campaign: Campaign;
  discountMinor: Minor;
}

/**
 * The campaign for a session: among those in force at its start, a campaign for its site wins over
 * organization-wide ones; among several, the one giving the driver the largest discount (ties: the
 * earliest start, then the id, so the choice never depends on row order).
 */
export function chooseCampaign(
  campaigns: readonly Campaign[],
  session: { siteId: string; startedAt: Date },
  linesTotalMinor: Minor,
): CampaignChoice | null {
  const inForce = campaigns.filter(
    (c) => (c.siteId === null || c.siteId === session.siteId) && campaignInForce(c, session.startedAt),
  );
  const siteSpecific = inForce.filter((c) => c.siteId !== null);
  const candidates = siteSpecific.length > 0 ? siteSpecific : inForce;
  let best: CampaignChoice | null = null;
  for (const campaign of candidates) {
    const discountMinor = campaignDiscount(campaign, linesTotalMinor);
    if (!best || discountMinor > best.discountMinor || (discountMinor === best.discountMinor && earlier(campaign, best.campaign)))
      best = { campaign, discountMinor };
  }
  return best;
}

function earlier(a: Campaign, b: Campaign): boolean {
  const diff = a.validFrom.getTime() - b.validFrom.getTime();
  return diff < 0 || (diff === 0 && a.id < b.id);
}

/** A percentage a campaign may carry: more than 0, at most 1 (100 %). */
export function isCampaignPercent(percent: DecimalInput): boolean {
  const rate = Ratio.fromDecimal(percent);
  return Ratio.ZERO.lessThan(rate) && !Ratio.ONE.lessThan(rate);
}
