import { Type, type Static, type TSchema } from 'typebox';
import { Uuid } from '../../http/schemas.js';

const Path = Type.String({
  pattern: '^[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*$',
  maxLength: 200,
  description: 'a dotted path in the message',
});

export const FieldMappingBody = Type.Object(
  {
    at: Type.Optional(Path),
    frequencyHz: Type.Optional(Path),
    demandMw: Type.Optional(Path),
    generationMw: Type.Optional(Path),
    reserveMarginPercent: Type.Optional(Path),
    renewablePercent: Type.Optional(Path),
    carbonGPerKwh: Type.Optional(Path),
    thermalMw: Type.Optional(Path),
    hydroMw: Type.Optional(Path),
    solarMw: Type.Optional(Path),
    windMw: Type.Optional(Path),
  },
  { additionalProperties: false, description: 'where each field is in a message; a field not named is read under its own name' },
);

const Num = (description: string) => Type.Number({ description });

export const ThresholdsBody = Type.Object(
  {
    frequencyAlertHz: Num('alert below this frequency'),
    frequencyEmergencyHz: Num('emergency below this frequency'),
    highFrequencyAlertHz: Num('alert above this frequency'),
    highFrequencyEmergencyHz: Num('emergency above this frequency'),
    reserveAlertPercent: Num('alert below this reserve margin'),
    reserveEmergencyPercent: Num('emergency below this reserve margin'),
    frequencyDeadbandHz: Num('how far inside a frequency threshold the readings must be to leave a level'),
    reserveDeadbandPercent: Num('how far inside a reserve threshold the readings must be to leave a level'),
    clearSeconds: Type.Integer({ description: 'how long the readings must stay clear before the health improves' }),
  },
  { additionalProperties: false },
);

export const FeedSettingsBody = Type.Object(
  {
    url: Type.Optional(Type.String({ maxLength: 500, description: 'mqtt:// or mqtts:// broker, or the http(s):// endpoint' })),
    topic: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'MQTT topic (wildcards allowed)' })),
    username: Type.Optional(Type.String({ maxLength: 200, description: 'MQTT user name' })),
    pollSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600, description: 'HTTP polling interval' })),
    seed: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'the simulation’s seed' })),
  },
  { additionalProperties: false },
);

const Kind = Type.Union([Type.Literal('simulated'), Type.Literal('mqtt'), Type.Literal('http')]);
const Health = Type.Union([Type.Literal('normal'), Type.Literal('alert'), Type.Literal('emergency')]);

const feedFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  kind: Kind,
  enabled: Type.Boolean(),
  settings: FeedSettingsBody,
  mapping: Type.Optional(FieldMappingBody),
  /** The MQTT password or the HTTP Authorization header value; omitted keeps it, null removes it. */
  secret: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1000 }), Type.Null()])),
  thresholds: Type.Optional(Type.Partial(ThresholdsBody)),
  staleAfterSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 86_400 })),
};

export const CreateFeedBody = Type.Object({ organizationId: Uuid, ...feedFields }, { additionalProperties: false });
export const UpdateFeedBody = Type.Object(feedFields, { additionalProperties: false });
export type CreateFeedInput = Static<typeof CreateFeedBody>;
export type UpdateFeedInput = Static<typeof UpdateFeedBody>;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Reading = Type.Object({
  at: Type.String({ format: 'date-time' }),
  frequencyHz: Nullable(Type.Number()),
  demandMw: Nullable(Type.Number()),
  generationMw: Nullable(Type.Number()),
  reserveMarginPercent: Nullable(Type.Number()),
  renewablePercent: Nullable(Type.Number()),
  carbonGPerKwh: Nullable(Type.Number()),
  mix: Nullable(Type.Object({ thermalMw: Type.Number(), hydroMw: Type.Number(), solarMw: Type.Number(), windMw: Type.Number() })),
});

export const Feed = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  organizationName: Type.String(),
  /** The organization's time zone: the grid page shows times in it. */
  timeZone: Type.String(),
  name: Type.String(),
  kind: Kind,
  enabled: Type.Boolean(),
  settings: FeedSettingsBody,
  mapping: FieldMappingBody,
  hasSecret: Type.Boolean(),
  thresholds: ThresholdsBody,
  staleAfterSeconds: Type.Integer(),
  health: Health,
  healthSince: Type.String({ format: 'date-time' }),
  healthReason: Nullable(Type.String()),
  /** The link as this instance sees it; `off` for a feed turned off. */
  link: Type.Union([
    Type.Literal('connecting'),
    Type.Literal('connected'),
    Type.Literal('disconnected'),
    Type.Literal('stale'),
    Type.Literal('off'),
  ]),
  linkError: Nullable(Type.String()),
  lastReadingAt: Nullable(Type.String({ format: 'date-time' })),
  badReadings: Type.Integer(),
  latest: Nullable(Reading),
  /** Sites whose load management reacts to this feed. */
  sites: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});

export const FeedDetail = Type.Object({
  feed: Feed,
  healthHistory: Type.Array(
    Type.Object({ at: Type.String({ format: 'date-time' }), health: Health, previous: Health, reason: Type.String() }),
  ),
  recentBadReadings: Type.Array(
    Type.Object({ at: Type.String({ format: 'date-time' }), reason: Type.String(), raw: Type.String() }),
  ),
});

export const ReadingsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export const ReadingSeries = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  /** Each point averages this many seconds of readings (0: the readings themselves). */
  bucketSeconds: Type.Integer(),
  points: Type.Array(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      frequencyHz: Nullable(Type.Number()),
      minFrequencyHz: Nullable(Type.Number()),
      demandMw: Nullable(Type.Number()),
      generationMw: Nullable(Type.Number()),
      reserveMarginPercent: Nullable(Type.Number()),
      renewablePercent: Nullable(Type.Number()),
      carbonGPerKwh: Nullable(Type.Number()),
    }),
  ),
});
