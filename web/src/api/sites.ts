import { api } from './client';
import type { CreateSite, ListParams, Page, Site, UpdateSite } from './types';

export interface SiteListParams extends ListParams {
  organizationId?: string;
}

export const siteKeys = {
  all: ['sites'] as const,
  list: (params: SiteListParams) => ['sites', 'list', params] as const,
  detail: (id: string) => ['sites', 'detail', id] as const,
};

export const listSites = (params: SiteListParams) => api.get<Page<Site>>('/sites', { ...params });
export const getSite = (id: string) => api.get<Site>(`/sites/${id}`);
export const createSite = (body: CreateSite) => api.post<Site>('/sites', body);
export const updateSite = (id: string, body: UpdateSite) => api.patch<Site>(`/sites/${id}`, body);
export const deleteSite = (id: string) => api.delete(`/sites/${id}`);
