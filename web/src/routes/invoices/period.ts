import { formatDate } from '../../format';

/** "2026-04-01" → "2026-03-31": the inclusive last day of a period stored with an exclusive end. */
export function dayBefore(date: string): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** "Mar 1, 2026 – Mar 31, 2026" for a period whose end is the first day after it. */
export function formatPeriod(startDate: string, endDateExclusive: string): string {
  return `${formatDate(startDate)} – ${formatDate(dayBefore(endDateExclusive))}`;
}

/** Today as YYYY-MM-DD in the browser's calendar (a payment's default date). */
export function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
