import { Type, type Static } from 'typebox';
import { Uuid } from '../../http/schemas.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const BalancesQuery = Type.Object({ organizationId: Type.Optional(Uuid) }, { additionalProperties: false });

export const BalanceBody = Type.Object({
  organizationId: Type.String(),
  organizationName: Type.String(),
  currency: Type.String(),
  accruedMinor: Type.Integer({ description: 'partner share accrued from settled sessions (and re-pricing adjustments)' }),
  invoicedMinor: Type.Integer({
    description: 'deducted by sent invoices beyond the charges already withheld from each partner share: their taxes',
  }),
  creditedMinor: Type.Integer({ description: 'credit note totals returned to the organization' }),
  refundedMinor: Type.Integer({
    description: "the organization's part of refunds to drivers (its partner share of them, and the gateway fees it bears)",
  }),
  paidOutMinor: Type.Integer(),
  balanceMinor: Type.Integer({
    description: 'accrued − invoiced + credited − refunded − paid out: what the platform owes now',
  }),
});

export const EntriesQuery = Type.Object(
  {
    organizationId: Uuid,
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  { additionalProperties: false },
);

export const EntryBody = Type.Object({
  at: Type.String({ format: 'date-time' }),
  kind: Type.Union([
    Type.Literal('accrual'),
    Type.Literal('invoice'),
    Type.Literal('credit_note'),
    Type.Literal('invoice_payment'),
    Type.Literal('payout'),
    Type.Literal('adjustment'),
    Type.Literal('refund'),
  ]),
  reference: Nullable(Type.String()),
  description: Type.String(),
  amountMinor: Type.Integer({ description: '+ owed to the organization, − deducted' }),
  balanceMinor: Type.Integer({ description: 'the payout balance after this entry' }),
});

export const CreatePayoutBody = Type.Object(
  {
    organizationId: Uuid,
    amountMinor: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    paidOn: Type.String({ format: 'date' }),
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const PayoutBody = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  currency: Type.String(),
  amountMinor: Type.Integer(),
  paidOn: Type.String({ format: 'date' }),
  reference: Nullable(Type.String()),
  balanceMinor: Type.Integer({ description: 'the payout balance after this payout' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export type CreatePayout = Static<typeof CreatePayoutBody>;
