import { type SQL, sql } from 'drizzle-orm';
import type { AlertRuleType } from '../../db/schema/index.js';
import { RULES } from './rules.js';

/** The SQL pieces every periodic rule is written with (checks.ts, usage-checks.ts). */

/** SQL joins for a rule's settings per organization (`own`, then `platform`, then the code's default). */
export const ruleJoin = (ruleType: AlertRuleType, organization: SQL) => sql`
  LEFT JOIN alert_rules own ON own.organization_id = ${organization} AND own.rule_type = ${ruleType}
  LEFT JOIN alert_rules platform ON platform.organization_id IS NULL AND platform.rule_type = ${ruleType}`;

export const enabled = (ruleType: AlertRuleType) =>
  RULES[ruleType].implemented ? sql`coalesce(own.enabled, platform.enabled, true)` : sql`false`;

type NumericThreshold = 'minutes' | 'days' | 'count' | 'hours' | 'percent' | 'minUtilizationPercent';

export const threshold = (ruleType: AlertRuleType, key: NumericThreshold) =>
  sql`coalesce((own.thresholds->>${key})::int, (platform.thresholds->>${key})::int, ${RULES[ruleType].thresholds[key] ?? 0}::int)`;

/** A money threshold (minor units): bigint, since an amount may pass what an int holds. */
export const moneyThreshold = (ruleType: AlertRuleType, key: 'minNetRevenueMinor') =>
  sql`coalesce((own.thresholds->>${key})::bigint, (platform.thresholds->>${key})::bigint, ${RULES[ruleType].thresholds[key] ?? 0}::bigint)`;

/** Chargers that raise availability alerts at all: registered, active, not retired, no maintenance window now. */
export const AVAILABLE = sql`c.retired_at IS NULL AND c.admin_status = 'active' AND NOT EXISTS (
  SELECT 1 FROM maintenance_windows w
  WHERE (w.charger_id = c.id OR (w.charger_id IS NULL AND w.site_id = c.site_id)) AND w.starts_at <= now() AND w.ends_at > now())`;

export interface Found extends Record<string, unknown> {
  key: string;
  organization_id: string;
  site_id: string | null;
  charger_id: string | null;
  connector_id: number | null;
  title: string;
  detail: Record<string, unknown>;
  subject_id: string | null;
  /** What subject_id names ('site', 'invoice'), when the rule's rows differ. */
  subject_type?: string | null;
}
