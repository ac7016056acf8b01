import { api } from './client';
import type { RequestBody, ResponseBody } from './contract';

export type LoadManagementState = ResponseBody<'/api/v1/sites/{id}/load-management'>;
export type LoadManagementSettings = RequestBody<'/api/v1/sites/{id}/load-management', 'put'>;
export type ManagedSessionRow = LoadManagementState['sessions'][number];

export const loadManagementKeys = {
  site: (siteId: string) => ['load-management', siteId] as const,
};

export const getLoadManagement = (siteId: string) => api.get<LoadManagementState>(`/sites/${siteId}/load-management`);
export const saveLoadManagement = (siteId: string, body: LoadManagementSettings) =>
  api.put<LoadManagementState>(`/sites/${siteId}/load-management`, body);
