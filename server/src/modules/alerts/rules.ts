import type { AlertRuleType, AlertSeverity, AlertThresholds } from '../../db/schema/index.js';
import type { Permission } from '../../domain/permissions.js';

/** A threshold a rule reads, with its unit and the values it may take. */
export interface ThresholdSpec {
  key: keyof Omit<AlertThresholds, 'statuses'>;
  label: string;
  min: number;
  max: number;
}

export interface RuleDefinition {
  type: AlertRuleType;
  label: string;
  /**
   * What raises it: an event from the chargers or payments, the periodic check each minute, or the
   * same check at each full hour only (rules over whole local days; `alerts-tick` in runtime.ts).
   */
  trigger: 'event' | 'periodic' | 'hourly';
  severity: AlertSeverity;
  thresholds: AlertThresholds;
  specs: ThresholdSpec[];
  /** Besides alerts:read, what a person needs to hear of it: network alerts are for operations, money alerts for finance. */
  audience: Permission;
  /** Availability rules are muted for chargers in Maintenance or Inactive and inside a maintenance window. */
  availability: boolean;
  /** False: the condition type exists (for later modules) but nothing raises it yet; it cannot be enabled. */
  implemented: boolean;
}

/** The highest net revenue floor (minor units): a billion major units of a two-decimal currency. */
export const MAX_REVENUE_FLOOR_MINOR = 100_000_000_000;

const minutes = (max: number, min = 0): ThresholdSpec => ({ key: 'minutes', label: 'minutes', min, max });

