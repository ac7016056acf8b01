import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { formatDate, formatEnergy, formatInstant, formatMoney } from '../invoices/pdf-format.js';
import type { AlertRuleType } from '../../db/schema/index.js';
import { RULES } from './rules.js';

/** How a detail key reads for a person; keys not listed become words ("vendorErrorCode" → "Vendor error code"). */
const LABELS: Record<string, string> = {
  offlineSince: 'Offline since',
  lastMessageAt: 'Last message',
  at: 'At',
  dueDate: 'Due',
  energyWh: 'Energy',
  vendorId: 'Vendor',
};

/** Detail keys that only qualify another value (the currency of an amount): never printed alone. */
const QUALIFIERS = new Set(['currency']);

const words = (key: string) => {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function valueText(key: string, value: unknown, detail: Record<string, unknown>, timeZone: string): string {
  if (typeof value === 'string' && ISO_DATE.test(value)) return formatDate(value);
  if (typeof value === 'string' && ISO_INSTANT.test(value)) {
    const at = new Date(value);
    if (!Number.isNaN(at.getTime())) return formatInstant(at, timeZone);
  }
  if (key === 'energyWh' && typeof value === 'number' && Number.isSafeInteger(value)) return formatEnergy(value);
  // `…Minor` amounts with the detail's currency: money in major units, never a float.
  if (/Minor$/.test(key) && typeof detail.currency === 'string' && (typeof value === 'number' || /^-?\d+$/.test(String(value))))
    return formatMoney(BigInt(String(value)), detail.currency);
  return String(value);
}

/**
 * The text of an alert's notification: the rule's label, then its details as "Label: value" with
 * times in `timeZone` (the site's, else the organization's), energy in kWh and amounts in major
 * units with their currency. The same text goes in-app, in the e-mail and on the phone.
 */
export function describeAlert(ruleType: AlertRuleType, detail: Record<string, unknown>, timeZone: string): string {
  const parts = [RULES[ruleType].label];
  for (const [key, value] of Object.entries(detail)) {
    if (value === null || value === undefined || value === '' || typeof value === 'object' || QUALIFIERS.has(key)) continue;
    const label = LABELS[key] ?? words(key.replace(/Minor$/, ''));
    parts.push(`${label}: ${valueText(key, value, detail, timeZone)}`);
  }
  return parts.join(' · ');
}

/** The zone a person reads an alert's times in: its site's, else its organization's. */
export async function alertTimeZone(db: Executor, organizationId: string, siteId: string | null | undefined): Promise<string> {
  const [row] = await queryRows<{ zone: string | null }>(
    db,
    sql`SELECT COALESCE((SELECT time_zone FROM sites WHERE id = ${siteId ?? null}),
                        (SELECT time_zone FROM organizations WHERE id = ${organizationId})) AS zone`,
  );
  return row?.zone ?? 'UTC';
}
