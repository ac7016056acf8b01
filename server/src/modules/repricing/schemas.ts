import { Type } from 'typebox';
import { SettlementBody } from '../settlement/schemas.js';

const Reason = Type.String({
  minLength: 3,
  maxLength: 500,
  description: 'why the session is re-priced (kept with the adjustment)',
});
const Instant = Type.String({ format: 'date-time' });

export const RepriceBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export const RepriceTariffBody = Type.Object(
  {
    from: Type.String({ format: 'date-time', description: 'sessions that started at or after this instant' }),
    to: Type.String({ format: 'date-time', description: '… and before this one' }),
    reason: Reason,
  },
  { additionalProperties: false },
);

export const AdjustmentBody = Type.Object({
  id: Type.String(),
  sessionId: Type.String(),
  organizationId: Type.String(),
  revision: Type.Integer(),
  reason: Type.String(),
  requestedBy: Type.Union([Type.String(), Type.Null()]),
  before: Type.Record(Type.String(), Type.Unknown(), {
    description: "the settlement figures before (minor units); the operator's internal figures are null for a location owner",
  }),
  after: Type.Record(Type.String(), Type.Unknown(), {
    description: "the settlement figures after (minor units); the operator's internal figures are null for a location owner",
  }),
  createdAt: Instant,
});

export const RepriceResultBody = Type.Object({
  changed: Type.Boolean({ description: 'false: the session already had these figures; nothing was written' }),
  adjustment: Type.Union([AdjustmentBody, Type.Null()]),
  settlement: SettlementBody,
});

export const RepriceTariffResultBody = Type.Object({
  matched: Type.Integer(),
  changed: Type.Integer(),
  unchanged: Type.Integer(),
  failed: Type.Integer(),
  failures: Type.Array(Type.Object({ sessionId: Type.String(), message: Type.String() })),
});
