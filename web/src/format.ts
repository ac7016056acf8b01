import { shiftDecimal } from './decimal';

/** ISO 4217 minor-unit digits where they are not 2 (the same table the server uses). */
// prettier-ignore
const MINOR_DIGITS_EXCEPTIONS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS_EXCEPTIONS[currency] ?? 2;
}

/** 1250 LKR minor units → "12.50" (exact, as a string). */
export function minorToMajor(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const negative = minor < 0;
  const text = shiftDecimal(String(Math.abs(Math.trunc(minor))), -digits);
  const [int = '0', frac = ''] = text.split('.');
  const major = digits > 0 ? `${int}.${frac.padEnd(digits, '0')}` : int;
  return negative ? `-${major}` : major;
}

/** "12.5" LKR → 1250 minor units; null when the text is not a non-negative amount with at most the currency's digits. */
export function majorToMinor(major: string, currency: string): number | null {
  const trimmed = major.trim();
  const digits = minorDigits(currency);
  const pattern = digits > 0 ? new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`) : /^\d+$/;
  if (!pattern.test(trimmed)) return null;
  const minor = Number(shiftDecimal(trimmed, digits));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Money in the organization's currency: minor units → "LKR 1,250.00". */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = minorDigits(currency);
  const major = minorToMajor(minor, currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(
    // Intl accepts decimal strings exactly (no float rounding) in current engines.
    major as `${number}`,
  );
}

/** A decimal string price in major units, e.g. energy cost "45.00" → "LKR 45.00". */
export function formatPrice(major: string, currency: string, locale?: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 6 }).format(major as `${number}`);
}

/**
 * A date-time on the clock of `timeZone` (the organization's; the browser's when none is given), always
 * naming the zone: "Nov 21, 2026, 1:10 PM GMT+1" leaves no doubt whose clock it is.
 */
export function formatDateTime(iso: string | null | undefined, timeZone?: string, locale?: string): string {
  return formatInstant(iso, { hour: 'numeric', minute: '2-digit' }, timeZone, locale);
}

/** As formatDateTime, to the millisecond: "Nov 21, 2026, 1:10:05.042 PM GMT+1" (the OCPP message log). */
export function formatDateTimeMs(iso: string | null | undefined, timeZone?: string, locale?: string): string {
  return formatInstant(
    iso,
    { hour: 'numeric', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 },
    timeZone,
    locale,
  );
}

function formatInstant(
  iso: string | null | undefined,
  time: Intl.DateTimeFormatOptions,
  timeZone: string | undefined,
  locale: string | undefined,
): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    ...time,
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}

/** The short name of a zone at an instant: "GMT+5:30", "UTC" — what a chart axis says its clock is. */
export function zoneName(timeZone: string | undefined, at: number = Date.now(), locale?: string): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(new Date(at));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone ?? '';
}

/**
 * "20:41" or "20:41:05" on the clock of `timeZone`: time axis labels (the axis names the zone once).
 * Built once per chart; ECharts calls the returned function for every tick of every redraw.
 */
export function clockFormatter(timeZone: string | undefined, seconds = false): (ms: number) => string {
  const format = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    timeZone,
  });
  return (ms) => format.format(new Date(ms));
}

export function formatDate(iso: string | null | undefined, timeZone?: string, locale?: string): string {
  if (!iso) return '—';
  // A plain YYYY-MM-DD is a calendar date: show it as is, not shifted by a time zone.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split('-').map(Number);
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)),
    );
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(iso));
}

export function formatPercent(fraction: string): string {
  return `${shiftDecimal(fraction, 2)} %`;
}

export const ADMIN_STATUS_LABELS: Record<string, string> = { active: 'Active', inactive: 'Inactive', maintenance: 'Maintenance' };
