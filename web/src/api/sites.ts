import { api } from './client';
import type { ListQueryOf, ResponseBody } from './contract';
import type { CreateSite, Site, UpdateSite } from './types';

export type SiteListParams = ListQueryOf<'/api/v1/sites'>;

export const siteKeys = {
  all: ['sites'] as const,
  list: (params: SiteListParams) => ['sites', 'list', params] as const,
  detail: (id: string) => ['sites', 'detail', id] as const,
};

export const listSites = (params: SiteListParams) => api.get<ResponseBody<'/api/v1/sites'>>('/sites', { ...params });
export const getSite = (id: string) => api.get<Site>(`/sites/${id}`);
export const createSite = (body: CreateSite) => api.post<Site>('/sites', body);
export const updateSite = (id: string, body: UpdateSite) => api.patch<Site>(`/sites/${id}`, body);
export const deleteSite = (id: string) => api.delete(`/sites/${id}`);
