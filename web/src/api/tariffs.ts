import { api } from './client';
import type { ListQueryOf, RequestBody, ResponseBody } from './contract';

/** OCPI 2.2.1 tariff shapes as the server takes them: prices and kWh are exact decimal strings. */
type TariffPage = ResponseBody<'/api/v1/tariffs'>;
export type Tariff = ResponseBody<'/api/v1/tariffs/{id}'>;
export type CreateTariff = RequestBody<'/api/v1/tariffs', 'post'>;
export type UpdateTariff = RequestBody<'/api/v1/tariffs/{id}', 'patch'>;
export type TariffFields = Omit<CreateTariff, 'organizationId'>;
export type TariffElement = Tariff['elements'][number];
export type PriceComponent = TariffElement['price_components'][number];
export type TariffRestrictions = NonNullable<TariffElement['restrictions']>;
export type TariffDimension = PriceComponent['type'];
export type DayOfWeek = NonNullable<TariffRestrictions['day_of_week']>[number];
export type AssignmentLevel = Tariff['level'];
export type TariffListParams = ListQueryOf<'/api/v1/tariffs'>;
/**
 * A preview: a stored tariff or a draft, over a session given as instants or as wall-clock times
 * at the site, with energy spread evenly or a power curve (meterReadings).
 */
export type PreviewInput = RequestBody<'/api/v1/tariffs/preview', 'post'>;
/** What the session would cost, on which clock, and what the preview assumed. */
export type PreviewResult = ResponseBody<'/api/v1/tariffs/preview', 'post'>;

export const tariffKeys = {
  all: ['tariffs'] as const,
  list: (params: TariffListParams) => ['tariffs', 'list', params] as const,
  detail: (id: string) => ['tariffs', 'detail', id] as const,
};

export const listTariffs = (params: TariffListParams) => api.get<TariffPage>('/tariffs', { ...params });
export const getTariff = (id: string) => api.get<Tariff>(`/tariffs/${id}`);
export const createTariff = (body: CreateTariff) => api.post<Tariff>('/tariffs', body);
export const updateTariff = (id: string, body: UpdateTariff) => api.patch<Tariff>(`/tariffs/${id}`, body);
export const deleteTariff = (id: string) => api.delete(`/tariffs/${id}`);
export const previewTariff = (body: PreviewInput) => api.post<PreviewResult>('/tariffs/preview', body);