/** Every rule with its platform defaults. An organization's or the platform's stored row overrides these. */
export const RULES: Record<AlertRuleType, RuleDefinition> = {
  charger_offline: {
    type: 'charger_offline',
    audience: 'monitoring:read',
    label: 'Charger offline',
    trigger: 'event',
    severity: 'critical',
    thresholds: { minutes: 5 },
    specs: [minutes(1440)],
    availability: true,
    implemented: true,
  },
  connector_faulted: {
    type: 'connector_faulted',
    audience: 'monitoring:read',
    label: 'Connector faulted',
    trigger: 'event',
    severity: 'critical',
    thresholds: {},
    specs: [],
    availability: true,
    implemented: true,
  },
  heartbeat_missing: {
    type: 'heartbeat_missing',
    audience: 'monitoring:read',
    label: 'Charger not heartbeating',
    trigger: 'periodic',
    severity: 'warning',
    // Connected, but silent for this many heartbeat intervals' worth of minutes.
    thresholds: { minutes: 15 },
    specs: [minutes(1440, 1)],
    availability: true,
    implemented: true,
  },
  connector_stuck: {
    type: 'connector_stuck',
    audience: 'monitoring:read',
    label: 'Connector stuck',
    trigger: 'periodic',
    severity: 'warning',
    thresholds: { minutes: 30, statuses: ['Preparing', 'SuspendedEV', 'Finishing'] },
    specs: [minutes(1440, 1)],
    availability: true,
    implemented: true,
  },
  session_abnormal_stop: {
    type: 'session_abnormal_stop',
    audience: 'monitoring:read',
    label: 'Session ended abnormally',
    trigger: 'event',
    severity: 'warning',
    thresholds: {},
    specs: [],
    availability: false,
    implemented: true,
  },
  firmware_update_failed: {
    type: 'firmware_update_failed',
    audience: 'monitoring:read',
    label: 'Firmware update failed',
    trigger: 'periodic',
    severity: 'warning',
    thresholds: {},
    specs: [],
    availability: false,
    implemented: true,
  },
  boot_loop: {
    type: 'boot_loop',
    audience: 'monitoring:read',
    label: 'Charger boot loop',
    trigger: 'periodic',
    severity: 'critical',
    // More than `count` boots within the last hour.
    thresholds: { count: 5 },
    specs: [{ key: 'count', label: 'boots per hour', min: 2, max: 1000 }],
    availability: true,
    implemented: true,
  },
  authorization_failures: {
    type: 'authorization_failures',
    audience: 'monitoring:read',
    label: 'Repeated authorization failures',
    trigger: 'periodic',
    severity: 'warning',
    // At least `count` ID tokens refused at one charger within the last `minutes`.
    thresholds: { count: 10, minutes: 60 },
    specs: [
      { key: 'count', label: 'failures', min: 2, max: 10_000 },
      { key: 'minutes', label: 'within minutes', min: 1, max: 1440 },
    ],
    availability: false,
    implemented: true,
  },
  site_idle: {
    type: 'site_idle',
    audience: 'monitoring:read',
    label: 'Site idle',
    trigger: 'periodic',
    severity: 'info',
    // No session for `hours` where the same weekday and hours of the last 4 weeks usually had one.
    thresholds: { hours: 6 },
    specs: [{ key: 'hours', label: 'hours', min: 1, max: 168 }],
    availability: false,
    implemented: true,
  },
  underperforming: {
    type: 'underperforming',
    audience: 'finance:read',
    label: 'Underperforming charger or site',
    trigger: 'hourly',
    severity: 'info',
    // Utilization or net revenue over the last `days` below `percent` % of the 28 days before (scaled to `days`),
    // or below an absolute floor (0 = off): utilization in %, net revenue in minor units of the organization's currency.
    thresholds: { percent: 50, days: 7, minUtilizationPercent: 0, minNetRevenueMinor: 0 },
    specs: [
      { key: 'percent', label: '% of baseline', min: 1, max: 100 },
      { key: 'days', label: 'days', min: 1, max: 90 },
      { key: 'minUtilizationPercent', label: 'utilization floor in % (0 = off)', min: 0, max: 100 },
      { key: 'minNetRevenueMinor', label: 'net revenue floor in minor units (0 = off)', min: 0, max: MAX_REVENUE_FLOOR_MINOR },
    ],
    availability: false,
    implemented: true,
  },
  invoice_overdue: {
    type: 'invoice_overdue',
    audience: 'invoices:read',
    label: 'Invoice overdue',
    trigger: 'periodic',
    severity: 'warning',
    thresholds: { days: 0 },
    specs: [{ key: 'days', label: 'days past due', min: 0, max: 365 }],
    availability: false,
    implemented: true,
  },
  payment_failed: {
    type: 'payment_failed',
    audience: 'payments:read',
    label: 'Payment capture failed',
    trigger: 'event',
    severity: 'warning',
    thresholds: {},
    specs: [],
    availability: false,
    implemented: true,
  },
  contract_renewal: {
    type: 'contract_renewal',
    audience: 'finance:read',
    label: 'Contract renewal due',
    trigger: 'periodic',
    severity: 'info',
    thresholds: { days: 30 },
    specs: [{ key: 'days', label: 'days before', min: 1, max: 365 }],
    availability: false,
    implemented: false,
  },
  profitability_threshold: {
    type: 'profitability_threshold',
    audience: 'finance:read',
    label: 'Profitability below threshold',
    trigger: 'periodic',
    severity: 'warning',
    thresholds: { percent: 0 },
    specs: [{ key: 'percent', label: 'margin %', min: -100, max: 100 }],
    availability: false,
    implemented: false,
  },
  grid_stress: {
    type: 'grid_stress',
    audience: 'grid:read',
    label: 'Grid stress',
    trigger: 'event',
    severity: 'warning',
    thresholds: {},
    specs: [],
    availability: false,
    implemented: true,
  },
};

/** Stop reasons that signal a fault rather than a driver or an operator ending the session. */
export const ABNORMAL_STOP_REASONS: readonly string[] = [
  'EmergencyStop',
  'PowerLoss',
  'Reboot',
  // 2.0.1 stoppedReason values that mean a fault. Resets and unlocks are commands: not faults.
  'GroundFault',
  'OvercurrentFault',
  'PowerQuality',
];

/** Firmware statuses (1.6 and 2.0.1) that mean the update did not happen. */
export const FIRMWARE_FAILURES: readonly string[] = [
  'DownloadFailed',
  'InstallationFailed',
  'InstallVerificationFailed',
  'InvalidSignature',
  'InvalidCertificate',
  'RevokedCertificate',
];

/** The thresholds out of range for a rule, as readable problems (empty: fine). */
export function thresholdProblems(rule: RuleDefinition, thresholds: AlertThresholds): string[] {
  const problems: string[] = [];
  const known = new Set<string>([...rule.specs.map((s) => s.key), ...(rule.thresholds.statuses ? ['statuses'] : [])]);
  for (const key of Object.keys(thresholds)) if (!known.has(key)) problems.push(`${rule.label} has no "${key}" threshold`);
  for (const spec of rule.specs) {
    const value = thresholds[spec.key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < spec.min || value > spec.max)
      problems.push(`${rule.label}: ${spec.label} must be a whole number from ${spec.min} to ${spec.max}`);
  }
  return problems;
}
