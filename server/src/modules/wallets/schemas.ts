import { Type } from 'typebox';
import { WALLET_ENTRY_KINDS } from '../../db/schema/index.js';
import { Uuid } from '../../http/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Minor = (description: string) => Type.Integer({ description });
const Amount = Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER });

export const WalletListQuery = Type.Object(
  {
    organizationId: Type.Optional(Uuid),
    userId: Type.Optional(Uuid),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'part of the driver’s name or e-mail' })),
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  { additionalProperties: false },
);

export const EntriesPageQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  { additionalProperties: false },
);

export const WalletBody = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  organizationName: Type.String(),
  timeZone: Type.String({ description: 'the organization’s time zone, for showing entry times' }),
  userId: Type.String(),
  userName: Type.String(),
  userEmail: Type.String(),
  currency: Type.String(),
  balanceMinor: Minor('the sum of the wallet’s entries'),
  entryCount: Type.Integer(),
  lastEntryAt: Nullable(Type.String({ format: 'date-time' })),
  negativeLimitMinor: Minor('how far below zero a session-end debit may take it (the organization’s setting)'),
  lowBalanceMinor: Minor('at or under this a debit raises wallet.low_balance'),
  state: Type.Union([Type.Literal('ok'), Type.Literal('low'), Type.Literal('negative')]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const WalletEntryBody = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum([...WALLET_ENTRY_KINDS]),
  amountMinor: Minor('+ into the wallet, − out of it'),
  balanceMinor: Minor('the balance after this entry'),
  sessionId: Nullable(Type.String()),
  paymentId: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  beyondLimit: Type.Boolean({ description: 'a session debit that took the balance below −negativeLimitMinor: owed' }),
  createdByName: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

export const WalletDetailBody = Type.Object({
  wallet: WalletBody,
  entries: Type.Object({
    items: Type.Array(WalletEntryBody),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  }),
});

export const CreateWalletBody = Type.Object(
  { userId: Uuid, currency: Type.String({ pattern: '^[A-Z]{3}$' }) },
  { additionalProperties: false },
);

export const TopUpBody = Type.Object(
  { amountMinor: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: false },
);

export const TopUpHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'the same key sent again never charges twice' }),
  ),
});

export const TopUpResultBody = Type.Object({
  paymentId: Type.String(),
  status: Type.Union([Type.Literal('approved'), Type.Literal('pending'), Type.Literal('unknown')], {
    description: 'approved: in the balance now; pending or unknown: checked with the gateway, credited when it confirms',
  }),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  balanceMinor: Type.Integer(),
});

export const AdjustmentBody = Type.Object(
  {
    amountMinor: Type.Integer({ ...Amount, description: 'signed: + credits the wallet, − takes from it; not 0' }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);

export const WalletRefundBody = Type.Object(
  {
    sessionId: Uuid,
    amountMinor: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
