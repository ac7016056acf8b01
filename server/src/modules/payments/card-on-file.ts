import type { Executor } from '../../db/client.js';
import type { GatewayKind } from '../../db/schema/index.js';
import { type PaymentMethodRow, paymentMethodRow } from '../payment-methods/queries.js';
import type { PaymentSource } from './gateways/types.js';

export interface CardOnFile {
  gateway: GatewayKind;
  source: PaymentSource;
  brand: string | null;
  last4: string | null;
}

/** Payment methods charged to a card on file through a gateway. */
export const CARD_GATEWAYS: readonly string[] = ['cybersource', 'amex', 'dialog_fuel_card'];

/**
 * The card a session is charged to: the token's own payment method, else its driver's, when that
 * method is a card gateway holding a card on file (the gateway's token). Without one, nothing is
 * collected through a gateway: the session is postpaid, as before payments existed.
 */
export async function cardOnFile(db: Executor, idTokenId: string | null, userId: string | null): Promise<CardOnFile | null> {
  return cardOf(await sessionMethod(db, idTokenId, userId));
}

/** The payment method a session uses: its token's own, else its driver's (null: postpaid). */
export async function sessionMethod(
  db: Executor,
  idTokenId: string | null,
  userId: string | null,
): Promise<PaymentMethodRow | null> {
  const own = idTokenId ? await paymentMethodRow(db, { idTokenId }) : null;
  return own ?? (userId ? await paymentMethodRow(db, { userId }) : null);
}

export function cardOf(method: PaymentMethodRow | null): CardOnFile | null {
  if (!method || !CARD_GATEWAYS.includes(method.gateway) || !method.cardToken) return null;
  return {
    gateway: method.gateway as GatewayKind,
    source: { kind: 'token', token: method.cardToken },
    brand: method.cardBrand,
    last4: method.cardLast4,
  };
}
