import { api } from './client';
import type { RequestBody, ResponseBody } from './contract';

export type LoadManagementState = ResponseBody<'/api/v1/sites/{id}/load-management'>;
export type LoadManagementSettings = RequestBody<'/api/v1/sites/{id}/load-management', 'put'>;
export type ManagedSessionRow = LoadManagementState['sessions'][number];

export type SiteEnergyHistory = ResponseBody<'/api/v1/sites/{id}/load-management/history'>;

export const loadManagementKeys = {
  site: (siteId: string) => ['load-management', siteId] as const,
  history: (siteId: string, range: string) => ['load-management', siteId, 'history', range] as const,
};

export const getSiteEnergyHistory = (siteId: string, from: string) =>
  api.get<SiteEnergyHistory>(`/sites/${siteId}/load-management/history?from=${encodeURIComponent(from)}`);

export const getLoadManagement = (siteId: string) => api.get<LoadManagementState>(`/sites/${siteId}/load-management`);
export const saveLoadManagement = (siteId: string, body: LoadManagementSettings) =>
  api.put<LoadManagementState>(`/sites/${siteId}/load-management`, body);
