import { Type, type Static } from 'typebox';
import { PAYMENT_GATEWAYS } from '../../domain/payment-gateways.js';

export const Gateway = Type.Enum([...PAYMENT_GATEWAYS], {
  description: 'card through a named gateway, fuel card, wallet, or manual/postpaid',
});

export const SetPaymentMethodBody = Type.Object({ gateway: Gateway }, { additionalProperties: false });

export const PaymentMethodBody = Type.Object({
  /** The token's or user's own setting; null when none is set. */
  gateway: Type.Union([Gateway, Type.Null()]),
  /** What a session would be settled with: the token's own, else its owner's, else manual. */
  effectiveGateway: Gateway,
  source: Type.Union([Type.Literal('id_token'), Type.Literal('user'), Type.Literal('default')]),
});

export type SetPaymentMethod = Static<typeof SetPaymentMethodBody>;
