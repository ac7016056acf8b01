import { minorDigits } from '../../../domain/currency.js';
import type { TransactionRow } from '../queries.js';
import { durationSeconds, flagsOf } from '../service.js';

/** An integer amount of 10^-digits units as exact decimal text: (-5n, 3) → "-0.005", (293000n, 2) → "2930.00". */
export function scaledText(amount: bigint, digits: number): string {
  const negative = amount < 0n;
  const text = (negative ? -amount : amount).toString();
  if (digits === 0) return negative ? `-${text}` : text;
  const padded = text.padStart(digits + 1, '0');
  const major = `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
  return negative ? `-${major}` : major;
}

/** A `Date` is an instant, written on the wall clock of the row's organization (`row.timeZone`). */
export type Cell = string | number | Date | null;

export interface ExportColumn {
  header: string;
  /** Text a spreadsheet might run as a formula (names, ID tags) is written as text. */
  kind: 'text' | 'number' | 'money' | 'kwh' | 'time';
  value(row: TransactionRow, ctx: RowContext): Cell;
}

export interface RowContext {
  now: Date;
  currency: string;
  digits: number;
}

const money = (pick: (row: TransactionRow) => bigint | null) => (row: TransactionRow, ctx: RowContext) => {
  const amount = pick(row);
  return amount === null ? null : scaledText(amount, ctx.digits);
};

/** What one export row holds, in order; the same for CSV and XLSX. */
export const EXPORT_COLUMNS: ExportColumn[] = [
  { header: 'Session ID', kind: 'text', value: (r) => r.id },
  { header: 'Organization', kind: 'text', value: (r) => r.organizationName },
  { header: 'Site', kind: 'text', value: (r) => r.siteName },
  { header: 'Charger', kind: 'text', value: (r) => r.chargerName },
  { header: 'Connector', kind: 'number', value: (r) => r.connectorId },
  { header: 'ID tag', kind: 'text', value: (r) => r.idTag },
  { header: 'Vehicle', kind: 'text', value: (r) => r.vehicleRef },
  { header: 'Driver', kind: 'text', value: (r) => r.driverName },
  { header: 'Status', kind: 'text', value: (r) => r.status },
  { header: 'Flags', kind: 'text', value: (r) => flagsOf(r).join(' ') || null },
  { header: 'Started', kind: 'time', value: (r) => r.startedAt },
  { header: 'Stopped', kind: 'time', value: (r) => r.stoppedAt },
  { header: 'Time zone', kind: 'text', value: (r) => r.timeZone },
  { header: 'Duration (s)', kind: 'number', value: (r, ctx) => durationSeconds(r, ctx.now) },
  { header: 'Idle (s)', kind: 'number', value: (r) => r.idleSeconds ?? 0 },
  { header: 'Energy (kWh)', kind: 'kwh', value: (r) => scaledText(BigInt(r.energyWh), 3) },
  { header: 'Currency', kind: 'text', value: (_r, ctx) => ctx.currency },
  { header: 'Net', kind: 'money', value: money((r) => r.netMinor) },
  { header: 'Tax', kind: 'money', value: money((r) => r.taxMinor) },
  { header: 'Gross', kind: 'money', value: money((r) => r.grossMinor) },
];

export function rowContext(row: TransactionRow, now: Date): RowContext {
  const currency = row.currency ?? row.organizationCurrency;
  return { now, currency, digits: minorDigits(currency) };
}
