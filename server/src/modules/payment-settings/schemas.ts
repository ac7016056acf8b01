import { Type, type Static } from 'typebox';
import { Uuid } from '../../http/schemas.js';

const Amount = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

const amounts = {
  preauthAmountMinor: Amount('held on a card or fuel card at session start, minor units (0: no hold)'),
  walletNegativeLimitMinor: Amount('how far below zero a wallet may go at session end, minor units'),
  walletTopUpMaxMinor: Amount('the most one top-up may add, minor units'),
  walletLowBalanceMinor: Amount('a wallet at or under this after a debit is low, minor units'),
};

export const OrganizationParams = Type.Object({ organizationId: Uuid }, { additionalProperties: false });

export const PaymentSettingsInput = Type.Object(amounts, { additionalProperties: false });

export const PaymentSettingsBody = Type.Object({
  organizationId: Uuid,
  /** The organization's currency: every amount is in its minor units. */
  currency: Type.String(),
  ...amounts,
  /** false: nothing stored yet, these are the defaults. */
  stored: Type.Boolean(),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export type PaymentSettings = Static<typeof PaymentSettingsInput>;
