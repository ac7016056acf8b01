import { api } from './client';
import type { AuditEntry, ChainReport, Page } from './types';

export interface AuditFilter {
  page?: number;
  pageSize?: number;
  actorId?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
}

export const auditKeys = {
  all: ['audit'] as const,
  list: (filter: AuditFilter) => ['audit', 'list', filter] as const,
};

export const listAudit = (filter: AuditFilter) => api.get<Page<AuditEntry>>('/audit', { ...filter });
export const verifyAudit = () => api.get<ChainReport>('/audit/verify');
