import { api } from './client';
import type { QueryOf, ResponseBody } from './contract';
import type { ChainReport } from './types';

export type AuditFilter = QueryOf<'/api/v1/audit'>;

export const auditKeys = {
  all: ['audit'] as const,
  list: (filter: AuditFilter) => ['audit', 'list', filter] as const,
};

export const listAudit = (filter: AuditFilter) => api.get<ResponseBody<'/api/v1/audit'>>('/audit', { ...filter });
export const verifyAudit = () => api.get<ChainReport>('/audit/verify');
