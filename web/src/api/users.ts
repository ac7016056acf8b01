import { api } from './client';
import type { CreateUser, ListParams, Page, RoleKey, UpdateUser, User } from './types';

export interface UserListParams extends ListParams {
  organizationId?: string;
  role?: RoleKey;
  disabled?: boolean;
}

export const userKeys = {
  all: ['users'] as const,
  list: (params: UserListParams) => ['users', 'list', params] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

export const listUsers = (params: UserListParams) => api.get<Page<User>>('/users', { ...params });
export const getUser = (id: string) => api.get<User>(`/users/${id}`);
export const createUser = (body: CreateUser) => api.post<User>('/users', body);
export const updateUser = (id: string, body: UpdateUser) => api.patch<User>(`/users/${id}`, body);
export const disableUser = (id: string) => api.post<User>(`/users/${id}/disable`);
export const enableUser = (id: string) => api.post<User>(`/users/${id}/enable`);
export const resetUserPassword = (id: string, password: string) => api.post<User>(`/users/${id}/reset-password`, { password });
