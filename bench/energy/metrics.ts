/** The server's own load-management figures, read from /metrics before and after the managed phase. */

export interface Metrics {
  /** Cumulative count per histogram bound (seconds), and the +Inf count and sum. */
  buckets: Map<number, number>;
  count: number;
  sum: number;
  answers: Record<string, number>;
}

export async function readMetrics(baseUrl: string): Promise<Metrics> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const buckets = new Map<number, number>();
  const answers: Record<string, number> = {};
  let count = 0;
  let sum = 0;
  for (const line of text.split('\n')) {
    let m = /^chargeboard_load_allocation_seconds_bucket\{le="([^"]+)"\} (\S+)$/.exec(line);
    if (m && m[1] !== '+Inf') buckets.set(Number(m[1]), Number(m[2]));
    m = /^chargeboard_load_allocation_seconds_count (\S+)$/.exec(line);
    if (m) count = Number(m[1]);
    m = /^chargeboard_load_allocation_seconds_sum (\S+)$/.exec(line);
    if (m) sum = Number(m[1]);
    m = /^chargeboard_load_profiles_sent_total\{answer="([^"]+)"\} (\S+)$/.exec(line);
    if (m) answers[m[1]!] = Number(m[2]);
  }
  return { buckets, count, sum, answers };
}

/**
 * Between two readings: recomputes, the share within 5 ms, p99 as the histogram bound it falls under
 * (an upper bound: the server keeps buckets, not samples), the mean, and profiles sent by answer.
 */
export function allocationFigures(before: Metrics, after: Metrics, minutes: number) {
  const recomputes = after.count - before.count;
  const within = (bound: number) => (after.buckets.get(bound) ?? 0) - (before.buckets.get(bound) ?? 0);
  const bounds = [...after.buckets.keys()].sort((a, b) => a - b);
  const p99Bound = bounds.find((b) => within(b) >= recomputes * 0.99);
  const answers: Record<string, number> = {};
  for (const [answer, n] of Object.entries(after.answers)) answers[answer] = n - (before.answers[answer] ?? 0);
  const profiles = Object.values(answers).reduce((a, b) => a + b, 0);
  return {
    recomputes,
    within5msPercent: recomputes ? Math.round((within(0.005) / recomputes) * 1000) / 10 : 0,
    p99AtMostMs: p99Bound === undefined ? Infinity : p99Bound * 1000,
    meanMs: recomputes ? Math.round(((after.sum - before.sum) / recomputes) * 10_000) / 10 : 0,
    profiles,
    profilesPerMinute: Math.round(profiles / minutes),
    answers,
  };
}
