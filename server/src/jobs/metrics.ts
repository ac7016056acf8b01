import client from 'prom-client';
import type { Db } from '../db/client.js';
import { JOB_STATUSES } from '../db/schema/jobs.js';
import { jobCounts } from './queries.js';
import type { JobQueue } from './queue.js';

/**
 * /metrics for the durable job queue: jobs per kind and state across all instances (read from the
 * database at scrape time), the age of the oldest due job, and this instance's outcomes and durations.
 */
export function installJobMetrics(registry: client.Registry, db: Db, queues: JobQueue[]): void {
  new client.Gauge({
    name: 'chargeboard_jobs',
    help: 'Durable jobs by kind and state (queued, running, done within the retention period, failed), all instances',
    labelNames: ['kind', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await jobCounts(db).catch(() => null);
      if (!counts) return;
      for (const row of counts) this.set({ kind: row.kind, state: row.status }, row.jobs);
      for (const kind of new Set(counts.map((c) => c.kind)))
        for (const state of JOB_STATUSES)
          if (!counts.some((c) => c.kind === kind && c.status === state)) this.set({ kind, state }, 0);
    },
  });
  new client.Gauge({
    name: 'chargeboard_jobs_oldest_queued_age_seconds',
    help: 'How long the oldest due, unclaimed job of each kind has waited',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await jobCounts(db).catch(() => null);
      for (const row of counts ?? []) if (row.status === 'queued') this.set({ kind: row.kind }, row.oldestAgeSeconds ?? 0);
    },
  });
  if (queues.length === 0) return;
  const outcomes = new client.Counter({
    name: 'chargeboard_job_attempts_total',
    help: 'Job attempts run by this instance, by kind and outcome (done, retry, failed)',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });
  const durations = new client.Histogram({
    name: 'chargeboard_job_duration_seconds',
    help: 'How long job attempts took on this instance',
    labelNames: ['kind'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30],
    registers: [registry],
  });
  new client.Gauge({
    name: 'chargeboard_jobs_running_here',
    help: 'Jobs this instance is running now',
    registers: [registry],
    collect() {
      this.set(queues.reduce((sum, queue) => sum + queue.runningCount, 0));
    },
  });
  for (const queue of queues)
    queue.onOutcome((kind, outcome, seconds) => {
      outcomes.inc({ kind, outcome });
      durations.observe({ kind }, seconds);
    });
}
