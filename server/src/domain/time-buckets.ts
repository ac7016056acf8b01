/** Bucket lengths (seconds) a time axis reads well: 1, 2, 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12, 24 hours. */
const BUCKETS = [60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400];

/** The smallest readable bucket that gives at most `maxPoints` points over `rangeSeconds`. */
export function bucketSecondsFor(rangeSeconds: number, maxPoints: number): number {
  return BUCKETS.find((b) => rangeSeconds / b <= maxPoints) ?? BUCKETS.at(-1)!;
}
