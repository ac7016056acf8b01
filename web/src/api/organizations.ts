import { api } from './client';
import type { ListQueryOf, RequestBody, ResponseBody } from './contract';
import type { Contract, CreateOrganization, Organization, UpdateOrganization } from './types';

export type OrganizationListParams = ListQueryOf<'/api/v1/organizations'>;

export const organizationKeys = {
  all: ['organizations'] as const,
  list: (params: OrganizationListParams) => ['organizations', 'list', params] as const,
  detail: (id: string) => ['organizations', 'detail', id] as const,
  contracts: (id: string) => ['organizations', 'contracts', id] as const,
};

export const listOrganizations = (params: OrganizationListParams) =>
  api.get<ResponseBody<'/api/v1/organizations'>>('/organizations', { ...params });
export const getOrganization = (id: string) => api.get<Organization>(`/organizations/${id}`);
export const createOrganization = (body: CreateOrganization) => api.post<Organization>('/organizations', body);
export const updateOrganization = (id: string, body: UpdateOrganization) => api.patch<Organization>(`/organizations/${id}`, body);
export const deleteOrganization = (id: string) => api.delete(`/organizations/${id}`);

export function uploadLogo(id: string, file: File): Promise<void> {
  const form = new FormData();
  form.append('file', file);
  return api.putForm<void>(`/organizations/${id}/logo`, form);
}
export const removeLogo = (id: string) => api.delete(`/organizations/${id}/logo`);

export const listContracts = (id: string) => api.get<Contract[]>(`/organizations/${id}/contracts`);
export const createContract = (id: string, body: RequestBody<'/api/v1/organizations/{id}/contracts', 'post'>) =>
  api.post<Contract>(`/organizations/${id}/contracts`, body);
export const updateContract = (
  id: string,
  contractId: string,
  body: RequestBody<'/api/v1/organizations/{id}/contracts/{contractId}', 'patch'>,
) => api.patch<Contract>(`/organizations/${id}/contracts/${contractId}`, body);
export const deleteContract = (id: string, contractId: string) => api.delete(`/organizations/${id}/contracts/${contractId}`);
