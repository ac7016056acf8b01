import type { DayOfWeek, TariffDimension, TariffElement, TariffRestrictions } from '../../api/tariffs';
import { formatPrice, minorDigits } from '../../format';
import { DAYS } from './tariff-form-values';

/*
 * A tariff in plain words and as a week of hours. Which element applies follows the server exactly
 * (server/src/domain/finance/price-session.ts, priceSession → supplier; restrictions in
 * tariff-restrictions.ts, restrictionsMatch; docs/finance.md §2): for every moment and every component
 * type, the FIRST element in list order that HAS that component and whose restrictions match supplies
 * it. Prices stay decimal strings throughout: they are formatted, compared and grouped as text.
 */

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const PRICE = /^\d+(\.\d+)?$/;
const MINUTES_PER_DAY = 1440;

/** A price with its currency: "LKR 120.00"; what was typed when it is not (yet) a price or the currency not a code. */
export function priceText(price: string, currency: string, locale?: string): string {
  if (!PRICE.test(price) || !/^[A-Z]{3}$/.test(currency)) return `${currency} ${price || '…'}`.trim();
  return formatPrice(price, currency, locale);
}

/** "120.00" for a grid cell (the legend names the currency): the currency's decimals, grouped, exact. */
export function compactPrice(price: string, currency: string, locale?: string): string {
  if (!PRICE.test(price)) return price || '…';
  const digits = /^[A-Z]{3}$/.test(currency) ? minorDigits(currency) : 2;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: 6 }).format(price as `${number}`);
}

/** "090.500" → "90.5": one spelling per amount, so equal prices group together. */
function normalDecimal(price: string): string {
  if (!PRICE.test(price)) return price;
  const [int = '0', frac = ''] = price.split('.');
  const cleanInt = int.replace(/^0+(?=\d)/, '');
  const cleanFrac = frac.replace(/0+$/, '');
  return cleanFrac ? `${cleanInt}.${cleanFrac}` : cleanInt;
}

/** Orders two decimal strings by value without turning them into floats. */
export function compareDecimal(a: string, b: string): number {
  const [ai = '', af = ''] = normalDecimal(a).split('.');
  const [bi = '', bf = ''] = normalDecimal(b).split('.');
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const [x, y] = [af.padEnd(width, '0'), bf.padEnd(width, '0')];
  return x === y ? 0 : x < y ? -1 : 1;
}

// ---- Time-of-day and weekday restrictions (a copy of the server's rule, tariff-restrictions.ts) ----

const minuteOf = (time: string | undefined): number | null => {
  if (time === undefined || !TIME_OF_DAY.test(time)) return null;
  const [h = 0, m = 0] = time.split(':').map(Number);
  return h * 60 + m;
};

/**
 * OCPI 2.2.1 as the server reads it: start inclusive, end exclusive, an end before the start wraps past
 * midnight, "00:00" as end is the end of the day, equal start and end cover the whole day; day_of_week
 * is the moment's own weekday (a Friday 22:00–06:00 window covers Friday 00:00–06:00 and 22:00–24:00).
 */
function matchesClock(r: TariffRestrictions | undefined, day: DayOfWeek, minute: number): boolean {
  if (r?.day_of_week && r.day_of_week.length > 0 && !r.day_of_week.includes(day)) return false;
  const from = minuteOf(r?.start_time) ?? 0;
  const end = minuteOf(r?.end_time);
  const until = end === null || end === 0 ? MINUTES_PER_DAY : end;
  if (from === until || (from === 0 && until === MINUTES_PER_DAY)) return true;
  return from < until ? minute >= from && minute < until : minute >= from || minute < until;
}

const OTHER_KEYS = ['min_kwh', 'max_kwh', 'min_duration', 'max_duration', 'min_power', 'max_power'] as const;
const hasOtherRestriction = (r: TariffRestrictions | undefined) =>
  OTHER_KEYS.some((key) => r?.[key] !== undefined && r[key] !== '');

/** Whether some element restricts by kWh, duration or power — which the week grid cannot show. */
export function hasNonClockRestrictions(elements: readonly TariffElement[]): boolean {
  return elements.some((e) => hasOtherRestriction(e.restrictions));
}

// ---- The week grid ----

export interface AppliedPrice {
  elementIndex: number;
  price: string;
}

/** From `fromMinute` (minute of the day) to the next part or the end of the hour, these prices apply. */
export interface GridPart {
  fromMinute: number;
  energy: AppliedPrice | null;
  time: AppliedPrice | null;
}

export interface GridCell {
  hour: number;
  /** At least one; more when a window opens or closes within the hour (e.g. at 18:30). */
  parts: GridPart[];
}

export interface GridRow {
  day: DayOfWeek;
  cells: GridCell[];
}

function supplierOf(elements: readonly TariffElement[], type: TariffDimension, day: DayOfWeek, minute: number) {
  for (const [elementIndex, element] of elements.entries()) {
    const component = element.price_components.find((c) => c.type === type);
    if (component && matchesClock(element.restrictions, day, minute)) return { elementIndex, price: component.price };
  }
  return null;
}

