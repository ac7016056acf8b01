import { api } from './client';
import type { ItemOf, QueryOf, ResponseBody } from './contract';

type JobPage = ResponseBody<'/api/v1/jobs'>;
export type Job = ItemOf<JobPage>;
export type JobStatus = Job['status'];
type JobSummary = ResponseBody<'/api/v1/jobs/summary'>;
export type JobCount = ItemOf<JobSummary>;
export type JobFilter = QueryOf<'/api/v1/jobs'>;

export const jobKeys = {
  all: ['jobs'] as const,
  list: (filter: JobFilter) => ['jobs', 'list', filter] as const,
  summary: ['jobs', 'summary'] as const,
};

export const listJobs = (filter: JobFilter) => api.get<JobPage>('/jobs', { ...filter });
export const jobSummary = () => api.get<JobSummary>('/jobs/summary');
export const retryJob = (id: number) => api.post<Job>(`/jobs/${id}/retry`);
