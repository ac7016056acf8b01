import { Decimal } from 'decimal.js';
import { DateTime, IANAZone } from 'luxon';
import { formatMinor } from '../../domain/finance/money.js';

/** A minor-unit amount as the database (bigint) or JSON (integer number) carries it. */
export type MinorAmount = bigint | number;

function toBigInt(amount: MinorAmount): bigint {
  if (typeof amount === 'bigint') return amount;
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${amount} is not a whole number of minor units`);
  return BigInt(amount);
}

/** "2321.95" → "2,321.95"; "-1500" → "-1,500". Exact: only the digits' text is regrouped. */
function groupThousands(plain: string): string {
  const negative = plain.startsWith('-');
  const [whole = '0', fraction] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** 232195 in LKR → "2,321.95"; 1500 in JPY → "1,500" (ISO 4217 digits, never a float). */
export function formatAmount(amount: MinorAmount, currency: string): string {
  return groupThousands(formatMinor(toBigInt(amount), currency));
}

/** 232195 in LKR → "LKR 2,321.95": the one way the server writes money for a person (PDFs and error messages). */
export function formatMoney(amount: MinorAmount, currency: string): string {
  return `${currency} ${formatAmount(amount, currency)}`;
}

/** A tariff's unit price as stored (a major-unit decimal, "120.00") with its currency: "LKR 120.00". */
export function formatUnitPrice(major: string, currency: string): string {
  return `${currency} ${groupThousands(major)}`;
}

export function isPositive(amount: MinorAmount): boolean {
  return toBigInt(amount) > 0n;
}

export function isNegative(amount: MinorAmount): boolean {
  return toBigInt(amount) < 0n;
}

/** "0.025" → "2.5 %" (exact decimal shift). */
export function formatRate(rate: string): string {
  return `${new Decimal(rate).times(100).toFixed()} %`;
}

/** Watt-hours → "27.500 kWh" (integer arithmetic on the text). */
export function formatEnergy(wh: number): string {
  if (!Number.isSafeInteger(wh)) throw new RangeError(`${wh} is not a whole number of Wh`);
  const abs = BigInt(Math.abs(wh));
  const fraction = String(abs % 1000n).padStart(3, '0');
  return `${wh < 0 ? '-' : ''}${groupThousands(String(abs / 1000n))}.${fraction} kWh`;
}

function parseDate(date: string): DateTime {
  const parsed = DateTime.fromISO(date, { zone: 'UTC', locale: 'en-GB' });
  if (!parsed.isValid) throw new RangeError(`${date} is not a date`);
  return parsed;
}

/** "2026-03-31" → "31 Mar 2026". */
export function formatDate(date: string | null): string {
  return date ? parseDate(date).toFormat('d LLL yyyy') : '—';
}

/** A time of day on a clock: "17:50". */
export function formatTime(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat('HH:mm');
}

/** "6 Dec 2026, 14:05 Asia/Colombo": an instant as a person in that zone reads it, the zone named (an unknown zone is UTC). */
export function formatInstant(at: Date, timeZone: string): string {
  const zone = IANAZone.isValidZone(timeZone) ? timeZone : 'UTC';
  return `${DateTime.fromJSDate(at, { zone }).setLocale('en-GB').toFormat('d LLL yyyy, HH:mm')} ${zone}`;
}

/** 4800 s → "1 h 20 min"; under an hour "14 min"; under a minute "45 s" (as the dashboard writes it). */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A period stored with an exclusive end, printed with its inclusive last day: "1 Mar 2026 – 31 Mar 2026". */
export function formatPeriod(startDate: string, endDateExclusive: string): string {
  const lastDay = parseDate(endDateExclusive).minus({ days: 1 }).toISODate() ?? endDateExclusive;
  return `${formatDate(startDate)} – ${formatDate(lastDay)}`;
}

/** Days between the issue and the due date (the organization's payment terms), or null when either is missing. */
export function paymentTermsDays(issueDate: string | null, dueDate: string | null): number | null {
  if (!issueDate || !dueDate) return null;
  return Math.round(parseDate(dueDate).diff(parseDate(issueDate), 'days').days);
}
