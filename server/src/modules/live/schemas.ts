import { Type, type Static, type TSchema } from 'typebox';
import { Uuid } from '../../http/schemas.js';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
/** domain/live-status.ts AGGREGATE_STATUSES. */
const AggregateStatus = Type.Union([
  Type.Literal('Available'),
  Type.Literal('Charging'),
  Type.Literal('Preparing'),
  Type.Literal('Finishing'),
  Type.Literal('Reserved'),
  Type.Literal('Unavailable'),
  Type.Literal('Faulted'),
  Type.Literal('Offline'),
]);

export const TicketBody = Type.Object({
  ticket: Type.String({ description: 'opens one stream: GET /api/v1/stream?ticket=…' }),
  expiresIn: Type.Integer({ description: 'seconds until the ticket can no longer open a stream' }),
});

export const StreamQuery = Type.Object(
  {
    ticket: Type.String({ minLength: 1, maxLength: 1000 }),
    lastEventId: Type.Optional(Type.Integer({ minimum: 0, description: 'like the Last-Event-ID header' })),
  },
  { additionalProperties: false },
);

export const NetworkQuery = Type.Object(
  { organizationId: Type.Optional(Uuid), siteId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export const SummaryQuery = Type.Object({ organizationId: Type.Optional(Uuid) }, { additionalProperties: false });
export type NetworkQueryValue = Static<typeof NetworkQuery>;

export const SummaryBody = Type.Object({
  chargers: Type.Object({
    total: Type.Integer(),
    online: Type.Integer(),
    offline: Type.Integer(),
    byStatus: Type.Record(Type.String(), Type.Integer(), { description: 'aggregate status → number of chargers' }),
  }),
  activeSessions: Type.Integer(),
  currentPowerW: Type.Number(),
  energyTodayWh: Type.Integer({ description: "sessions started since local midnight, in each organization's time zone" }),
  availabilityPercent: Type.Number({ description: 'online chargers not Faulted or Unavailable ÷ all, one decimal' }),
});

const LiveConnector = Type.Object({
  evseId: Type.Integer(),
  connectorId: Type.Integer(),
  type: nullable(Type.String({ description: 'null for a connector the charger reports but nobody registered' })),
  maxPowerKw: nullable(Type.String()),
  status: Type.String({ description: "the last reported OCPP status, 'Unknown' when it never reported" }),
  errorCode: nullable(Type.String()),
  info: nullable(Type.String({ description: "the StatusNotification's free text" })),
  vendorId: nullable(Type.String()),
  vendorErrorCode: nullable(Type.String()),
  since: nullable(DateTime),
});

const ActiveSession = Type.Object({
  sessionId: Type.String(),
  evseId: nullable(Type.Integer()),
  connectorId: nullable(Type.Integer()),
  startedAt: DateTime,
  energyWh: Type.Integer(),
  powerW: nullable(Type.Number()),
  socPercent: nullable(Type.Number()),
});

export const LiveChargerBody = Type.Object({
  chargerId: Type.String(),
  name: Type.String(),
  ocppIdentity: Type.String(),
  organizationId: Type.String(),
  organizationName: Type.String(),
  siteId: Type.String(),
  siteName: Type.String(),
  latitude: nullable(Type.String()),
  longitude: nullable(Type.String()),
  adminStatus: Type.String(),
  online: Type.Boolean(),
  offlineSince: nullable(DateTime),
  lastMessageAt: nullable(DateTime),
  status: AggregateStatus,
  connectors: Type.Array(LiveConnector),
  activeSession: nullable(ActiveSession),
  activeSessions: Type.Array(ActiveSession, {
    description: 'every running session of the charger, newest first; activeSession is the first of them',
  }),
});

export const LimitQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) },
  { additionalProperties: false },
);

export const StatusHistoryEntry = Type.Object({
  at: DateTime,
  evseId: Type.Integer(),
  connectorId: Type.Integer(),
  status: Type.String(),
  errorCode: nullable(Type.String()),
  info: nullable(Type.String()),
  vendorId: nullable(Type.String()),
  vendorErrorCode: nullable(Type.String()),
});

export const MessageEntry = Type.Object({
  id: Type.Integer(),
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')], { description: 'in: from the charger' }),
  messageType: nullable(Type.Integer({ description: 'OCPP-J: 2 call, 3 result, 4 error' })),
  messageId: nullable(Type.String()),
  action: nullable(
    Type.String({ description: "the call's action; for a result or error, that of its call when it is in the same page" }),
  ),
  error: nullable(Type.Object({ code: Type.String(), description: Type.String() }, { description: 'of a CALLERROR frame' })),
  payload: Type.String({ description: 'the raw frame (cut at 4000 characters), credentials redacted' }),
  at: DateTime,
});

const Minutes = Type.Integer({ minimum: 1 });

export const AttentionThresholdsBody = Type.Object(
  { preparingMinutes: Minutes, suspendedEvMinutes: Minutes, finishingMinutes: Minutes },
  { description: 'minutes a connector may stay Preparing / SuspendedEV / Finishing before it is listed as stuck' },
);

export const UiConfigBody = Type.Object({
  mapTileUrl: Type.String(),
  mapAttribution: Type.String(),
  attention: AttentionThresholdsBody,
});

/** domain/live-attention.ts AttentionItem. */
export const AttentionItemBody = Type.Object({
  kind: Type.Union([Type.Literal('faulted'), Type.Literal('offline'), Type.Literal('unavailable'), Type.Literal('stuck')]),
  chargerId: Type.String(),
  chargerName: Type.String(),
  siteId: Type.String(),
  siteName: Type.String(),
  evseId: nullable(Type.Integer({ description: 'null: the charger as a whole' })),
  connectorId: nullable(Type.Integer()),
  status: Type.String({ description: 'Faulted, Unavailable, Preparing, SuspendedEV, Finishing or Offline' }),
  since: nullable(DateTime),
  minutes: nullable(Type.Integer({ description: 'whole minutes in this state now' })),
  errorCode: nullable(Type.String({ description: 'OCPP error code; NoError is left out' })),
  info: nullable(Type.String()),
  vendorId: nullable(Type.String()),
  vendorErrorCode: nullable(Type.String()),
});
