import { Type, type Static, type TSchema } from 'typebox';
import { PageQuery, Uuid } from '../../http/schemas.js';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

const listFields = {
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 200, description: 'searches the ID tag and the charger name' })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('completed')])),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'started at or after' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'started before' })),
  sort: Type.Optional(
    Type.Union([Type.Literal('startedAt'), Type.Literal('energyWh'), Type.Literal('stoppedAt')], { default: 'startedAt' }),
  ),
};

export const SessionListQuery = Type.Object(
  { ...listFields, organizationId: Type.Optional(Uuid), siteId: Type.Optional(Uuid), chargerId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export const OwnSessionListQuery = Type.Object(listFields, { additionalProperties: false });
export type SessionListFilter = Static<typeof SessionListQuery>;

export const SessionBody = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  organizationName: Type.String(),
  timeZone: Type.String({ description: "the organization's time zone: the clock its times are shown on" }),
  siteId: Type.String(),
  siteName: Type.String(),
  chargerId: Type.String(),
  chargerName: Type.String(),
  evseId: nullable(Type.Integer()),
  connectorId: nullable(Type.Integer()),
  idTag: nullable(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('completed')]),
  startedAt: DateTime,
  stoppedAt: nullable(DateTime),
  energyWh: Type.Integer(),
  powerW: nullable(Type.Number({ description: 'the last reported power while active; null once stopped' })),
  socPercent: nullable(Type.Number()),
  durationSeconds: Type.Integer({ description: 'until now while active' }),
  flagged: Type.Boolean(),
  flagReason: nullable(Type.String()),
  closedBy: nullable(Type.String({ description: 'charger, boot, timeout or superseded' })),
  settled: Type.Boolean({ description: 'priced (it has a settlement); its driver can download a receipt' }),
});

/** A driver's own session with what it cost and where its payment stands. */
export const OwnSessionBody = Type.Object({
  ...SessionBody.properties,
  grossMinor: nullable(
    Type.Integer({ description: 'what the session cost, taxes included, once settled (minor units of currency)' }),
  ),
  currency: nullable(Type.String()),
  paymentStatus: nullable(
    Type.String({
      description: 'held, captured, wallet_debited, payment_failed, …; null when paid otherwise (postpaid, manual)',
    }),
  ),
  settled: Type.Boolean(),
});

export const SessionSample = Type.Object({
  at: DateTime,
  energyWh: Type.Integer({ description: 'energy of the session so far' }),
  powerW: nullable(Type.Number()),
  socPercent: nullable(Type.Number()),
});

export const SessionDetailBody = Type.Object({
  ...SessionBody.properties,
  transactionId: Type.String(),
  protocol: Type.String(),
  meterStartWh: nullable(Type.Integer()),
  meterStopWh: nullable(Type.Integer()),
  stopReason: nullable(Type.String()),
  samples: Type.Array(SessionSample, { description: 'at most 500 points, oldest first' }),
});
