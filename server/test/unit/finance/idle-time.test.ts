import { describe, expect, it } from 'vitest';
import { idleSecondsOf } from '../../../src/domain/finance/idle-time.js';
import { priceSession } from '../../../src/domain/finance/price-session.js';
import { component, element, readingsIn, tariff } from './helpers.js';

const zone = 'Europe/Berlin';
const at = (time: string) => readingsIn(zone, [[`2026-03-10T${time}`, 0]])[0]!.at;
const readings = (pairs: [string, number][]) =>
  readingsIn(
    zone,
    pairs.map(([t, wh]) => [`2026-03-10T${t}`, wh] as const),
  );

describe('idleSecondsOf', () => {
  const cases: { name: string; readings: [string, number][]; endedAt?: string; idle: number }[] = [
    {
      name: 'a session that charged until it stopped has none',
      readings: [
        ['10:00', 0],
        ['11:00', 10_000],
      ],
      idle: 0,
    },
    {
      name: 'flat readings after the last rise count until plug-out',
      readings: [
        ['10:00', 0],
        ['11:00', 10_000],
        ['11:10', 10_000],
      ],
      endedAt: '11:16',
      idle: 16 * 60,
    },
    {
      name: 'a pause between charging stretches is not idle time',
      readings: [
        ['10:00', 0],
        ['10:30', 5_000],
        ['10:45', 5_000],
        ['11:00', 8_000],
      ],
      endedAt: '11:05',
      idle: 5 * 60,
    },
    {
      name: 'a session that never charged was idle all along',
      readings: [
        ['10:00', 1_000],
        ['10:20', 1_000],
      ],
      idle: 20 * 60,
    },
    { name: 'an instantaneous session has none', readings: [['10:00', 0]], idle: 0 },
  ];
  for (const c of cases)
    it(c.name, () => expect(idleSecondsOf(readings(c.readings), c.endedAt ? at(c.endedAt) : undefined)).toBe(c.idle));

  it('sub-second remainders round half-up to whole seconds', () => {
    const start = new Date('2026-03-10T10:00:00.000Z');
    const rise = new Date('2026-03-10T10:30:00.000Z');
    expect(
      idleSecondsOf(
        [
          { at: start, wh: 0 },
          { at: rise, wh: 100 },
        ],
        new Date('2026-03-10T10:30:01.500Z'),
      ),
    ).toBe(2);
    expect(
      idleSecondsOf(
        [
          { at: start, wh: 0 },
          { at: rise, wh: 100 },
        ],
        new Date('2026-03-10T10:30:01.499Z'),
      ),
    ).toBe(1);
  });

  it('is exactly the time PARKING_TIME prices (the same definition)', () => {
    const r = readings([
      ['10:00', 0],
      ['10:40', 7_000],
      ['10:50', 7_000],
      ['11:20', 9_000],
      ['11:30', 9_000],
    ]);
    const endedAt = at('11:47');
    const priced = priceSession(tariff('EUR', element([component('PARKING_TIME', '1.00')])), r, { timeZone: zone, endedAt });
    const parking = priced.lines.find((l) => l.type === 'PARKING_TIME')!;
    expect(Number(parking.measuredSeconds!.roundHalfUp())).toBe(idleSecondsOf(r, endedAt));
    expect(idleSecondsOf(r, endedAt)).toBe(27 * 60);
  });
});
