import { api } from './client';
import type { ListQueryOf, RequestBody, ResponseBody } from './contract';
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

/** An unknown identity that connected and waits, Pending, to be claimed (platform staff only). */
export type UnclaimedCharger = ResponseBody<'/api/v1/chargers/unclaimed'>[number];
export type RejectedCharger = ResponseBody<'/api/v1/chargers/rejected'>[number];
export type ClaimCharger = RequestBody<'/api/v1/chargers/unclaimed/{id}/claim', 'post'>;
export const unclaimedKeys = {
  all: ['chargers', 'unclaimed'] as const,
  list: ['chargers', 'unclaimed', 'list'] as const,
  rejected: ['chargers', 'unclaimed', 'rejected'] as const,
};
export const listUnclaimed = () => api.get<UnclaimedCharger[]>('/chargers/unclaimed');
export const listRejected = () => api.get<RejectedCharger[]>('/chargers/rejected');
export const claimUnclaimed = (id: string, body: ClaimCharger) =>
  api.post<ResponseBody<'/api/v1/chargers/unclaimed/{id}/claim', 'post'>>(`/chargers/unclaimed/${id}/claim`, body);
export const rejectUnclaimed = (id: string) => api.post<RejectedCharger>(`/chargers/unclaimed/${id}/reject`);
export const forgiveRejected = (id: string) => api.delete(`/chargers/rejected/${id}`);
