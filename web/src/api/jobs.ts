import { api } from './client';
import type { Page } from './types';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface Job {
  id: number;
  kind: string;
  description: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  organizationId: string | null;
  organizationName: string | null;
  payload: Record<string, unknown>;
  lastError: string | null;
  runAt: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface JobCount {
  kind: string;
  status: JobStatus;
  jobs: number;
  oldestAgeSeconds: number | null;
}

export interface JobFilter {
  status?: JobStatus;
  page: number;
  pageSize: number;
}

export const jobKeys = {
  all: ['jobs'] as const,
  list: (filter: JobFilter) => ['jobs', 'list', filter] as const,
  summary: ['jobs', 'summary'] as const,
};

export const listJobs = (filter: JobFilter) => api.get<Page<Job>>('/jobs', { ...filter });
export const jobSummary = () => api.get<{ items: JobCount[] }>('/jobs/summary');
export const retryJob = (id: number) => api.post<Job>(`/jobs/${id}/retry`);
