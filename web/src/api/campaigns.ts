import { api } from './client';
import type { ListParams, Page } from './types';

/** A discount campaign: `percent` (an exact rate, "0.1" = 10 %) or `fixedMinor` off the lines total. */
export interface CampaignFields {
  name: string;
  siteId: string | null;
  kind: 'percent' | 'fixed';
  percent: string | null;
  fixedMinor: number | null;
  validFrom: string;
  validTo: string | null;
}

export interface Campaign extends CampaignFields {
  id: string;
  organizationId: string;
  createdAt: string;
}

export interface CampaignListParams extends ListParams {
  organizationId?: string;
  siteId?: string;
  activeAt?: string;
}

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: (params: CampaignListParams) => ['campaigns', 'list', params] as const,
};

export const listCampaigns = (params: CampaignListParams) => api.get<Page<Campaign>>('/campaigns', { ...params });
export const createCampaign = (body: CampaignFields & { organizationId: string }) => api.post<Campaign>('/campaigns', body);
export const updateCampaign = (id: string, body: Partial<CampaignFields>) => api.patch<Campaign>(`/campaigns/${id}`, body);
export const deleteCampaign = (id: string) => api.delete(`/campaigns/${id}`);
