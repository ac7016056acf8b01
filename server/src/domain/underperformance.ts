/**
 * Whether a charger's or site's last `days` are underperforming (the alert rule `underperforming`):
 * utilization or net revenue below `percent` % of its 4-week baseline (scaled to `days`), or below an
 * absolute floor. Integer arithmetic only: amounts are minor units, times whole seconds.
 */

/** The baseline is the BASELINE_DAYS before the window. */
export const BASELINE_DAYS = 28;
/** A baseline of fewer settled sessions than this is too thin to compare with (a charger that barely ran). */
export const MIN_BASELINE_SESSIONS = 4;

export interface WindowFigures {
  recentSeconds: bigint;
  baseSeconds: bigint;
  recentNet: bigint;
  baseNet: bigint;
  baseSessions: bigint;
  /** Chargers the figures are of (a site: its chargers in service). */
  chargers: number;
  /** The currencies of the window's settled sessions (empty: no session, nothing earned). */
  recentCurrencies: ReadonlySet<string>;
  /** The currencies of the whole 5 weeks: the baseline compares revenue only when there is one. */
  currencies: ReadonlySet<string>;
}

export interface UnderperformanceRule {
  days: number;
  percent: number;
  /** 0 = off. */
  minUtilizationPercent: number;
  /** 0 = off; minor units of `currency`. */
  minNetRevenueMinor: bigint;
  /** The organization's currency, the floor's. */
  currency: string;
  /** Floors apply only to what was in service for the whole window (a new charger is not judged on half a week). */
  wholeWindow: boolean;
}

export interface Trips {
  utilizationBaseline: boolean;
  utilizationFloor: boolean;
  revenueBaseline: boolean;
  revenueFloor: boolean;
}

export const anyTrip = (t: Trips) => t.utilizationBaseline || t.utilizationFloor || t.revenueBaseline || t.revenueFloor;

/** Which tests trip for these figures under this rule. */
export function underperformance(f: WindowFigures, rule: UnderperformanceRule): Trips {
  const d = BigInt(rule.days);
  const p = BigInt(rule.percent);
  const hasBaseline = f.baseSessions >= BigInt(MIN_BASELINE_SESSIONS);
  // recent / (base × days / 28) < percent / 100  ⇔  recent × 28 × 100 < percent × base × days
  const belowBaseline = (recent: bigint, base: bigint) =>
    hasBaseline && base > 0n && recent * BigInt(BASELINE_DAYS) * 100n < p * base * d;
  const windowSeconds = d * 86_400n * BigInt(Math.max(1, f.chargers));
  const [only] = [...f.currencies];
  const [recentOnly] = [...f.recentCurrencies];
  // Revenue in another currency than the organization's is not compared with its floor (no conversion).
  const revenueInFloorCurrency = f.recentCurrencies.size === 0 || (f.recentCurrencies.size === 1 && recentOnly === rule.currency);
  const revenueFloor = rule.minNetRevenueMinor * BigInt(Math.max(1, f.chargers));
  return {
    utilizationBaseline: belowBaseline(f.recentSeconds, f.baseSeconds),
    utilizationFloor:
      rule.wholeWindow &&
      rule.minUtilizationPercent > 0 &&
      f.recentSeconds * 100n < BigInt(rule.minUtilizationPercent) * windowSeconds,
    revenueBaseline: f.currencies.size === 1 && only !== undefined && belowBaseline(f.recentNet, f.baseNet),
    revenueFloor: rule.wholeWindow && rule.minNetRevenueMinor > 0n && revenueInFloorCurrency && f.recentNet < revenueFloor,
  };
}
