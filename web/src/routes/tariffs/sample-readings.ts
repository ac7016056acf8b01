/** One meter reading of a sample session, as the preview API takes it: a wall-clock time at the site. */
export interface SampleReading {
  atLocal: string;
  energyWh: number;
}

const LINE = /^(?:(\d{4}-\d{2}-\d{2})[T ])?(\d{1,2}):(\d{2})\s+(\d{1,5}(?:\.\d{1,3})?)\s*(?:kWh)?$/i;

/**
 * Reads the power curve typed under the preview: one reading per line, "18:30 14" or
 * "2026-03-10 18:30 14.5 kWh" (a time at the site, then the kWh delivered since the start). A time
 * without a date is on the start's date. Blank lines are skipped; the first bad line is named.
 */
export function parseSampleReadings(text: string, startLocal: string): { readings: SampleReading[] } | { error: string } {
  const startDate = startLocal.slice(0, 10);
  const readings: SampleReading[] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = LINE.exec(line);
    const hours = m ? Number(m[2]) : NaN;
    if (!m || hours > 23) return { error: `Reading on line ${i + 1}: write a time and the kWh so far, e.g. "18:30 14"` };
    readings.push({
      atLocal: `${m[1] ?? startDate}T${String(hours).padStart(2, '0')}:${m[3]}`,
      energyWh: Math.round(Number(m[4]) * 1000),
    });
  }
  return { readings };
}
