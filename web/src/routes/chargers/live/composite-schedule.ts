/** A GetCompositeSchedule answer of either version, read for people: the limit now, in its unit. */
export interface ScheduleReading {
  unit: 'W' | 'A';
  limit: number;
  durationSeconds: number | null;
}

interface Schedule {
  chargingRateUnit?: unknown;
  duration?: unknown;
  chargingSchedulePeriod?: { limit?: unknown }[];
}

export function compositeScheduleOf(response: unknown): ScheduleReading | null {
  if (typeof response !== 'object' || response === null) return null;
  // 1.6 answers { chargingSchedule }, 2.0.1 { schedule } (K08).
  const r = response as { chargingSchedule?: Schedule; schedule?: Schedule };
  const schedule = r.chargingSchedule ?? r.schedule;
  const limit = schedule?.chargingSchedulePeriod?.[0]?.limit;
  if (!schedule || typeof limit !== 'number') return null;
  const unit = schedule.chargingRateUnit === 'A' ? 'A' : 'W';
  return { unit, limit, durationSeconds: typeof schedule.duration === 'number' ? schedule.duration : null };
}

/** "3 kW" for watts, "16 A per phase" for amperes. */
export function limitWords(reading: Pick<ScheduleReading, 'unit' | 'limit'>): string {
  if (reading.unit === 'A') return `${reading.limit.toLocaleString('en')} A per phase`;
  return `${(reading.limit / 1000).toLocaleString('en', { maximumFractionDigits: 2 })} kW`;
}
