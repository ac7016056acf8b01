import { unprocessable } from '../../errors.js';
import { zoneOf } from './local-time.js';
import { kwhOf, minMinor, type Minor, priceQuantity, sumMinor, type WattHours } from './money.js';
import { Ratio } from './ratio.js';
import { type MeterReading, type SessionPiece, sessionTimeline } from './session-timeline.js';
import type { PriceComponent, Tariff, TariffDimensionType } from './tariff.js';
import { assertTariff } from './tariff.js';
import {
  compileRestrictions,
  durationBoundaries,
  energyBoundaries,
  restrictionsMatch,
  type SessionMoment,
  timeOfDayBoundaries,
} from './tariff-restrictions.js';

export interface CampaignDiscount {
  name: string;
  amountMinor: Minor;
}

export interface PriceSessionOptions {
  /** The site's IANA time zone: tariff windows are read on its wall clock, DST included. */
  timeZone: string;
  /** Plug-out, when later than the last meter reading (the parking time runs until then). */
  endedAt?: Date;
  discounts?: readonly CampaignDiscount[];
}

/** One price component of one tariff element (docs/finance.md §2: a "line"). */
export interface PricedLine {
  elementIndex: number;
  type: TariffDimensionType;
  /** Major units per kWh, per hour or per session, excluding tax. */
  unitPrice: string;
  /** Exact: kWh for ENERGY, billed hours (after step rounding) for TIME and PARKING_TIME, 1 for FLAT. */
  quantity: Ratio;
  /** TIME and PARKING_TIME: the measured seconds, before rounding up to the step size. */
  measuredSeconds?: Ratio;
  amountMinor: Minor;
}

export interface PricedSession {
  currency: string;
  /** Last reading minus first reading. */
  energyWh: WattHours;
  lines: PricedLine[];
  linesTotalMinor: Minor;
  /** Campaign discounts actually taken off (never more than the lines total). */
  discountMinor: Minor;
  netMinor: Minor;
}

const LINE_ORDER: readonly TariffDimensionType[] = ['ENERGY', 'TIME', 'PARKING_TIME', 'FLAT'];

interface Accumulator {
  elementIndex: number;
  component: PriceComponent;
  /** Wh for ENERGY, ms for TIME and PARKING_TIME, 1 for FLAT. */
  measured: Ratio;
}

/**
 * Prices a session from its meter readings (docs/finance.md §2). For each moment, each component type comes
 * from the first element that has one and whose restrictions match; a line gathers everything one
 * element's component priced and is rounded once.
 */
export function priceSession(tariff: Tariff, readings: readonly MeterReading[], options: PriceSessionOptions): PricedSession {
  assertTariff(tariff);
  const restrictions = tariff.elements.map((element) => compileRestrictions(element.restrictions));
  const pieces = sessionTimeline({
    readings,
    endedAt: options.endedAt,
    zone: zoneOf(options.timeZone),
    minutesOfDay: timeOfDayBoundaries(restrictions),
    durationsMs: durationBoundaries(restrictions),
    energiesWh: energyBoundaries(restrictions),
  });

  const supplier = (type: TariffDimensionType, moment: SessionMoment): Omit<Accumulator, 'measured'> | null => {
    for (const [elementIndex, element] of tariff.elements.entries()) {
      const component = element.price_components.find((c) => c.type === type);
      if (component && restrictionsMatch(restrictions[elementIndex]!, moment)) return { elementIndex, component };
    }
    return null;
  };

  const lines = new Map<string, Accumulator>();
  const add = (type: TariffDimensionType, piece: SessionPiece, measured: Ratio): boolean => {
    const found = supplier(type, piece.moment);
    if (!found) return false;
    const key = `${type}:${found.elementIndex}`;
    const line = lines.get(key);
    if (line) line.measured = line.measured.plus(measured);
    else lines.set(key, { ...found, measured });
    return true;
  };

  let flatCharged = false;
  for (const piece of pieces) {
    if (!piece.energyWh.isZero()) add('ENERGY', piece, piece.energyWh);
    if (piece.activity === 'charging') add('TIME', piece, piece.durationMs);
    if (piece.activity === 'parking' && !piece.durationMs.isZero()) add('PARKING_TIME', piece, piece.durationMs);
    // FLAT counts once: from the first moment at which some element supplies it.
    if (!flatCharged) flatCharged = add('FLAT', piece, Ratio.ONE);
  }

  const priced = [...lines.values()]
    .sort((a, b) => LINE_ORDER.indexOf(a.component.type) - LINE_ORDER.indexOf(b.component.type))
    .map((line) => priceLine(line, tariff.currency));
  const linesTotalMinor = sumMinor(priced.map((line) => line.amountMinor));
  const discountMinor = minMinor(totalDiscount(options.discounts ?? []), linesTotalMinor);
  const first = readings[0]!;
  const last = readings.at(-1)!;
  return {
    currency: tariff.currency,
    energyWh: last.wh - first.wh,
    lines: priced,
    linesTotalMinor,
    discountMinor,
    netMinor: linesTotalMinor - discountMinor,
  };
}

function priceLine(line: Accumulator, currency: string): PricedLine {
  const { component, elementIndex } = line;
  const base = { elementIndex, type: component.type, unitPrice: component.price };
  if (component.type === 'ENERGY') {
    const quantity = kwhOf(line.measured);
    return { ...base, quantity, amountMinor: priceQuantity(quantity, component.price, currency) };
  }
  if (component.type === 'FLAT') {
    return { ...base, quantity: Ratio.ONE, amountMinor: priceQuantity(Ratio.ONE, component.price, currency) };
  }
  const measuredSeconds = line.measured.dividedBy(1000);
  const step = component.step_size;
  // OCPI step_size: the line's total time is billed in whole blocks, rounded up.
  const billedSeconds = step > 0 ? Ratio.of(measuredSeconds.dividedBy(step).ceil() * BigInt(step)) : measuredSeconds;
  const quantity = billedSeconds.dividedBy(3600);
  return { ...base, quantity, measuredSeconds, amountMinor: priceQuantity(quantity, component.price, currency) };
}

function totalDiscount(discounts: readonly CampaignDiscount[]): Minor {
  for (const discount of discounts) {
    if (discount.amountMinor < 0n) throw unprocessable(`Discount "${discount.name}" cannot be negative`);
  }
  return sumMinor(discounts.map((d) => d.amountMinor));
}
