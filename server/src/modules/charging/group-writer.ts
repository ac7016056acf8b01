export interface GroupWriterOptions {
  /** Most items in one statement. */
  maxBatch: number;
  /** How long the first item of a batch waits for company when nothing is being written. */
  gatherMs: number;
  /** Batches written at the same time (one database connection each). */
  concurrency: number;
}

const DEFAULTS: GroupWriterOptions = { maxBatch: 500, gatherMs: 2, concurrency: 2 };

interface Pending<T, R> {
  item: T;
  key: string;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit for the small writes every connection makes (connection rows, boots, status
 * reports): items queued by many chargers are written together by `writeBatch` — one statement,
 * so one transaction and one WAL flush for the whole batch — and each caller's promise resolves
 * only once the batch is committed, with its own result. If a batch fails, its items are written
 * one by one with `writeOne`, so one bad item never fails the others.
 *
 * Items with the same key (the same charger or connector) are never in one batch nor in two
 * batches in flight at once: a later one waits for the next batch, so they commit in queue order
 * and an `INSERT … ON CONFLICT` never meets its row twice in one statement.
 */
export class GroupWriter<T, R> {
  private queue: Pending<T, R>[] = [];
  private readonly inFlight = new Set<string>();
  private running = 0;
  private readonly options: GroupWriterOptions;
  readonly stats = { batches: 0, items: 0, fallbacks: 0 };

  constructor(
    private readonly writeBatch: (items: T[]) => Promise<R[]>,
    private readonly writeOne: (item: T) => Promise<R>,
    private readonly keyOf: (item: T) => string,
    options: Partial<GroupWriterOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  write(item: T): Promise<R> {
    const done = new Promise<R>((resolve, reject) => this.queue.push({ item, key: this.keyOf(item), resolve, reject }));
    this.kick();
    return done;
  }

  /** Resolves when everything queued so far is written. */
  async drain(): Promise<void> {
    while (this.running > 0 || this.queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private kick(): void {
    if (this.queue.length === 0 || this.running >= this.options.concurrency) return;
    this.running++;
    void this.loop().finally(() => {
      this.running--;
      this.kick();
    });
  }

  /** The next batch: queue order, at most one item per key, none whose key is being written. */
  private take(): Pending<T, R>[] {
    const batch: Pending<T, R>[] = [];
    const keys = new Set<string>();
    const rest: Pending<T, R>[] = [];
    for (const p of this.queue) {
      if (batch.length < this.options.maxBatch && !keys.has(p.key) && !this.inFlight.has(p.key)) {
        keys.add(p.key);
        batch.push(p);
      } else rest.push(p);
    }
    this.queue = rest;
    return batch;
  }

  private async loop(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.options.gatherMs));
    for (;;) {
      const batch = this.take();
      if (batch.length === 0) return;
      for (const p of batch) this.inFlight.add(p.key);
      try {
        await this.flush(batch);
      } finally {
        for (const p of batch) this.inFlight.delete(p.key);
      }
    }
  }

  private async flush(batch: Pending<T, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.writeBatch(batch.map((p) => p.item));
    } catch {
      this.stats.fallbacks++;
      await Promise.all(batch.map((p) => this.writeOne(p.item).then(p.resolve, p.reject)));
      return;
    }
    this.stats.batches++;
    this.stats.items += batch.length;
    batch.forEach((p, i) => p.resolve(results[i]!));
  }
}