const samePrice = (a: AppliedPrice | null, b: AppliedPrice | null) => a?.elementIndex === b?.elementIndex;

/**
 * For each weekday (Monday first) and hour 0–23, the energy and charging-time prices by the time and
 * weekday restrictions alone: kWh, duration and power restrictions are taken as matching.
 */
export function weekGrid(elements: readonly TariffElement[]): GridRow[] {
  return DAYS.map((day) => ({
    day,
    cells: Array.from({ length: 24 }, (_, hour) => {
      const parts: GridPart[] = [];
      for (let minute = hour * 60; minute < hour * 60 + 60; minute++) {
        const energy = supplierOf(elements, 'ENERGY', day, minute);
        const time = supplierOf(elements, 'TIME', day, minute);
        const last = parts.at(-1);
        if (!last || !samePrice(last.energy, energy) || !samePrice(last.time, time))
          parts.push({ fromMinute: minute, energy, time });
      }
      return { hour, parts };
    }),
  }));
}

/** One shade of the grid: every distinct energy + charging-time price pair, cheapest energy first. */
export interface LegendEntry {
  key: string;
  energy: string | null;
  time: string | null;
}

export const partKey = (part: GridPart) =>
  `${part.energy ? normalDecimal(part.energy.price) : '-'}|${part.time ? normalDecimal(part.time.price) : '-'}`;

export function gridLegend(grid: readonly GridRow[]): LegendEntry[] {
  const entries = new Map<string, LegendEntry>();
  for (const part of grid.flatMap((row) => row.cells.flatMap((cell) => cell.parts))) {
    const key = partKey(part);
    if (!entries.has(key)) entries.set(key, { key, energy: part.energy?.price ?? null, time: part.time?.price ?? null });
  }
  const order = (p: string | null, q: string | null) =>
    p === null ? (q === null ? 0 : -1) : q === null ? 1 : compareDecimal(p, q);
  return [...entries.values()].sort((a, b) => order(a.energy, b.energy) || order(a.time, b.time));
}

/**
 * Cell backgrounds, lightest (cheapest) to darkest: Mantine's blue 0–6, on each of which black text has
 * at least 4.5:1 (WCAG AA; tested). A few prices are spread over the whole range so they differ clearly;
 * beyond seven the darkest repeats — the cell text and the legend still tell them apart.
 */
export const GRID_SHADES = ['#e7f5ff', '#d0ebff', '#a5d8ff', '#74c0fc', '#4dabf7', '#339af0', '#228be6'];
export const GRID_TEXT = '#000000';
export const NO_PRICE_SHADE = '#ffffff';

/** The background of a grid part or legend entry, by its key (partKey). */
export function shadeOf(legend: readonly LegendEntry[], key: string): string {
  const priced = legend.filter((entry) => entry.energy !== null || entry.time !== null);
  const index = priced.findIndex((entry) => entry.key === key);
  if (index < 0) return NO_PRICE_SHADE;
  const last = GRID_SHADES.length - 1;
  const spread =
    priced.length > 1 && priced.length <= GRID_SHADES.length ? Math.round((index * last) / (priced.length - 1)) : index;
  return GRID_SHADES[Math.min(spread, last)]!;
}

// ---- The summary in words ----

const DAY_NAMES: Record<DayOfWeek, string> = {
  MONDAY: 'Monday',
  TUESDAY: 'Tuesday',
  WEDNESDAY: 'Wednesday',
  THURSDAY: 'Thursday',
  FRIDAY: 'Friday',
  SATURDAY: 'Saturday',
  SUNDAY: 'Sunday',
};
export const dayName = (day: DayOfWeek) => DAY_NAMES[day];

function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** "on weekdays", "at weekends", "Monday–Thursday", "on Monday and Friday"; null for every day. */
function daysPhrase(days: readonly DayOfWeek[] | undefined): string | null {
  const set = new Set(days ?? []);
  if (set.size === 0 || set.size === 7) return null;
  const indexes = DAYS.map((d, i) => (set.has(d) ? i : -1)).filter((i) => i >= 0);
  if (indexes.join() === '0,1,2,3,4') return 'on weekdays';
  if (indexes.join() === '5,6') return 'at weekends';
  const first = indexes[0]!;
  const last = indexes.at(-1)!;
  if (indexes.length >= 3 && last - first + 1 === indexes.length) return `${DAY_NAMES[DAYS[first]!]}–${DAY_NAMES[DAYS[last]!]}`;
  return `on ${listWords(indexes.map((i) => DAY_NAMES[DAYS[i]!]))}`;
}

