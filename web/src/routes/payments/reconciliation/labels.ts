import type { GatewayKind, ReconciliationOutcome } from '../../../api/reconciliation';
import { formatDate, formatDateTime } from '../../../format';

export const GATEWAY_LABELS: Record<GatewayKind, string> = {
  cybersource: 'CyberSource',
  amex: 'Amex (MPGS)',
  dialog_fuel_card: 'Dialog fuel card',
  manual: 'Manual',
};

/** In the order a reviewer reads them: what agrees, then what needs looking into. */
export const OUTCOMES: { value: ReconciliationOutcome; label: string; color: string; hint: string }[] = [
  { value: 'matched', label: 'Matched', color: 'teal', hint: 'Same reference and amount' },
  { value: 'amount_mismatch', label: 'Amount mismatch', color: 'red', hint: 'Same reference, another amount' },
  { value: 'missing_ours', label: 'Not in our records', color: 'orange', hint: 'On the report; no approved payment of ours' },
  {
    value: 'missing_theirs',
    label: 'Not on the report',
    color: 'grape',
    hint: 'Our approved payment in the period; not on the report',
  },
];

export const outcomeOf = (value: ReconciliationOutcome) => OUTCOMES.find((o) => o.value === value)!;

const isLocalMidnight = (iso: string, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })
    .formatToParts(new Date(iso))
    .filter((p) => p.type !== 'literal')
    .map((p) => p.value);
  return parts.every((v) => v === '00');
};

/**
 * The period on the organization's clock: whole local days as dates ("Mar 10, 2026" or
 * "Mar 10, 2026 – Mar 12, 2026", the end being exclusive), anything else as times with the zone.
 */
export function periodLabel(from: string, to: string, timeZone: string): string {
  if (isLocalMidnight(from, timeZone) && isLocalMidnight(to, timeZone)) {
    const lastDay = new Date(new Date(to).getTime() - 1).toISOString();
    const first = formatDate(from, timeZone);
    const last = formatDate(lastDay, timeZone);
    return first === last ? first : `${first} – ${last}`;
  }
  return `${formatDateTime(from, timeZone)} – ${formatDateTime(to, timeZone)}`;
}
