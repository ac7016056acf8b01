import { eq } from 'drizzle-orm';
import { DateTime, IANAZone } from 'luxon';
import type { Executor } from '../../db/client.js';
import {
  NOTIFICATION_CHANNELS,
  type NotificationChannel,
  notificationPreferences,
  organizations,
  users,
} from '../../db/schema/index.js';

/** What a user chose; a user without a preferences row gets DEFAULT_PREFERENCES on their organization's clock. */
export interface Preferences {
  /** Channels beyond in-app, in the order chosen, each once. */
  channels: NotificationChannel[];
  /** Alert rule types to be told about; null: all of them. */
  alertTypes: string[] | null;
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
  timeZone: string;
  digest: 'off' | 'hourly' | 'daily';
  marketingOptOut: boolean;
}

export const DEFAULT_PREFERENCES: Readonly<Preferences> = Object.freeze({
  channels: ['email' as const],
  alertTypes: null,
  quietHoursStart: null,
  quietHoursEnd: null,
  timeZone: 'UTC',
  digest: 'off',
  marketingOptOut: false,
});

export async function loadPreferences(db: Executor, userId: string): Promise<Preferences> {
  const [row] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  if (!row) return { ...DEFAULT_PREFERENCES, channels: [...DEFAULT_PREFERENCES.channels], timeZone: await homeZone(db, userId) };
  const known = new Set<string>(NOTIFICATION_CHANNELS);
  return {
    channels: [...new Set(Array.isArray(row.channels) ? row.channels : [])].filter((c) => known.has(c)),
    alertTypes: Array.isArray(row.alertTypes) ? row.alertTypes : null,
    quietHoursStart: row.quietHoursStart,
    quietHoursEnd: row.quietHoursEnd,
    timeZone: row.timeZone,
    digest: row.digest,
    marketingOptOut: row.marketingOptOut,
  };
}

/** The zone of the user's organization (a platform user has none: UTC), until they choose one. */
async function homeZone(db: Executor, userId: string): Promise<string> {
  const [row] = await db
    .select({ zone: organizations.timeZone })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.id, userId));
  return row && IANAZone.isValidZone(row.zone) ? row.zone : DEFAULT_PREFERENCES.timeZone;
}

/** Minutes since midnight of an "HH:MM" (24-hour) time, or null when it is not one. */
export function parseClock(value: string | null | undefined): number | null {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value?.trim() ?? '');
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * When the quiet period `now` falls in ends, or null when `now` is outside quiet hours (or the user
 * has none). `start` and `end` are "HH:MM" wall-clock times in the IANA zone `timeZone` (an unknown
 * zone is read as UTC); the period may wrap midnight ("22:00" to "07:00"). Start is inside the
 * period, end is not. Equal start and end, or a time that is not HH:MM, means no quiet hours. An end
 * that falls in a daylight-saving gap is moved forward by the gap (luxon's rule), so it still exists.
 */
export function quietHoursEnd(now: Date, start: string | null, end: string | null, timeZone: string): Date | null {
  const from = parseClock(start);
  const to = parseClock(end);
  if (from === null || to === null || from === to) return null;
  const zone = IANAZone.isValidZone(timeZone) ? timeZone : 'UTC';
  const local = DateTime.fromJSDate(now, { zone });
  const minute = local.hour * 60 + local.minute;
  const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inside) return null;
  const clock = { hour: Math.floor(to / 60), minute: to % 60 };
  let until = local.startOf('day').set(clock);
  if (until.toMillis() <= local.toMillis()) until = local.startOf('day').plus({ days: 1 }).set(clock);
  return until.toUTC().toJSDate();
}
