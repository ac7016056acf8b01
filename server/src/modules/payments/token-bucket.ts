/** Time as the bucket sees it: real by default, fake in tests. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * At most `ratePerSecond` calls a second, with bursts of up to one second's worth. A caller takes a
 * token or waits for one; each waiter reserves its token at once (the count may go below zero), so
 * waiters are served in arrival order and none waits longer than its reservation. A pause (the
 * gateway said 429) empties the bucket until it ends.
 */
export class TokenBucket {
  private tokens: number;
  /** The time up to which `tokens` is accounted; after a pause, its end (in the future). */
  private accountedTo: number;
  private pausedUntil = 0;

  constructor(
    readonly ratePerSecond: number,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = ratePerSecond;
    this.accountedTo = clock.now();
  }

  private refill(now: number): void {
    if (now <= this.accountedTo) return;
    this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.accountedTo) * this.ratePerSecond) / 1000);
    this.accountedTo = now;
  }

  /** Waits for a token; false (and nothing taken) when none would come within `maxWaitMs`. */
  async take(maxWaitMs: number): Promise<boolean> {
    const deadline = this.clock.now() + maxWaitMs;
    for (;;) {
      const now = this.clock.now();
      this.refill(now);
      const readyAt =
        Math.max(this.accountedTo, this.pausedUntil) + (this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.ratePerSecond);
      if (readyAt > deadline) return false;
      this.tokens -= 1;
      if (readyAt <= now) return true;
      await this.clock.sleep(readyAt - now);
      // A pause that began while this caller waited holds it too.
      if (this.pausedUntil <= this.clock.now()) return true;
      this.tokens += 1;
    }
  }

  /** No calls for `ms` (the gateway's Retry-After, else a second), then a refill from empty. */
  pause(ms: number): void {
    const until = this.clock.now() + ms;
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.tokens = Math.min(this.tokens, 0);
    this.accountedTo = Math.max(this.accountedTo, until);
  }

  get paused(): boolean {
    return this.clock.now() < this.pausedUntil;
  }
}
