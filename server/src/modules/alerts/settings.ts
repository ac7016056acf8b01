import { and, eq, isNull, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { type AlertRuleType, type AlertSeverity, type AlertThresholds, alertRules } from '../../db/schema/index.js';
import { RULES } from './rules.js';

/** How a rule runs for one organization: its stored row, else the platform's, else the code's defaults. */
export interface EffectiveRule {
  ruleType: AlertRuleType;
  enabled: boolean;
  severity: AlertSeverity;
  thresholds: AlertThresholds;
  escalateAfterMinutes: number | null;
  /** Where the settings came from. */
  source: 'organization' | 'platform' | 'default';
}

export const defaultRule = (ruleType: AlertRuleType): EffectiveRule => {
  const rule = RULES[ruleType];
  return {
    ruleType,
    enabled: rule.implemented,
    severity: rule.severity,
    thresholds: rule.thresholds,
    escalateAfterMinutes: null,
    source: 'default',
  };
};

type RuleRow = typeof alertRules.$inferSelect;

function effective(ruleType: AlertRuleType, row: RuleRow | undefined): EffectiveRule {
  if (!row) return defaultRule(ruleType);
  const rule = RULES[ruleType];
  return {
    ruleType,
    enabled: row.enabled && rule.implemented,
    severity: row.severity,
    thresholds: { ...rule.thresholds, ...row.thresholds },
    escalateAfterMinutes: row.escalateAfterMinutes,
    source: row.organizationId ? 'organization' : 'platform',
  };
}

/** Every rule's settings for an organization (null: the platform defaults), one query. */
export async function effectiveRules(db: Executor, organizationId: string | null): Promise<Map<AlertRuleType, EffectiveRule>> {
  const rows = await db
    .select()
    .from(alertRules)
    .where(
      organizationId
        ? or(isNull(alertRules.organizationId), eq(alertRules.organizationId, organizationId))
        : isNull(alertRules.organizationId),
    );
  const result = new Map<AlertRuleType, EffectiveRule>();
  for (const ruleType of Object.keys(RULES) as AlertRuleType[]) {
    const own = rows.find((r) => r.ruleType === ruleType && r.organizationId !== null);
    const platform = rows.find((r) => r.ruleType === ruleType && r.organizationId === null);
    result.set(ruleType, effective(ruleType, own ?? platform));
  }
  return result;
}

export async function effectiveRule(db: Executor, organizationId: string, ruleType: AlertRuleType): Promise<EffectiveRule> {
  const rows = await db
    .select()
    .from(alertRules)
    .where(
      and(
        eq(alertRules.ruleType, ruleType),
        or(isNull(alertRules.organizationId), eq(alertRules.organizationId, organizationId)),
      ),
    );
  return effective(ruleType, rows.find((r) => r.organizationId !== null) ?? rows[0]);
}
