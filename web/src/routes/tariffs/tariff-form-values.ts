import type {
  AssignmentLevel,
  DayOfWeek,
  Tariff,
  TariffDimension,
  TariffElement,
  TariffFields,
  TariffRestrictions,
} from '../../api/tariffs';

export interface ComponentValues {
  type: TariffDimension;
  price: string;
  /** Seconds (TIME and PARKING_TIME billing block). */
  stepSize: number | string;
}

/** One element's price components and restrictions, as the form edits them (durations in minutes). */
export interface ElementValues {
  components: ComponentValues[];
  startTime: string;
  endTime: string;
  days: DayOfWeek[];
  minKwh: string;
  maxKwh: string;
  minMinutes: string;
  maxMinutes: string;
  minPower: string;
  maxPower: string;
}

export interface TariffValues {
  organizationId: string | null;
  name: string;
  currency: string;
  level: AssignmentLevel;
  siteId: string | null;
  chargerId: string | null;
  connectorId: number | string;
  /** datetime-local text, the browser's clock. */
  validFrom: string;
  validTo: string;
  elements: ElementValues[];
}

export const DAYS: DayOfWeek[] = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
export const DIMENSION_LABELS: Record<TariffDimension, string> = {
  ENERGY: 'Energy (per kWh)',
  TIME: 'Charging time (per hour)',
  PARKING_TIME: 'Parking time (per hour)',
  FLAT: 'Flat (per session)',
};
export const DECIMAL = /^\d{1,12}(\.\d{1,6})?$/;

const pad = (n: number) => String(n).padStart(2, '0');
/** ISO instant → "YYYY-MM-DDTHH:mm" on the browser's clock, for a datetime-local input. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
export const fromLocalInput = (value: string): string => new Date(value).toISOString();

export const emptyElement = (): ElementValues => ({
  components: [{ type: 'ENERGY', price: '', stepSize: 0 }],
  startTime: '',
  endTime: '',
  days: [],
  minKwh: '',
  maxKwh: '',
  minMinutes: '',
  maxMinutes: '',
  minPower: '',
  maxPower: '',
});

const minutesOf = (seconds: number | undefined) => (seconds === undefined ? '' : String(seconds / 60));

function elementValues(e: TariffElement): ElementValues {
  const r = e.restrictions ?? {};
  return {
    components: e.price_components.map((c) => ({ type: c.type, price: c.price, stepSize: c.step_size })),
    startTime: r.start_time ?? '',
    endTime: r.end_time ?? '',
    days: r.day_of_week ?? [],
    minKwh: r.min_kwh ?? '',
    maxKwh: r.max_kwh ?? '',
    minMinutes: minutesOf(r.min_duration),
    maxMinutes: minutesOf(r.max_duration),
    minPower: r.min_power ?? '',
    maxPower: r.max_power ?? '',
  };
}

export function valuesOf(t: Tariff | null, organizationId: string | null, currency: string): TariffValues {
  return {
    organizationId: t?.organizationId ?? organizationId,
    name: t?.name ?? '',
    currency: t?.currency ?? currency,
    level: t?.level ?? 'organization',
    siteId: t?.siteId ?? null,
    chargerId: t?.chargerId ?? null,
    connectorId: t?.connectorId ?? 1,
    validFrom: toLocalInput(t?.validFrom ?? new Date().toISOString()),
    validTo: toLocalInput(t?.validTo),
    elements: t ? t.elements.map(elementValues) : [emptyElement()],
  };
}

const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
const seconds = (minutes: string) => (minutes.trim() === '' ? undefined : Math.round(Number(minutes) * 60));

function restrictionsOf(e: ElementValues): TariffRestrictions {
  const r: TariffRestrictions = {};
  const set = <K extends keyof TariffRestrictions>(key: K, value: TariffRestrictions[K] | undefined) => {
    if (value !== undefined) r[key] = value;
  };
  set('start_time', text(e.startTime));
  set('end_time', text(e.endTime));
  set('day_of_week', e.days.length > 0 ? e.days : undefined);
  set('min_kwh', text(e.minKwh));
  set('max_kwh', text(e.maxKwh));
  set('min_duration', seconds(e.minMinutes));
  set('max_duration', seconds(e.maxMinutes));
  set('min_power', text(e.minPower));
  set('max_power', text(e.maxPower));
  return r;
}

export function elementsOf(values: ElementValues[]): TariffElement[] {
  return values.map((e) => {
    const restrictions = restrictionsOf(e);
    return {
      price_components: e.components.map((c) => ({ type: c.type, price: c.price.trim(), step_size: Number(c.stepSize) || 0 })),
      ...(Object.keys(restrictions).length > 0 ? { restrictions } : {}),
    };
  });
}

export function payloadOf(v: TariffValues): TariffFields {
  return {
    name: v.name.trim(),
    currency: v.currency.trim().toUpperCase(),
    elements: elementsOf(v.elements),
    siteId: v.level === 'site' ? v.siteId : null,
    chargerId: v.level === 'charger' || v.level === 'connector' ? v.chargerId : null,
    connectorId: v.level === 'connector' ? Number(v.connectorId) : null,
    validFrom: fromLocalInput(v.validFrom),
    validTo: v.validTo ? fromLocalInput(v.validTo) : null,
  };
}
