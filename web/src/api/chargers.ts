import { api } from './client';
import type { ListQueryOf, ResponseBody } from './contract';
import type { AdminStatus, Charger, CreateCharger, UpdateCharger } from './types';

export type ChargerListParams = ListQueryOf<'/api/v1/chargers'>;

export const chargerKeys = {
  all: ['chargers'] as const,
  list: (params: ChargerListParams) => ['chargers', 'list', params] as const,
  detail: (id: string) => ['chargers', 'detail', id] as const,
};

export const listChargers = (params: ChargerListParams) => api.get<ResponseBody<'/api/v1/chargers'>>('/chargers', { ...params });
export const getCharger = (id: string) => api.get<Charger>(`/chargers/${id}`);
export const createCharger = (body: CreateCharger) => api.post<Charger>('/chargers', body);
export const updateCharger = (id: string, body: UpdateCharger) => api.patch<Charger>(`/chargers/${id}`, body);
export const retireCharger = (id: string) => api.delete(`/chargers/${id}`);
export const setChargerVisibility = (id: string, visible: boolean) => api.put<Charger>(`/chargers/${id}/visibility`, { visible });
export const setChargerAdminStatus = (id: string, adminStatus: AdminStatus) =>
  api.put<Charger>(`/chargers/${id}/admin-status`, { adminStatus });
export const setLocationOwner = (id: string, body: { userId: string; share: string } | { userId: null }) =>
  api.put<Charger>(`/chargers/${id}/location-owner`, body);
export type LocationOwnerCandidate = ResponseBody<'/api/v1/chargers/{id}/location-owner-candidates'>[number];
/** Location owners of the charger's organization and those above or below it, as the server decides. */
export const listLocationOwnerCandidates = (id: string) =>
  api.get<LocationOwnerCandidate[]>(`/chargers/${id}/location-owner-candidates`);
export const setOcppPassword = (id: string, password: string) => api.put<void>(`/chargers/${id}/ocpp-password`, { password });

/** A refused OCPP connection attempt, grouped per identity and address (GET /chargers/auth-failures). */
export type AuthFailureGroup = ResponseBody<'/api/v1/chargers/auth-failures'>[number];
export type AuthFailureReason = AuthFailureGroup['lastReason'];
export const authFailureKeys = { list: (sinceHours: number) => ['chargers', 'auth-failures', sinceHours] as const };
export const listAuthFailures = (sinceHours: number) => api.get<AuthFailureGroup[]>('/chargers/auth-failures', { sinceHours });
