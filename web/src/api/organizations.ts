import { api } from './client';
import type { Contract, ContractFields, CreateOrganization, ListParams, Organization, Page, UpdateOrganization } from './types';

export interface OrganizationListParams extends ListParams {
  parentId?: string;
}

export const organizationKeys = {
  all: ['organizations'] as const,
  list: (params: OrganizationListParams) => ['organizations', 'list', params] as const,
  detail: (id: string) => ['organizations', 'detail', id] as const,
  contracts: (id: string) => ['organizations', 'contracts', id] as const,
};

export const listOrganizations = (params: OrganizationListParams) => api.get<Page<Organization>>('/organizations', { ...params });
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
export const createContract = (id: string, body: Partial<ContractFields>) =>
  api.post<Contract>(`/organizations/${id}/contracts`, body);
export const updateContract = (id: string, contractId: string, body: Partial<ContractFields>) =>
  api.patch<Contract>(`/organizations/${id}/contracts/${contractId}`, body);
export const deleteContract = (id: string, contractId: string) => api.delete(`/organizations/${id}/contracts/${contractId}`);
