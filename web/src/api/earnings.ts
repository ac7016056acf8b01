import { api } from './client';
import type { QueryOf, ResponseBody } from './contract';

/** A location owner's commission per charger and currency over a range of local days (GET /earnings). */
export type Earnings = ResponseBody<'/api/v1/earnings'>;
export type EarningsParams = QueryOf<'/api/v1/earnings'>;
export const earningsKeys = { range: (params: EarningsParams) => ['earnings', params] as const };
export const getEarnings = (params: EarningsParams) => api.get<Earnings>('/earnings', { ...params });
