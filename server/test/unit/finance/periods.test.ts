import { describe, expect, it } from 'vitest';
import { type BillingSchedule, billingPeriodFor, dueDateFor, nextBillingPeriod } from '../../../src/domain/finance/periods.js';
import { localTime } from './helpers.js';

interface PeriodCase {
  name: string;
  schedule: BillingSchedule;
  /** A local time in the schedule's zone. */
  at: string;
  startDate: string;
  endDate: string;
  /** The period's first and first-after instants, UTC. */
  start: string;
  end: string;
}

const colombo = (cycle: BillingSchedule['cycle'], billingDay: number): BillingSchedule => ({
  cycle,
  billingDay,
  timeZone: 'Asia/Colombo',
});

const cases: PeriodCase[] = [
  {
    name: 'monthly on the 1st: 01:30 on 1 April local is already April (though still 31 March in UTC)',
    schedule: colombo('monthly', 1),
    at: '2026-04-01T01:30',
    startDate: '2026-04-01',
    endDate: '2026-05-01',
    start: '2026-03-31T18:30:00.000Z',
    end: '2026-04-30T18:30:00.000Z',
  },
  {
    name: 'monthly on the 1st: 23:59 on 31 March local is March',
    schedule: colombo('monthly', 1),
    at: '2026-03-31T23:59',
    startDate: '2026-03-01',
    endDate: '2026-04-01',
    start: '2026-02-28T18:30:00.000Z',
    end: '2026-03-31T18:30:00.000Z',
  },
  {
    name: 'monthly on the 15th, before the billing day: the period began last month',
    schedule: colombo('monthly', 15),
    at: '2026-03-10T12:00',
    startDate: '2026-02-15',
    endDate: '2026-03-15',
    start: '2026-02-14T18:30:00.000Z',
    end: '2026-03-14T18:30:00.000Z',
  },
  {
    name: 'monthly on the 15th, at the billing day’s midnight: a new period',
    schedule: colombo('monthly', 15),
    at: '2026-03-15T00:00',
    startDate: '2026-03-15',
    endDate: '2026-04-15',
    start: '2026-03-14T18:30:00.000Z',
    end: '2026-04-14T18:30:00.000Z',
  },
  {
    name: 'monthly on the 28th across February and a year end',
    schedule: colombo('monthly', 28),
    at: '2027-01-05T09:00',
    startDate: '2026-12-28',
    endDate: '2027-01-28',
    start: '2026-12-27T18:30:00.000Z',
    end: '2027-01-27T18:30:00.000Z',
  },
  {
    name: 'weekly on Monday (1), asked on a Sunday',
    schedule: colombo('weekly', 1),
    at: '2026-03-15T22:00',
    startDate: '2026-03-09',
    endDate: '2026-03-16',
    start: '2026-03-08T18:30:00.000Z',
    end: '2026-03-15T18:30:00.000Z',
  },
  {
    name: 'weekly on Monday (1), asked on the Monday',
    schedule: colombo('weekly', 1),
    at: '2026-03-16T00:00',
    startDate: '2026-03-16',
    endDate: '2026-03-23',
    start: '2026-03-15T18:30:00.000Z',
    end: '2026-03-22T18:30:00.000Z',
  },
  {
    name: 'weekly on Sunday (7), asked on a Saturday',
    schedule: colombo('weekly', 7),
    at: '2026-03-14T10:00',
    startDate: '2026-03-08',
    endDate: '2026-03-15',
    start: '2026-03-07T18:30:00.000Z',
    end: '2026-03-14T18:30:00.000Z',
  },
  {
    name: 'quarterly on the 1st: May is in the April quarter',
    schedule: colombo('quarterly', 1),
    at: '2026-05-20T10:00',
    startDate: '2026-04-01',
    endDate: '2026-07-01',
    start: '2026-03-31T18:30:00.000Z',
    end: '2026-06-30T18:30:00.000Z',
  },
  {
    name: 'quarterly on the 10th: 5 January is still in the quarter that began 10 October',
    schedule: colombo('quarterly', 10),
    at: '2026-01-05T10:00',
    startDate: '2025-10-10',
    endDate: '2026-01-10',
    start: '2025-10-09T18:30:00.000Z',
    end: '2026-01-09T18:30:00.000Z',
  },
  {
    name: 'quarterly on the 10th: 10 January starts the next quarter',
    schedule: colombo('quarterly', 10),
    at: '2026-01-10T00:00',
    startDate: '2026-01-10',
    endDate: '2026-04-10',
    start: '2026-01-09T18:30:00.000Z',
    end: '2026-04-09T18:30:00.000Z',
  },
  {
    name: 'a month containing a DST change starts and ends at local midnight (CET → CEST)',
    schedule: { cycle: 'monthly', billingDay: 1, timeZone: 'Europe/Berlin' },
    at: '2026-03-29T12:00',
    startDate: '2026-03-01',
    endDate: '2026-04-01',
    start: '2026-02-28T23:00:00.000Z',
    end: '2026-03-31T22:00:00.000Z',
  },
  {
    name: 'a day whose midnight DST skips starts at its first real instant (Chile, 6 Sep 2026)',
    schedule: { cycle: 'weekly', billingDay: 7, timeZone: 'America/Santiago' },
    at: '2026-09-06T12:00',
    startDate: '2026-09-06',
    endDate: '2026-09-13',
    start: '2026-09-06T04:00:00.000Z',
    end: '2026-09-13T03:00:00.000Z',
  },
];

describe('billingPeriodFor', () => {
  it.each(cases)('$name', (c) => {
    const period = billingPeriodFor(localTime(c.at, c.schedule.timeZone), c.schedule);
    expect([period.startDate, period.endDate, period.start.toISOString(), period.end.toISOString()]).toEqual([
      c.startDate,
      c.endDate,
      c.start,
      c.end,
    ]);
  });

  it('periods follow each other without gap or overlap', () => {
    const schedule = colombo('monthly', 5);
    let period = billingPeriodFor(localTime('2026-01-20T00:00', 'Asia/Colombo'), schedule);
    for (let i = 0; i < 14; i++) {
      const next = nextBillingPeriod(period, schedule);
      expect(next.start).toEqual(period.end);
      expect(next.startDate).toBe(period.endDate);
      period = next;
    }
    expect(period.startDate).toBe('2027-03-05');
  });

  it('refuses a billing day outside the cycle', () => {
    expect(() => billingPeriodFor(new Date(), colombo('weekly', 8))).toThrow(/ISO weekday/);
    expect(() => billingPeriodFor(new Date(), colombo('monthly', 29))).toThrow(/1 to 28/);
  });
});

describe('dueDateFor (issue date + payment terms)', () => {
  it.each([
    ['2026-04-01', 30, '2026-05-01'],
    ['2026-12-15', 30, '2027-01-14'],
    ['2028-02-15', 14, '2028-02-29'],
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-04-01', 0, '2026-04-01'],
  ])('%s + %i days = %s', (issued, days, due) => {
    expect(dueDateFor(issued, days)).toBe(due);
  });

  it('refuses negative or fractional terms and a non-date', () => {
    expect(() => dueDateFor('2026-04-01', -1)).toThrow(/whole number of days/);
    expect(() => dueDateFor('2026-04-01', 1.5)).toThrow(/whole number of days/);
    expect(() => dueDateFor('2026-02-30', 1)).toThrow(/not a date/);
  });
});
