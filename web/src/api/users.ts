import { api } from './client';
import type { ListQueryOf, RequestBody, ResponseBody } from './contract';
import type { CreateUser, UpdateUser, User } from './types';

export type UserListParams = ListQueryOf<'/api/v1/users'>;

export const userKeys = {
  all: ['users'] as const,
  list: (params: UserListParams) => ['users', 'list', params] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

export const listUsers = (params: UserListParams) => api.get<ResponseBody<'/api/v1/users'>>('/users', { ...params });
export const getUser = (id: string) => api.get<User>(`/users/${id}`);
export const createUser = (body: CreateUser) => api.post<User>('/users', body);
export const updateUser = (id: string, body: UpdateUser) => api.patch<User>(`/users/${id}`, body);
export const disableUser = (id: string) => api.post<User>(`/users/${id}/disable`);
export const enableUser = (id: string) => api.post<User>(`/users/${id}/enable`);
export const resetUserPassword = (id: string, password: RequestBody<'/api/v1/users/{id}/reset-password', 'post'>['password']) =>
  api.post<User>(`/users/${id}/reset-password`, { password });
