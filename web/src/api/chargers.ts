import { api } from './client';
import type { AdminStatus, Charger, CreateCharger, ListParams, Page, UpdateCharger } from './types';

export interface ChargerListParams extends ListParams {
  organizationId?: string;
  siteId?: string;
  adminStatus?: AdminStatus;
  visible?: boolean;
  includeRetired?: boolean;
}

export const chargerKeys = {
  all: ['chargers'] as const,
  list: (params: ChargerListParams) => ['chargers', 'list', params] as const,
  detail: (id: string) => ['chargers', 'detail', id] as const,
};

export const listChargers = (params: ChargerListParams) => api.get<Page<Charger>>('/chargers', { ...params });
export const getCharger = (id: string) => api.get<Charger>(`/chargers/${id}`);
export const createCharger = (body: CreateCharger) => api.post<Charger>('/chargers', body);
export const updateCharger = (id: string, body: UpdateCharger) => api.patch<Charger>(`/chargers/${id}`, body);
export const retireCharger = (id: string) => api.delete(`/chargers/${id}`);
export const setChargerVisibility = (id: string, visible: boolean) => api.put<Charger>(`/chargers/${id}/visibility`, { visible });
export const setChargerAdminStatus = (id: string, adminStatus: AdminStatus) =>
  api.put<Charger>(`/chargers/${id}/admin-status`, { adminStatus });
export const setLocationOwner = (id: string, body: { userId: string; share: string } | { userId: null }) =>
  api.put<Charger>(`/chargers/${id}/location-owner`, body);
export interface LocationOwnerCandidate {
  id: string;
  name: string;
  email: string;
  organizationId: string | null;
}
/** Location owners of the charger's organization and those above or below it, as the server decides. */
export const listLocationOwnerCandidates = (id: string) =>
  api.get<LocationOwnerCandidate[]>(`/chargers/${id}/location-owner-candidates`);
export const setOcppPassword = (id: string, password: string) => api.put<void>(`/chargers/${id}/ocpp-password`, { password });

/** A refused OCPP connection attempt, grouped per identity and address (GET /chargers/auth-failures). */
export interface AuthFailureGroup {
  identity: string;
  remoteAddress: string;
  count: number;
  firstAt: string;
  lastAt: string;
  reasons: AuthFailureReason[];
  lastReason: AuthFailureReason;
  knownCharger: boolean;
  chargerId: string | null;
  chargerName: string | null;
  lockedOut: boolean;
}
export type AuthFailureReason = 'unknown_identity' | 'bad_password' | 'no_password';
export const authFailureKeys = { list: (sinceHours: number) => ['chargers', 'auth-failures', sinceHours] as const };
export const listAuthFailures = (sinceHours: number) => api.get<AuthFailureGroup[]>('/chargers/auth-failures', { sinceHours });