const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** The time window in words; a window past midnight on given days is split, because the days are the moment's own. */
function timePhrase(r: TariffRestrictions, withDays: boolean): string | null {
  const from = minuteOf(r.start_time) ?? 0;
  const end = minuteOf(r.end_time);
  const until = end === null || end === 0 ? MINUTES_PER_DAY : end;
  if (from === until || (from === 0 && until === MINUTES_PER_DAY)) return null;
  if (from < until) return `${clock(from)}–${until === MINUTES_PER_DAY ? '24:00' : clock(until)}`;
  return withDays ? `00:00–${clock(until)} and ${clock(from)}–24:00` : `${clock(from)}–${clock(until)}`;
}

function durationWords(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function restrictionWords(r: TariffRestrictions | undefined): string[] {
  if (!r) return [];
  const words: string[] = [];
  const days = daysPhrase(r.day_of_week);
  const time = timePhrase(r, days !== null);
  if (days && time) words.push(`${days} ${time}`);
  else if (days) words.push(days);
  else if (time) words.push(`daily ${time}`);
  const { min_kwh: minKwh, max_kwh: maxKwh, min_duration: minS, max_duration: maxS, min_power: minKw, max_power: maxKw } = r;
  if (minKwh && maxKwh) words.push(`from ${minKwh} kWh until ${maxKwh} kWh delivered`);
  else if (minKwh) words.push(`once ${minKwh} kWh are delivered`);
  else if (maxKwh) words.push(`until ${maxKwh} kWh are delivered`);
  if (minS !== undefined && maxS !== undefined)
    words.push(`from ${durationWords(minS)} until ${durationWords(maxS)} into the session`);
  else if (minS !== undefined) words.push(`after the first ${durationWords(minS)}`);
  else if (maxS !== undefined) words.push(`in the first ${durationWords(maxS)}`);
  if (minKw && maxKw) words.push(`at ${minKw} kW up to ${maxKw} kW`);
  else if (minKw) words.push(`at ${minKw} kW or more`);
  else if (maxKw) words.push(`below ${maxKw} kW`);
  return words;
}

/**
 * A session fee is charged once, by the element supplying it at the first moment some element does
 * (priceSession): with an unrestricted fallback that is the session's start.
 */
function conditionWords(type: TariffDimension, words: string[], hasFallback: boolean): string {
  if (words.length === 0) return '';
  if (type !== 'FLAT') return ` ${words.join(', ')}`;
  return hasFallback ? ` for sessions starting ${words.join(', ')}` : `, once, if the session is under way ${words.join(', ')}`;
}

/** TIME and PARKING_TIME totals are rounded up to the step (docs/finance.md §2); ENERGY and FLAT ignore it. */
function billingWords(type: TariffDimension, stepSeconds: number): string {
  if ((type !== 'TIME' && type !== 'PARKING_TIME') || !stepSeconds) return '';
  if (stepSeconds === 60) return ', billed per minute, rounded up';
  if (stepSeconds === 3600) return ', billed per hour, rounded up';
  if (stepSeconds % 60 === 0) return `, billed per ${stepSeconds / 60} minutes, rounded up`;
  return `, billed per ${stepSeconds} seconds, rounded up`;
}

const KINDS: { type: TariffDimension; name: string; unit: string }[] = [
  { type: 'ENERGY', name: 'Energy', unit: '/kWh' },
  { type: 'TIME', name: 'Charging time', unit: '/h' },
  { type: 'PARKING_TIME', name: 'Parking', unit: '/h' },
  { type: 'FLAT', name: 'Session fee', unit: '' },
];

/**
 * The tariff in sentences, one per price component, in the order the server chooses them: "Energy LKR
 * 120.00/kWh daily 18:30–22:30", "Energy LKR 90.00/kWh at other times", "Session fee LKR 50.00".
 */
export function tariffSummary(elements: readonly TariffElement[], currency: string, locale?: string): string[] {
  const sentences: string[] = [];
  for (const kind of KINDS) {
    const offering = elements.flatMap((element, index) => {
      const component = element.price_components.find((c) => c.type === kind.type);
      return component ? [{ index, component, restrictions: element.restrictions }] : [];
    });
    const fallback = offering.find((o) => restrictionWords(o.restrictions).length === 0);
    let earlierOnlyClock = true;
    for (const [n, { index, component, restrictions }] of offering.entries()) {
      const head = `${kind.name} ${priceText(component.price, currency, locale)}${kind.unit}`;
      if (fallback && index > fallback.index) {
        sentences.push(`${head} in element ${index + 1} never applies: element ${fallback.index + 1} applies at all times`);
        continue;
      }
      const words = restrictionWords(restrictions);
      if (words.length === 0 && n > 0) words.push(earlierOnlyClock ? 'at other times' : 'otherwise');
      if (hasOtherRestriction(restrictions)) earlierOnlyClock = false;
      sentences.push(`${head}${conditionWords(kind.type, words, !!fallback)}${billingWords(kind.type, component.step_size)}`);
    }
    if (offering.length > 0 && !fallback && kind.type !== 'FLAT')
      sentences.push(`No ${kind.name.toLowerCase()} price at other times`);
  }
  return sentences;
}
