import { api } from './client';
import type { CreateRole, CustomRole, PermissionInfo, RoleInfo, UpdateRole } from './types';

export const roleKeys = {
  all: ['roles'] as const,
  list: (organizationId?: string) => ['roles', 'list', organizationId ?? null] as const,
  detail: (id: string) => ['roles', 'detail', id] as const,
  permissions: ['roles', 'permissions'] as const,
};

export const listRoles = (organizationId?: string) => api.get<RoleInfo[]>('/roles', { organizationId });
export const listPermissions = () => api.get<PermissionInfo[]>('/permissions');
export const getRole = (id: string) => api.get<RoleInfo>(`/roles/${id}`);
export const createRole = (body: CreateRole) => api.post<CustomRole>('/roles', body);
export const updateRole = (id: string, body: UpdateRole) => api.patch<CustomRole>(`/roles/${id}`, body);
export const deleteRole = (id: string) => api.delete(`/roles/${id}`);
