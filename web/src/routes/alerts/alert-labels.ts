import { formatDateTime } from '../../format';
import type { AlertStatus } from '../../api/alerts';

/** The rules that raise alerts today (docs/alerts.md), as the filter offers them. */
export const RULE_OPTIONS = [
  { value: 'charger_offline', label: 'Charger offline' },
  { value: 'connector_faulted', label: 'Connector faulted' },
  { value: 'heartbeat_missing', label: 'Charger not heartbeating' },
  { value: 'connector_stuck', label: 'Connector stuck' },
  { value: 'session_abnormal_stop', label: 'Session ended abnormally' },
  { value: 'firmware_update_failed', label: 'Firmware update failed' },
  { value: 'boot_loop', label: 'Charger boot loop' },
  { value: 'authorization_failures', label: 'Repeated authorization failures' },
  { value: 'site_idle', label: 'Site idle' },
  { value: 'underperforming', label: 'Underperforming charger or site' },
  { value: 'invoice_overdue', label: 'Invoice overdue' },
  { value: 'payment_failed', label: 'Payment capture failed' },
];

export type ShownStatus = AlertStatus | 'unresolved' | 'all';
export const STATUS_FILTERS: { value: ShownStatus; label: string }[] = [
  { value: 'unresolved', label: 'Unresolved' },
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];

export const EVENT_LABELS: Record<string, string> = {
  raised: 'Raised',
  repeated: 'Seen again',
  reopened: 'Reopened',
  acknowledged: 'Acknowledged',
  escalated: 'Escalated',
  resolved: 'Resolved',
};

/** "offlineSince" → "Offline since": detail keys as a person reads them. */
export function detailLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A detail value as text; an instant (offlineSince…) on the given clock, its zone named. */
export function detailValue(value: unknown, timeZone?: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return formatDateTime(value, timeZone);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  // A list of words (the last refused tokens, masked): one after another.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.length ? value.join(', ') : '—';
  return JSON.stringify(value);
}
