import { api, publishSession, request } from './client';
import type { RequestBody } from './contract';
import type { LoginReply, Me } from './types';

export async function login(email: string, password: string): Promise<LoginReply> {
  const reply = await request<LoginReply>('POST', '/auth/login', { body: { email, password } });
  publishSession(reply);
  return reply;
}

export async function logout(): Promise<void> {
  try {
    await request<void>('POST', '/auth/logout');
  } finally {
    publishSession(null);
  }
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<LoginReply> {
  const reply = await api.post<LoginReply>('/me/password', { currentPassword, newPassword });
  publishSession(reply);
  return reply;
}

export const getMe = () => api.get<Me>('/me');
export const updateProfile = (body: RequestBody<'/api/v1/me', 'patch'>) => api.patch<Me>('/me', body);
