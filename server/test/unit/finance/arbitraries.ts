import fc from 'fast-check';
import type { CommissionContract } from '../../../src/domain/finance/commission.js';
import type { MeterReading } from '../../../src/domain/finance/session-timeline.js';
import type { GatewayTerms } from '../../../src/domain/finance/settlement.js';
import {
  DAYS_OF_WEEK,
  type PriceComponent,
  type Tariff,
  type TariffElement,
  type TariffRestrictions,
} from '../../../src/domain/finance/tariff.js';
import type { TaxRule } from '../../../src/domain/finance/tax.js';

/** An exact decimal string n / 10^places, built from integers so no float is ever involved. */
export const decimal = (max: number, places: number) =>
  fc.integer({ min: 0, max }).map((n) => {
    const digits = n.toString().padStart(places + 1, '0');
    return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  });

const timeOfDay = fc
  .integer({ min: 0, max: 1439 })
  .map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);

const restrictions: fc.Arbitrary<TariffRestrictions> = fc.record(
  {
    start_time: timeOfDay,
    end_time: timeOfDay,
    day_of_week: fc.subarray([...DAYS_OF_WEEK], { minLength: 1 }),
    min_kwh: decimal(60_000, 3),
    max_kwh: decimal(120_000, 3),
    min_duration: fc.integer({ min: 0, max: 6 * 3600 }),
    max_duration: fc.integer({ min: 0, max: 12 * 3600 }),
    min_power: decimal(100_000, 3),
    max_power: decimal(200_000, 3),
  },
  { requiredKeys: [] },
);

const priceComponent: fc.Arbitrary<PriceComponent> = fc.record({
  type: fc.constantFrom('ENERGY', 'FLAT', 'PARKING_TIME', 'TIME'),
  price: decimal(20_000, 3),
  step_size: fc.constantFrom(0, 1, 60, 300, 900),
});

const tariffElement: fc.Arbitrary<TariffElement> = fc.record(
  { price_components: fc.array(priceComponent, { minLength: 1, maxLength: 4 }), restrictions },
  { requiredKeys: ['price_components'] },
);

export const CURRENCIES = ['LKR', 'EUR', 'JPY', 'KWD'] as const;
/** Zones with 1 h DST (Berlin, Santiago at midnight), 30 min DST (Lord Howe), a half-hour offset (Colombo). */
export const ZONES = ['Asia/Colombo', 'Europe/Berlin', 'America/Santiago', 'Australia/Lord_Howe', 'UTC'] as const;

/** Half the tariffs end with an unrestricted ENERGY element, so all energy is priced. */
export const tariff = (currency: string): fc.Arbitrary<{ tariff: Tariff; pricesAllEnergy: boolean }> =>
  fc
    .record({ elements: fc.array(tariffElement, { minLength: 1, maxLength: 4 }), fallback: fc.option(decimal(20_000, 3)) })
    .map(({ elements, fallback }) => ({
      tariff: {
        currency,
        elements:
          fallback === null ? elements : [...elements, { price_components: [{ type: 'ENERGY', price: fallback, step_size: 0 }] }],
      },
      pricesAllEnergy: fallback !== null,
    }));

const START_MIN = Date.UTC(2025, 0, 1);
const START_MAX = Date.UTC(2027, 11, 31);

/** Readings with random gaps (1 s – 3 h) and increments (often 0), plus a random plug-out after the last one. */
export const session = fc
  .record({
    startMs: fc.integer({ min: START_MIN, max: START_MAX }),
    startWh: fc.integer({ min: 0, max: 10_000_000 }),
    steps: fc.array(
      fc.record({
        ms: fc.integer({ min: 1_000, max: 3 * 3_600_000 }),
        wh: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 80_000 })),
      }),
      { maxLength: 8 },
    ),
    parkedMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 * 3_600_000 })),
  })
  .map(({ startMs, startWh, steps, parkedMs }) => {
    const readings: MeterReading[] = [{ at: new Date(startMs), wh: startWh }];
    let ms = startMs;
    let wh = startWh;
    for (const step of steps) {
      ms += step.ms;
      wh += step.wh;
      readings.push({ at: new Date(ms), wh });
    }
    return { readings, endedAt: new Date(ms + parkedMs), durationMs: ms + parkedMs - startMs };
  });

export const taxes: fc.Arbitrary<TaxRule[]> = fc.array(
  fc.record({ name: fc.constantFrom('SSCL', 'VAT', 'GST', 'Levy'), rate: decimal(3_000, 4), compound: fc.boolean() }),
  { maxLength: 3 },
);

export const gateway: fc.Arbitrary<GatewayTerms | null> = fc.option(
  fc.record({
    gateway: fc.constantFrom('cybersource', 'amex'),
    percent: decimal(500, 4),
    fixedMinor: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 500n })),
  }),
);

/** Percentages stay low enough (≤ 20 % + ≤ 10 % + ≤ 5 % of gross) that the partner keeps a share. */
export const commission: fc.Arbitrary<CommissionContract> = fc.oneof(
  fc.record({ kind: fc.constant('percent_of_net' as const), percent: decimal(2_000, 4) }),
  fc.record({ kind: fc.constant('per_kwh' as const), perKwh: decimal(5_000, 3) }),
  fc.array(decimal(2_000, 4), { minLength: 1, maxLength: 3 }).map((percents) => ({
    kind: 'kwh_tiers' as const,
    tiers: percents.map((percent, i) => ({ fromKwh: String(i * 500), percent })),
  })),
);

export const organization = fc.record({
  taxes,
  gateway,
  gatewayFeeBearer: fc.constantFrom('organization' as const, 'platform' as const),
  commission,
  organizationWhEarlierInPeriod: fc.integer({ min: 0, max: 3_000_000 }),
  locationOwnerShare: fc.option(decimal(1_000, 4)),
  energyCostPerKwh: decimal(100_000, 3),
  discounts: fc.array(fc.bigInt({ min: 0n, max: 5_000n }), { maxLength: 2 }),
});
