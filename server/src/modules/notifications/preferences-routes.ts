import { IANAZone } from 'luxon';
import { Type } from 'typebox';
import { NOTIFICATION_CHANNELS, notificationPreferences } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { ALERT_RULE_TYPES } from '../../db/schema/index.js';
import { type Preferences, loadPreferences, parseClock } from './preferences.js';

const Clock = Type.Union([Type.String({ pattern: '^([01]?\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, 24-hour' }), Type.Null()]);

const PreferencesBody = Type.Object(
  {
    channels: Type.Array(Type.Enum([...NOTIFICATION_CHANNELS]), { maxItems: 3, description: 'Channels beyond in-app' }),
    alertTypes: Type.Union([Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 }), Type.Null()], {
      description: 'Alert rules to be told about; null: all',
    }),
    quietHoursStart: Clock,
    quietHoursEnd: Clock,
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone the quiet hours are in' }),
    digest: Type.Enum(['off', 'hourly', 'daily']),
    marketingOptOut: Type.Boolean(),
  },
  { additionalProperties: false },
);

async function savePreferences(db: Db, userId: string, input: Preferences): Promise<Preferences> {
  const unknown = (input.alertTypes ?? []).filter((type) => !(ALERT_RULE_TYPES as readonly string[]).includes(type));
  if (unknown.length)
    throw new AppError('ALERT_RULE_UNKNOWN', `There is no alert rule ${unknown.map((u) => `"${u}"`).join(', ')}`, {
      field: 'alertTypes',
    });
  if (!IANAZone.isValidZone(input.timeZone))
    throw new AppError('TIME_ZONE_UNKNOWN', `Unknown time zone "${input.timeZone}"`, { field: 'timeZone' });
  if (
    (input.quietHoursStart === null) !== (input.quietHoursEnd === null) ||
    (parseClock(input.quietHoursStart) !== null && parseClock(input.quietHoursStart) === parseClock(input.quietHoursEnd))
  )
    // Named on the field left out, or on the end when both are the same (the web form shows it there).
    throw new AppError('VALIDATION_FAILED', 'Quiet hours need a start and a different end, or neither', {
      field: input.quietHoursStart === null ? 'quietHoursStart' : 'quietHoursEnd',
    });
  const values = { ...input, channels: [...new Set(input.channels)], updatedAt: new Date() };
  await db
    .insert(notificationPreferences)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: values });
  return loadPreferences(db, userId);
}

/** Everyone's own notification preferences (docs/notifications.md). */
export function notificationPreferenceRoutes(app: TypedApp, { db }: AppDeps): void {
  const url = '/api/v1/me/notification-preferences';
  app.get(
    url,
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'My notification preferences (the defaults until I save some)',
        response: { 200: PreferencesBody },
      },
    },
    async (request) => loadPreferences(db, actorOf(request).id),
  );
  app.put(
    url,
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'Set my channels, alert types, quiet hours (in my time zone), digest and marketing opt-out',
        body: PreferencesBody,
        response: { 200: PreferencesBody },
      },
    },
    async (request) => savePreferences(db, actorOf(request).id, request.body as Preferences),
  );
}
