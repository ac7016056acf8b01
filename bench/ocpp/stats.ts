/** Percentiles of latency samples, in milliseconds rounded to 0.1. */
export function percentiles(samples: number[]): { count: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) =>
    sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10 : 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}
