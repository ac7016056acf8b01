import { api } from './client';
import type { ListParams, Page } from './types';

/** OCPI 2.2.1 tariff shapes as the server takes them: prices and kWh are exact decimal strings. */
export type TariffDimension = 'ENERGY' | 'TIME' | 'PARKING_TIME' | 'FLAT';
export type DayOfWeek = 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';

export interface PriceComponent {
  type: TariffDimension;
  price: string;
  step_size: number;
}

export interface TariffRestrictions {
  start_time?: string;
  end_time?: string;
  day_of_week?: DayOfWeek[];
  min_kwh?: string;
  max_kwh?: string;
  min_duration?: number;
  max_duration?: number;
  min_power?: string;
  max_power?: string;
}

export interface TariffElement {
  price_components: PriceComponent[];
  restrictions?: TariffRestrictions;
}

export type AssignmentLevel = 'organization' | 'site' | 'charger' | 'connector';

export interface TariffFields {
  name: string;
  currency: string;
  elements: TariffElement[];
  siteId: string | null;
  chargerId: string | null;
  connectorId: number | null;
  validFrom: string;
  validTo: string | null;
}

export interface Tariff extends TariffFields {
  id: string;
  organizationId: string;
  level: AssignmentLevel;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TariffListParams extends ListParams {
  organizationId?: string;
  siteId?: string;
  chargerId?: string;
  currency?: string;
  validAt?: string;
}

export interface PreviewInput {
  tariffId?: string;
  tariff?: { organizationId: string; currency: string; elements: TariffElement[] };
  /** Default: the time zone of the site of `chargerId` / `siteId`, else the organization's. */
  timeZone?: string;
  siteId?: string;
  chargerId?: string;
  startedAt?: string;
  stoppedAt?: string;
  /** Wall-clock times ("2026-03-10T17:50") read on the preview's clock, instead of instants. */
  startedAtLocal?: string;
  stoppedAtLocal?: string;
  /** The energy, spread evenly; or send meterReadings (a power curve) instead. */
  energyWh?: number;
  chargingEndsAt?: string;
  /** Energy delivered since the start at each time (`at` an instant, or `atLocal` a wall-clock time at the site). */
  meterReadings?: { at?: string; atLocal?: string; energyWh: number }[];
}

export interface PreviewResult {
  currency: string;
  /** The clock the tariff's times were read on, and where it came from. */
  timeZone: string;
  timeZoneSource: 'request' | 'site' | 'organization';
  siteName: string | null;
  startedAt: string;
  stoppedAt: string;
  /** What the preview assumed, in words, to show with the result. */
  assumptions: string[];
  energyWh: number;
  lines: { elementIndex: number; type: string; unitPrice: string; quantity: string; amountMinor: number }[];
  netMinor: number;
  taxes: { name: string; rate: string; compound: boolean; baseMinor: number; amountMinor: number }[];
  taxMinor: number;
  grossMinor: number;
}

export const tariffKeys = {
  all: ['tariffs'] as const,
  list: (params: TariffListParams) => ['tariffs', 'list', params] as const,
  detail: (id: string) => ['tariffs', 'detail', id] as const,
};

export const listTariffs = (params: TariffListParams) => api.get<Page<Tariff>>('/tariffs', { ...params });
export const getTariff = (id: string) => api.get<Tariff>(`/tariffs/${id}`);
export const createTariff = (body: TariffFields & { organizationId: string }) => api.post<Tariff>('/tariffs', body);
export const updateTariff = (id: string, body: Partial<TariffFields>) => api.patch<Tariff>(`/tariffs/${id}`, body);
export const deleteTariff = (id: string) => api.delete(`/tariffs/${id}`);
export const previewTariff = (body: PreviewInput) => api.post<PreviewResult>('/tariffs/preview', body);
