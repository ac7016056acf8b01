import type { JobCount, JobStatus } from '../../api/jobs';

export const STATUS_LABELS: Record<JobStatus, string> = {
  queued: 'Waiting',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

export const STATUS_COLORS: Record<JobStatus, string> = {
  queued: 'blue',
  running: 'cyan',
  done: 'gray',
  failed: 'red',
};

/** Jobs per status over every kind, and the longest any due job has waited. */
export function totalsByStatus(counts: readonly JobCount[]): {
  jobs: Record<JobStatus, number>;
  oldestWaitSeconds: number | null;
} {
  const jobs: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
  let oldestWaitSeconds: number | null = null;
  for (const c of counts) {
    jobs[c.status] += c.jobs;
    if (c.oldestAgeSeconds !== null) oldestWaitSeconds = Math.max(oldestWaitSeconds ?? 0, c.oldestAgeSeconds);
  }
  return { jobs, oldestWaitSeconds };
}

/** "4 s", "3 min", "2 h 5 min": how long something has waited, for a person. */
export function formatWait(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}
