import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatMinor } from '../../src/domain/finance/money.js';
import { scaledText } from '../../src/modules/transactions/export/columns.js';
import { csvLines } from '../../src/modules/transactions/export/csv.js';
import { localIso, localSerial } from '../../src/modules/transactions/export/local-time.js';

describe('export money text', () => {
  it.each([
    [293_000n, 2, '2930.00'],
    [5n, 2, '0.05'],
    [-5n, 3, '-0.005'],
    [1500n, 0, '1500'],
    [0n, 2, '0.00'],
    [123_456_789_012_345_678n, 2, '1234567890123456.78'],
  ])('%s minor with %s digits is %s', (minor, digits, text) => {
    expect(scaledText(minor, digits)).toBe(text);
  });

  it('agrees with the domain formatter for every amount and currency', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.constantFrom('LKR', 'EUR', 'JPY', 'KWD'),
        (minor, currency) => {
          const digits = { LKR: 2, EUR: 2, JPY: 0, KWD: 3 }[currency]!;
          expect(scaledText(minor, digits)).toBe(formatMinor(minor, currency));
        },
      ),
    );
  });
});

describe('export local times', () => {
  it('writes the wall clock of the zone with its offset', () => {
    expect(localIso(new Date('2026-03-09T18:40:00Z'), 'Asia/Colombo')).toBe('2026-03-10T00:10:00+05:30');
    expect(localIso(new Date('2026-03-09T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-10T00:30:00+01:00');
    expect(localIso(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
  });

  it('gives Excel serials of the wall clock with the offset for the format', () => {
    // 2026-03-10 00:10 is day 46091 plus 10 minutes; Excel dates have no zone, so the serial is the local clock.
    const colombo = localSerial(new Date('2026-03-09T18:40:00Z'), 'Asia/Colombo');
    expect(colombo.offset).toBe('+05:30');
    expect(colombo.serial).toBeCloseTo(46_091 + 10 / 1440, 9);
    const newYork = localSerial(new Date('2026-07-01T12:00:00Z'), 'America/New_York');
    expect(newYork.offset).toBe('-04:00');
    expect(newYork.serial).toBeCloseTo(46_204 + 8 / 24, 9);
  });

  it('matches luxon across DST changes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Colombo', 'Australia/Lord_Howe', 'UTC'),
        (ms, zone) => {
          const expected = DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone }).toISO({ suppressMilliseconds: true })!;
          expect(localIso(new Date(Math.floor(ms / 1000) * 1000), zone)).toBe(expected.replace(/Z$/, '+00:00'));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('CSV cells', () => {
  it('quotes separators and neutralises formulas in text', () => {
    const row = {
      id: 's1',
      organizationName: 'Lanka, "Charge"',
      siteName: '=HYPERLINK("x")',
      chargerName: 'CH-1',
      connectorId: 1,
      idTag: null,
      vehicleRef: null,
      driverName: null,
      status: 'completed',
      sessionFlagged: false,
      flagReason: null,
      settlementFlags: [],
      timeZone: 'UTC',
      startedAt: new Date('2026-01-01T00:00:00Z'),
      stoppedAt: new Date('2026-01-01T01:00:00Z'),
      idleSeconds: 0,
      energyWh: 1500,
      currency: 'EUR',
      organizationCurrency: 'EUR',
      netMinor: -150n,
      taxMinor: 0n,
      grossMinor: -150n,
    } as unknown as Parameters<typeof csvLines>[0][number];
    const line = csvLines([row], new Date())
      .trimEnd()
      .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    expect(line[1]).toBe('"Lanka, ""Charge"""');
    expect(line[2]).toBe(`"'=HYPERLINK(""x"")"`);
    expect(line.slice(-4)).toEqual(['EUR', '-1.50', '0.00', '-1.50']);
  });
});
