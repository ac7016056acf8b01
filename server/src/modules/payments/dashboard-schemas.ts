import { Type, type Static, type TSchema } from 'typebox';
import { GATEWAY_KINDS, PAYMENT_STATUSES, PAYMENT_TYPES } from '../../db/schema/index.js';
import { PageQuery, Uuid } from '../../http/schemas.js';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const LocalDate = (description: string) => Type.String({ format: 'date', description });

/** A payment row's gateway: a configured gateway, or the wallet (ours). */
export const ROW_GATEWAYS = [...GATEWAY_KINDS, 'wallet'] as const;
const Minor = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

const filterFields = {
  gateway: Type.Optional(Type.Enum(ROW_GATEWAYS)),
  type: Type.Optional(Type.Enum(PAYMENT_TYPES)),
  status: Type.Optional(Type.Enum(PAYMENT_STATUSES)),
  organizationId: Type.Optional(Uuid),
  from: Type.Optional(LocalDate("first day (inclusive) the payment was made, in its organization's time zone")),
  to: Type.Optional(LocalDate("last day (inclusive) the payment was made, in its organization's time zone")),
  minAmountMinor: Type.Optional(Minor('smallest amount asked, in minor units')),
  maxAmountMinor: Type.Optional(Minor('largest amount asked, in minor units')),
  sessionId: Type.Optional(Uuid),
  q: Type.Optional(Type.String({ maxLength: 200, description: "searches the gateway's reference" })),
};

export const PaymentFilterQuery = Type.Object(
  { ...filterFields, page: PageQuery.page, pageSize: PageQuery.pageSize, order: PageQuery.order },
  { additionalProperties: false },
);
export type PaymentFilter = Static<typeof PaymentFilterQuery>;

export const PaymentBody = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  organizationName: Type.String(),
  timeZone: Type.String({ description: "the organization's time zone" }),
  type: Type.Enum(PAYMENT_TYPES),
  status: Type.Enum(PAYMENT_STATUSES),
  outcome: Type.Enum(['pending', 'succeeded', 'failed'], {
    description: 'the status in words: pending (pending, unknown), succeeded (approved), failed (declined, error, failed)',
  }),
  gateway: Type.Enum(ROW_GATEWAYS),
  amountMinor: Type.Integer({ description: 'asked, in minor units of currency' }),
  approvedMinor: nullable(Type.Integer({ description: 'what the gateway approved (less after a partial authorization)' })),
  currency: Type.String(),
  sessionId: nullable(Type.String()),
  invoiceId: nullable(Type.String()),
  walletId: nullable(Type.String()),
  userId: nullable(Type.String()),
  idTokenId: nullable(Type.String()),
  parentId: nullable(
    Type.String({ description: 'the authorization a capture or void acts on; the payment a refund gives back' }),
  ),
  gatewayReference: nullable(Type.String()),
  reason: nullable(Type.String({ description: "a decline or error in words, with the gateway's code" })),
  cardBrand: nullable(Type.String()),
  cardLast4: nullable(Type.String()),
  attempts: Type.Integer(),
  createdAt: DateTime,
  completedAt: nullable(DateTime),
});

const CurrencyTotals = Type.Object({
  currency: Type.String(),
  count: Type.Integer({ description: 'payments under the filter in this currency' }),
  approvedMinor: Type.Integer({ description: 'approved captures, sales, top-ups and manual payments' }),
  refundedMinor: Type.Integer({ description: 'approved refunds' }),
});

export const PaymentListBody = Type.Object({
  items: Type.Array(PaymentBody),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  totals: Type.Array(CurrencyTotals, { description: 'per currency; amounts in different currencies are never added' }),
});

export const PaymentStatsQuery = Type.Object(
  {
    from: LocalDate("first day (inclusive), in each payment's organization's time zone"),
    to: LocalDate('last day (inclusive)'),
    organizationId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type PaymentStatsFilter = Static<typeof PaymentStatsQuery>;

export const PaymentStatsBody = Type.Object({
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date', description: "the local day in the payment's organization's time zone" }),
      gateway: Type.Enum(ROW_GATEWAYS),
      currency: Type.String(),
      attempts: Type.Integer({ description: 'authorizations, captures, sales, top-ups and manual payments tried' }),
      approved: Type.Integer(),
      successRate: nullable(Type.Number({ description: 'approved ÷ attempts, 0 to 1' })),
      approvedMinor: Type.Integer({ description: 'approved volume: captures, sales, top-ups and manual payments' }),
    }),
    { description: 'per day, gateway and currency, oldest first' },
  ),
});

export const PaymentDetailBody = Type.Object({
  payment: Type.Intersect([
    PaymentBody,
    Type.Object({ exchange: Type.Optional(Type.Unknown({ description: 'the redacted exchange; payments:write only' })) }),
  ]),
  parent: nullable(PaymentBody),
  children: Type.Array(PaymentBody, { description: 'captures, voids and refunds acting on this payment, oldest first' }),
  session: nullable(
    Type.Object({
      id: Type.String(),
      chargerName: Type.String(),
      startedAt: DateTime,
      stoppedAt: nullable(DateTime),
      grossMinor: nullable(Type.Integer()),
      currency: nullable(Type.String()),
    }),
  ),
  refundable: Type.Boolean({ description: 'an approved capture or sale of a settled session' }),
  refundedMinor: Type.Integer({ description: 'refunds approved, pending or unanswered' }),
  refundableMinor: Type.Integer({ description: 'what can still be refunded' }),
});

export const RefundBody = Type.Object(
  {
    amountMinor: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'minor units, at least 1' }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    receiptNumber: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'manual payments: the receipt of the money paid back' }),
    ),
    idempotencyKey: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'or the Idempotency-Key header: the same key, the same refund' }),
    ),
  },
  { additionalProperties: false },
);
export type RefundInput = Static<typeof RefundBody>;

export const RefundHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
