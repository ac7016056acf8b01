import { api } from './client';
import type { ItemOf, ListQueryOf, RequestBody, ResponseBody } from './contract';

/** A discount campaign: `percent` (an exact rate, "0.1" = 10 %) or `fixedMinor` off the lines total. */
export type Campaign = ResponseBody<'/api/v1/campaigns/{id}'>;
export type CreateCampaign = RequestBody<'/api/v1/campaigns', 'post'>;
export type UpdateCampaign = RequestBody<'/api/v1/campaigns/{id}', 'patch'>;
export type CampaignFields = Omit<CreateCampaign, 'organizationId'>;
export type CampaignListParams = ListQueryOf<'/api/v1/campaigns'>;
type CampaignPage = ResponseBody<'/api/v1/campaigns'>;
export type CampaignListItem = ItemOf<CampaignPage>;

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: (params: CampaignListParams) => ['campaigns', 'list', params] as const,
};

export const listCampaigns = (params: CampaignListParams) => api.get<CampaignPage>('/campaigns', { ...params });
export const createCampaign = (body: CreateCampaign) => api.post<Campaign>('/campaigns', body);
export const updateCampaign = (id: string, body: UpdateCampaign) => api.patch<Campaign>(`/campaigns/${id}`, body);
export const deleteCampaign = (id: string) => api.delete(`/campaigns/${id}`);
