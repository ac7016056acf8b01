import { Type, type Static } from 'typebox';
import { Decimal } from '../../http/schemas.js';

const Kw = (description: string) => Decimal(description, '^\\d{1,6}(\\.\\d{1,3})?$');
const Strategy = Type.Union([Type.Literal('equal-share'), Type.Literal('priority'), Type.Literal('first-come')]);

export const LoadManagementBody = Type.Object(
  {
    enabled: Type.Boolean(),
    limitKw: Type.Union([Kw('operating limit in kW; null = the site’s grid connection limit'), Type.Null()]),
    strategy: Strategy,
    minimumKw: Kw('below this a session is paused rather than starved'),
    phases: Type.Union([Type.Literal(1), Type.Literal(3)]),
    voltageV: Type.Integer({ minimum: 100, maximum: 480, description: 'phase-to-neutral voltage' }),
    rateUnit: Type.Union([Type.Literal('A'), Type.Literal('W')], { description: 'the unit the limits are sent in' }),
    priorityGroups: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      maxItems: 20,
      description: 'ID-token groups served first by the priority strategy, highest first',
    }),
    gridFeedId: Type.Optional(
      Type.Union([Type.String({ format: 'uuid', description: 'the grid feed whose health the site reacts to' }), Type.Null()]),
    ),
    gridAlertReductionPercent: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 100, description: 'lower the limit by this much while the grid is in alert' }),
    ),
    gridEmergencyReductionPercent: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 100, description: 'lower the limit by this much in a grid emergency' }),
    ),
    gridEmergencyPriorityOnly: Type.Optional(
      Type.Boolean({ description: 'in a grid emergency only the priority groups’ sessions charge; the others are paused' }),
    ),
  },
  { additionalProperties: false },
);
export type LoadManagementInput = Static<typeof LoadManagementBody>;

const Allocation = Type.Object({
  sessionId: Type.String(),
  chargerId: Type.String(),
  chargerName: Type.String(),
  connector: Type.Integer(),
  tokenGroup: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String({ format: 'date-time' }),
  connectorMaxKw: Type.String(),
  /** The EV's latest power reading. */
  measuredKw: Type.Union([Type.String(), Type.Null()]),
  /** The limit last sent (null: none yet), paused when 0 was sent. */
  limitKw: Type.Union([Type.String(), Type.Null()]),
  paused: Type.Boolean(),
  answer: Type.Union([Type.String(), Type.Null()]),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** The charger refused a profile: counted at its full power. */
  refused: Type.Boolean(),
});

export const LoadManagementState = Type.Object({
  siteId: Type.String(),
  siteName: Type.String(),
  timeZone: Type.String(),
  gridLimitKw: Type.Union([Type.String(), Type.Null()]),
  settings: LoadManagementBody,
  /** The limit in force: the operating limit, else the grid connection limit. */
  effectiveLimitKw: Type.Union([Type.String(), Type.Null()]),
  measuredKw: Type.String(),
  sessions: Type.Array(Allocation),
  refusals: Type.Array(
    Type.Object({ chargerId: Type.String(), chargerName: Type.String(), answer: Type.String(), at: Type.String() }),
  ),
  /** The grid feed the site reacts to, its health now, and the limit shared after the grid's reduction. */
  grid: Type.Union([
    Type.Object({
      feedId: Type.String(),
      feedName: Type.String(),
      health: Type.Union([Type.Literal('normal'), Type.Literal('alert'), Type.Literal('emergency')]),
      link: Type.String(),
      reductionPercent: Type.Integer(),
      priorityOnly: Type.Boolean(),
      sharedLimitKw: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});

export const HistoryQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export const EnergyHistory = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
  /** Each point is the site's average power over this many seconds. */
  bucketSeconds: Type.Integer(),
  points: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), kw: Type.Number() })),
  /** Newest first: settings changed, chargers refusing limits, the grid lowering or restoring the limit. */
  events: Type.Array(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      kind: Type.Union([Type.Literal('settings'), Type.Literal('refused'), Type.Literal('grid')]),
      message: Type.String(),
    }),
  ),
});
