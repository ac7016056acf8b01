import { Type, type Static } from 'typebox';
import { ALERT_RULE_TYPES, ALERT_SEVERITIES, ALERT_STATUSES } from '../../db/schema/index.js';
import { PageQuery, Uuid } from '../../http/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Time = Type.String({ format: 'date-time' });

export const AlertsQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Enum([...ALERT_STATUSES]), Type.Literal('unresolved')])),
    ruleType: Type.Optional(Type.String({ maxLength: 64 })),
    severity: Type.Optional(Type.Enum([...ALERT_SEVERITIES])),
    organizationId: Type.Optional(Uuid),
    siteId: Type.Optional(Uuid),
    chargerId: Type.Optional(Uuid),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Last raised at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Last raised before' })),
    page: PageQuery.page,
    pageSize: PageQuery.pageSize,
  },
  { additionalProperties: false },
);
export type AlertsFilter = Static<typeof AlertsQuery>;

export const AlertBody = Type.Object({
  id: Uuid,
  organizationId: Uuid,
  organizationName: Type.String(),
  siteId: Nullable(Uuid),
  siteName: Nullable(Type.String()),
  chargerId: Nullable(Uuid),
  chargerName: Nullable(Type.String()),
  connectorId: Nullable(Type.Integer()),
  ruleType: Type.String(),
  ruleLabel: Type.String(),
  severity: Type.Enum([...ALERT_SEVERITIES]),
  status: Type.Enum([...ALERT_STATUSES]),
  title: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
  subjectType: Nullable(Type.String()),
  subjectId: Nullable(Type.String()),
  occurrences: Type.Integer({ description: 'How many times the condition was seen (repeats and reopenings)' }),
  firstRaisedAt: Time,
  lastRaisedAt: Time,
  acknowledgedAt: Nullable(Time),
  acknowledgedBy: Nullable(Type.String({ description: 'Name of who acknowledged' })),
  resolvedAt: Nullable(Time),
  resolvedBy: Nullable(Type.String()),
  resolution: Nullable(Type.Union([Type.Literal('auto'), Type.Literal('manual')])),
  escalationLevel: Type.Integer(),
});

export const AlertEventBody = Type.Object({
  kind: Type.String(),
  actor: Nullable(Type.String()),
  note: Nullable(Type.String()),
  at: Time,
});

export const AlertRecipientBody = Type.Object({
  notificationId: Uuid,
  userId: Uuid,
  name: Type.String(),
  title: Type.String({ description: 'What they were told (an escalation starts with "Escalated:")' }),
  notifiedAt: Time,
  readAt: Nullable(Time),
  deliveries: Type.Array(
    Type.Object({
      channel: Type.String(),
      status: Type.String(),
      reason: Nullable(Type.String()),
      attempts: Type.Integer(),
      sentAt: Nullable(Time),
      dueAt: Nullable(Time),
    }),
  ),
});

export const AlertDetailBody = Type.Intersect([
  AlertBody,
  Type.Object({
    events: Type.Array(AlertEventBody),
    recipients: Type.Union([Type.Array(AlertRecipientBody), Type.Null()], {
      description:
        'With alerts:write: who was told (the last 50 notifications of this alert to users the viewer reaches), each channel with its status; null otherwise',
    }),
    maintenance: Type.Union(
      [Type.Object({ id: Uuid, startsAt: Time, endsAt: Time, reason: Type.String(), siteWide: Type.Boolean() }), Type.Null()],
      { description: "A maintenance window covering the alert's charger now, if any" },
    ),
  }),
]);

export const AlertActionInput = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

export const Thresholds = Type.Object(
  {
    minutes: Type.Optional(Type.Integer()),
    count: Type.Optional(Type.Integer()),
    hours: Type.Optional(Type.Integer()),
    percent: Type.Optional(Type.Integer()),
    days: Type.Optional(Type.Integer()),
    minUtilizationPercent: Type.Optional(
      Type.Integer({ description: 'underperforming: utilization floor in % over the window (0 = off)' }),
    ),
    minNetRevenueMinor: Type.Optional(
      Type.Integer({
        description: "underperforming: net revenue floor over the window, minor units of the organization's currency (0 = off)",
      }),
    ),
    statuses: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
        maxItems: 10,
        description: 'connector_stuck: the statuses watched',
      }),
    ),
  },
  { additionalProperties: false },
);

export const AlertRulesQuery = Type.Object({ organizationId: Type.Optional(Uuid) }, { additionalProperties: false });

export const AlertRuleBody = Type.Object({
  ruleType: Type.Enum([...ALERT_RULE_TYPES]),
  label: Type.String(),
  trigger: Type.Union([Type.Literal('event'), Type.Literal('periodic'), Type.Literal('hourly')]),
  implemented: Type.Boolean({ description: 'False: nothing raises this rule yet; it cannot be enabled' }),
  availability: Type.Boolean({ description: 'Muted for chargers in Maintenance or Inactive and in maintenance windows' }),
  enabled: Type.Boolean(),
  severity: Type.Enum([...ALERT_SEVERITIES]),
  thresholds: Thresholds,
  thresholdSpecs: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), min: Type.Number(), max: Type.Number() })),
  escalateAfterMinutes: Nullable(Type.Integer()),
  source: Type.Union([Type.Literal('organization'), Type.Literal('platform'), Type.Literal('default')]),
});

export const AlertRuleParams = Type.Object({ ruleType: Type.String({ maxLength: 64 }) }, { additionalProperties: false });

export const AlertRuleInput = Type.Object(
  {
    organizationId: Nullable(Uuid),
    enabled: Type.Boolean(),
    severity: Type.Enum([...ALERT_SEVERITIES]),
    thresholds: Thresholds,
    escalateAfterMinutes: Nullable(Type.Integer({ minimum: 1, maximum: 10_080 })),
  },
  { additionalProperties: false },
);
export type AlertRuleValues = Static<typeof AlertRuleInput>;

export const MaintenanceQuery = Type.Object(
  { chargerId: Type.Optional(Uuid), siteId: Type.Optional(Uuid), current: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const MaintenanceInput = Type.Object(
  {
    chargerId: Type.Optional(Uuid),
    siteId: Type.Optional(Uuid),
    startsAt: Time,
    endsAt: Time,
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type MaintenanceValues = Static<typeof MaintenanceInput>;

export const MaintenanceBody = Type.Object({
  id: Uuid,
  organizationId: Uuid,
  siteId: Nullable(Uuid),
  siteName: Nullable(Type.String()),
  chargerId: Nullable(Uuid),
  chargerName: Nullable(Type.String()),
  startsAt: Time,
  endsAt: Time,
  reason: Type.String(),
  createdAt: Time,
  createdBy: Nullable(Type.String({ description: 'Name of who made it (null once that user is deleted)' })),
});
