import { DateTime } from 'luxon';
import { priceSession, type PricedSession } from '../../../src/domain/finance/price-session.js';
import { formatMinor } from '../../../src/domain/finance/money.js';
import type { PricedLine } from '../../../src/domain/finance/price-session.js';
import type { MeterReading } from '../../../src/domain/finance/session-timeline.js';
import type { PriceComponent, Tariff, TariffElement, TariffRestrictions } from '../../../src/domain/finance/tariff.js';

/** A local wall-clock time ("2026-03-10T17:50") in a zone, as an instant. */
export function localTime(iso: string, zone: string): Date {
  const time = DateTime.fromISO(iso, { zone });
  if (!time.isValid) throw new Error(`bad time ${iso}`);
  return time.toJSDate();
}

/** Readings written as [local time, Wh] pairs. */
export function readingsIn(zone: string, pairs: readonly (readonly [string, number])[]): MeterReading[] {
  return pairs.map(([iso, wh]) => ({ at: localTime(iso, zone), wh }));
}

export function component(type: PriceComponent['type'], price: string, step_size = 0): PriceComponent {
  return { type, price, step_size };
}

export function element(components: PriceComponent[], restrictions?: TariffRestrictions): TariffElement {
  return restrictions ? { price_components: components, restrictions } : { price_components: components };
}

export function tariff(currency: string, ...elements: TariffElement[]): Tariff {
  return { currency, elements };
}

/** The worked example's tariff: peak ENERGY 120.00 18:30–22:30, otherwise 90.00, FLAT 50.00. */
export const WORKED_EXAMPLE_TARIFF = tariff(
  'LKR',
  element([component('ENERGY', '120.00')], { start_time: '18:30', end_time: '22:30' }),
  element([component('ENERGY', '90.00'), component('FLAT', '50.00')]),
);

export const SRI_LANKA_TAXES = [
  { name: 'SSCL', rate: '0.025', compound: false },
  { name: 'VAT', rate: '0.18', compound: true },
] as const;

/** A priced line as a test reads it: [type, element, quantity to 4 places, amount in major units]. */
export type LineView = [string, number, string, string];

export function linesOf(priced: { lines: readonly PricedLine[]; currency: string }): LineView[] {
  return priced.lines.map((line) => [
    line.type,
    line.elementIndex,
    line.quantity.toFixed(4),
    formatMinor(line.amountMinor, priced.currency),
  ]);
}

/** A session on one ordinary Berlin day, written with local times ("10:00", "10:00:10.4"). */
export interface DayCase {
  name: string;
  tariff: Tariff;
  readings: [string, number][];
  /** Plug-out, when after the last reading. */
  endedAt?: string;
  lines: LineView[];
  net: string;
}

export const DAY_ZONE = 'Europe/Berlin';
const DAY = '2026-06-02';

export function onDay(time: string): Date {
  return localTime(`${DAY}T${time}`, DAY_ZONE);
}

export function priceOnDay(t: Tariff, readings: readonly (readonly [string, number])[], endedAt?: string): PricedSession {
  return priceSession(
    t,
    readings.map(([time, wh]) => ({ at: onDay(time), wh })),
    { timeZone: DAY_ZONE, endedAt: endedAt === undefined ? undefined : onDay(endedAt) },
  );
}
