import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { JobsConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { hasAttemptsLeft, retryDelayMs } from '../domain/job-retry.js';
import type { JobKind, JobPayloads } from './kinds.js';
import { type ClaimedJob, claimJobs, completeJob, extendLeases, failJob, purgeFinishedJobs } from './queries.js';

/**
 * What a failure says, for the log and the jobs page: the innermost cause's message — a query
 * error's wrapper repeats the SQL and its parameters (customer data), which are never stored or logged.
 */
export function errorText(error: unknown): string {
  let current: unknown = error;
  let text = String(error);
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    text = current.message;
    current = current.cause;
  }
  return text;
}

export type JobHandler<K extends JobKind> = (payload: JobPayloads[K], job: ClaimedJob) => Promise<void>;

/** While chargers or the database are busy, due jobs wait at most this long before they run anyway… */
export const MAX_DELAY_WHILE_BUSY_MS = 60_000;
/** …re-checking this often. */
const BUSY_RECHECK_MS = 250;
const PURGE_EVERY_MS = 10 * 60_000;

export interface JobOutcomeListener {
  (kind: JobKind, outcome: 'done' | 'retry' | 'failed', seconds: number): void;
}

/**
 * The worker of the durable job queue on this instance. Any number of instances run one each on the
 * same database; a job is claimed by one of them at a time (SKIP LOCKED), and handlers are
 * idempotent because a job whose process died after its work committed but before it was marked
 * done runs again. Background work yields to charger traffic: while `busy()` only jobs that have
 * waited MAX_DELAY_WHILE_BUSY_MS are claimed.
 */
export class JobQueue {
  readonly instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly handlers = new Map<JobKind, JobHandler<JobKind>>();
  private readonly running = new Map<number, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private claiming = false;
  private again = false;
  private closing = false;
  private started = false;
  private lastPurge = 0;
  private databaseDown = false;
  private readonly listeners: JobOutcomeListener[] = [];

  constructor(private readonly deps: { db: Db; config: JobsConfig; busy?: () => boolean }) {}

  /** Logs to the app's logger once it exists (the queue is built before the HTTP app that reports on it). */
  private log: FastifyBaseLogger | null = null;

  register<K extends JobKind>(kind: K, handler: JobHandler<K>): void {
    this.handlers.set(kind, handler as JobHandler<JobKind>);
  }

  onOutcome(listener: JobOutcomeListener): void {
    this.listeners.push(listener);
  }

  /** Jobs this instance is running now. */
  get runningCount(): number {
    return this.running.size;
  }

  start(log: FastifyBaseLogger): void {
    if (this.started) return;
    this.started = true;
    this.log = log;
    const every = Math.max(1000, (this.deps.config.leaseSeconds * 1000) / 3);
    this.heartbeat = setInterval(() => void this.extend(), every).unref();
    this.wake();
  }

  /** Something was enqueued (after its commit): look now instead of at the next poll. */
  wake(): void {
    if (!this.started || this.closing) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Stops claiming and waits for the jobs under way; what is still queued stays in the database for the next start. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = null;
    while (this.claiming || this.running.size > 0) {
      await Promise.allSettled([...this.running.values()]);
      if (this.claiming) await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private schedule(ms: number): void {
    if (this.closing) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.claimAndRun();
    }, ms);
    this.timer.unref();
  }

  private async claimAndRun(): Promise<void> {
    if (this.closing || this.claiming) return;
    const { db, config } = this.deps;
    const log = this.log!;
    const free = config.concurrency - this.running.size;
    if (free <= 0) return; // a finishing job looks again
    this.claiming = true;
    this.again = false;
    let claimed: ClaimedJob[] = [];
    const busy = this.deps.busy?.() ?? false;
    try {
      claimed = await claimJobs(db, {
        instance: this.instance,
        kinds: [...this.handlers.keys()],
        limit: free,
        leaseSeconds: config.leaseSeconds,
        overdueMs: busy ? MAX_DELAY_WHILE_BUSY_MS : null,
        holding: [...this.running.keys()],
      });
      if (this.databaseDown) log.info('job queue: the database answers again');
      this.databaseDown = false;
      await this.purgeNowAndThen();
    } catch (error) {
      if (!this.databaseDown) log.warn({ error: errorText(error) }, 'job queue: cannot claim jobs; retrying');
      this.databaseDown = true;
    } finally {
      this.claiming = false;
    }
    for (const job of claimed) this.run(job);
    if (this.closing) return;
    if (claimed.length === free || this.again) this.schedule(0);
    else this.schedule(busy ? BUSY_RECHECK_MS : config.pollMs);
  }

  private run(job: ClaimedJob): void {
    const started = process.hrtime.bigint();
    const work = this.execute(job)
      .then((outcome) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        for (const listener of this.listeners) listener(job.kind, outcome, seconds);
      })
      .finally(() => {
        this.running.delete(job.id);
        this.wake();
      });
    this.running.set(job.id, work);
  }

  private async execute(job: ClaimedJob): Promise<'done' | 'retry' | 'failed'> {
    const { db, config } = this.deps;
    const log = this.log!;
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for jobs of kind ${job.kind}`);
      await handler(job.payload as JobPayloads[JobKind], job);
    } catch (error) {
      const message = errorText(error);
      const retry = hasAttemptsLeft(job.attempts, job.maxAttempts);
      const retryAt = retry ? new Date(Date.now() + retryDelayMs(job.attempts, config.retryBaseMs)) : null;
      log[retry ? 'warn' : 'error'](
        { error: message, jobId: job.id, kind: job.kind, attempt: job.attempts, maxAttempts: job.maxAttempts },
        retry ? 'job failed; it will be retried' : 'job failed for the last time; it is kept as failed',
      );
      await this.persist(() => failJob(db, job.id, this.instance, message, retryAt));
      return retry ? 'retry' : 'failed';
    }
    await this.persist(() => completeJob(db, job.id, this.instance));
    return 'done';
  }

  /**
   * Records an outcome; when the database is unreachable the job stays `running` and its lease
   * running out hands it to a worker again (its handler is idempotent).
   */
  private async persist(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.log?.warn({ error: errorText(error) }, 'job queue: cannot record a job outcome; its lease will hand it out again');
    }
  }

  private async extend(): Promise<void> {
    if (this.running.size === 0) return;
    try {
      await extendLeases(this.deps.db, [...this.running.keys()], this.instance, this.deps.config.leaseSeconds);
    } catch {
      // the database is away: the claim loop logs it; a lease that runs out hands the job out again
    }
  }

  private async purgeNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = Date.now();
    const purged = await purgeFinishedJobs(this.deps.db, this.deps.config.retentionDays);
    if (purged > 0) this.log?.debug({ purged }, 'job queue: finished jobs past their retention deleted');
  }
}
