import { unprocessable } from '../../errors.js';
import { isKnownCurrency } from '../currency.js';
import { parseDecimal } from './ratio.js';

/**
 * The OCPI 2.2.1 Tariff module, as far as pricing uses it (docs/finance.md §2). Field names follow OCPI so a stored
 * OCPI tariff reads as-is, with one deliberate change: decimals (prices, kWh, kW) are exact decimal
 * strings, not JSON numbers, because a JSON number is a binary float once JavaScript parses it.
 */
export type TariffDimensionType = 'ENERGY' | 'FLAT' | 'PARKING_TIME' | 'TIME';

export const DAYS_OF_WEEK = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export interface PriceComponent {
  type: TariffDimensionType;
  /** Price excluding tax, in major units: per kWh (ENERGY), per hour (TIME, PARKING_TIME), per session (FLAT). */
  price: string;
  /**
   * Billing block. TIME and PARKING_TIME: seconds; the line's total time is rounded up to a multiple
   * (0 = no rounding). ENERGY and FLAT: ignored, because energy is priced exactly, fractions of a Wh included.
   */
  step_size: number;
}

export interface TariffRestrictions {
  /** Local time of day "HH:MM", valid from (inclusive). */
  start_time?: string;
  /** Local time of day "HH:MM", valid until (exclusive); earlier than start_time wraps past midnight. */
  end_time?: string;
  day_of_week?: readonly DayOfWeek[];
  /** Energy consumed so far in the session, kWh: valid from (inclusive) / until (exclusive). */
  min_kwh?: string;
  max_kwh?: string;
  /** Session duration so far, seconds: valid from (inclusive) / until (exclusive). */
  min_duration?: number;
  max_duration?: number;
  /** Charging power, kW: valid from (inclusive) / until (exclusive). */
  min_power?: string;
  max_power?: string;
}

export interface TariffElement {
  price_components: readonly PriceComponent[];
  restrictions?: TariffRestrictions;
}

export interface Tariff {
  id?: string;
  currency: string;
  elements: readonly TariffElement[];
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const DIMENSIONS: readonly TariffDimensionType[] = ['ENERGY', 'FLAT', 'PARKING_TIME', 'TIME'];

/** "18:30" → 1110 minutes after midnight. */
export function minuteOfDay(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Refuses a tariff that could not be priced exactly, with the path of the offending field. */
export function assertTariff(tariff: Tariff): void {
  if (!isKnownCurrency(tariff.currency)) throw unprocessable(`"${tariff.currency}" is not an ISO 4217 currency code`);
  if (tariff.elements.length === 0) throw unprocessable('A tariff needs at least one element', { field: 'elements' });
  tariff.elements.forEach((element, e) => {
    const at = `elements.${e}`;
    if (element.price_components.length === 0) throw unprocessable('A tariff element needs a price component', { field: at });
    element.price_components.forEach((component, c) => {
      const field = `${at}.price_components.${c}`;
      if (!DIMENSIONS.includes(component.type)) throw unprocessable(`Unknown price component type`, { field });
      assertNonNegativeDecimal(component.price, `${field}.price`);
      assertNonNegativeInteger(component.step_size, `${field}.step_size`);
    });
    assertRestrictions(element.restrictions ?? {}, `${at}.restrictions`);
  });
}

function assertRestrictions(r: TariffRestrictions, at: string): void {
  for (const key of ['start_time', 'end_time'] as const) {
    const value = r[key];
    if (value !== undefined && !TIME_OF_DAY.test(value)) throw unprocessable(`${key} must be "HH:MM"`, { field: `${at}.${key}` });
  }
  for (const key of ['min_kwh', 'max_kwh', 'min_power', 'max_power'] as const) {
    const value = r[key];
    if (value !== undefined) assertNonNegativeDecimal(value, `${at}.${key}`);
  }
  for (const key of ['min_duration', 'max_duration'] as const) {
    const value = r[key];
    if (value !== undefined) assertNonNegativeInteger(value, `${at}.${key}`);
  }
  r.day_of_week?.forEach((day, i) => {
    if (!DAYS_OF_WEEK.includes(day)) throw unprocessable(`Unknown day of week "${day}"`, { field: `${at}.day_of_week.${i}` });
  });
}

function assertNonNegativeDecimal(value: string, field: string): void {
  let negative: boolean;
  try {
    negative = parseDecimal(value).isNegative();
  } catch {
    throw unprocessable(`${field} must be an exact decimal string`, { field });
  }
  if (negative) throw unprocessable(`${field} cannot be negative`, { field });
}

function assertNonNegativeInteger(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw unprocessable(`${field} must be a whole number ≥ 0`, { field });
}
