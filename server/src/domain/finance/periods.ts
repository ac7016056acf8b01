import { DateTime } from 'luxon';
import { unprocessable } from '../../errors.js';
import { assertBillingDay, assertTimeZone, type BillingCycle } from '../organization-rules.js';

export interface BillingSchedule {
  cycle: BillingCycle;
  /** Weekly: ISO weekday 1 (Monday) – 7. Monthly and quarterly: day of the month 1–28. */
  billingDay: number;
  /** The organization's IANA time zone; periods start at its local midnight. */
  timeZone: string;
}

/**
 * [start, end) in the organization's time zone. A period starts at local midnight on a billing day and
 * ends at the next one; that next billing day is also the day its invoice is issued (`endDate`).
 */
export interface BillingPeriod {
  start: Date;
  end: Date;
  /** Local dates "YYYY-MM-DD": the first day of the period, and the first day after it (issue date). */
  startDate: string;
  endDate: string;
}

/** The period an instant falls in; a session's revenue counts in the period of its end (docs/finance.md §6). */
export function billingPeriodFor(instant: Date, schedule: BillingSchedule): BillingPeriod {
  assertBillingDay(schedule.cycle, schedule.billingDay);
  assertTimeZone(schedule.timeZone);
  const local = DateTime.fromJSDate(instant, { zone: schedule.timeZone });
  const today = DateTime.utc(local.year, local.month, local.day);
  const start = periodStartOn(today, schedule);
  const length = schedule.cycle === 'weekly' ? { days: 7 } : schedule.cycle === 'monthly' ? { months: 1 } : { months: 3 };
  return periodBetween(start, start.plus(length), schedule.timeZone);
}

/** The period right after `period`. */
export function nextBillingPeriod(period: BillingPeriod, schedule: BillingSchedule): BillingPeriod {
  return billingPeriodFor(period.end, schedule);
}

/** Due date = issue date + payment terms in days (docs/finance.md §8). */
export function dueDateFor(issueDate: string, paymentTermsDays: number): string {
  if (!Number.isSafeInteger(paymentTermsDays) || paymentTermsDays < 0) {
    throw unprocessable('Payment terms must be a whole number of days, 0 or more', { field: 'paymentTermsDays' });
  }
  const issued = DateTime.fromISO(issueDate, { zone: 'utc' });
  if (!issued.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(issueDate)) throw unprocessable(`"${issueDate}" is not a date`);
  return issued.plus({ days: paymentTermsDays }).toISODate()!;
}

/** Calendar arithmetic on local dates, held as UTC midnights so no offset can interfere. */
function periodStartOn(today: DateTime, { cycle, billingDay }: BillingSchedule): DateTime {
  if (cycle === 'weekly') return today.minus({ days: (today.weekday - billingDay + 7) % 7 });
  const monthsPerPeriod = cycle === 'monthly' ? 1 : 3;
  // Quarters start in January, April, July and October.
  const firstMonth = cycle === 'monthly' ? today.month : today.month - ((today.month - 1) % 3);
  const candidate = DateTime.utc(today.year, firstMonth, billingDay);
  return candidate > today ? candidate.minus({ months: monthsPerPeriod }) : candidate;
}

function periodBetween(startDay: DateTime, endDay: DateTime, timeZone: string): BillingPeriod {
  const startDate = startDay.toISODate()!;
  const endDate = endDay.toISODate()!;
  return { start: localMidnight(startDate, timeZone), end: localMidnight(endDate, timeZone), startDate, endDate };
}

/** The first instant of a local date (luxon moves a midnight skipped by DST forward to the first real time). */
function localMidnight(date: string, timeZone: string): Date {
  return DateTime.fromISO(date, { zone: timeZone }).toJSDate();
}
