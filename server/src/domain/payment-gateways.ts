/** How a driver can pay: a card through a named gateway, a fuel card, a wallet, or manually (postpaid). */
export const PAYMENT_GATEWAYS = ['cybersource', 'amex', 'dialog_fuel_card', 'manual', 'wallet'] as const;

export type PaymentGateway = (typeof PAYMENT_GATEWAYS)[number];

/**
 * What a session with a token is settled with: the token's own method, else its owner's, else manual
 * (postpaid). The one rule settlement and the API apply.
 */
export function effectivePaymentMethod(methods: { own: PaymentGateway | null; owners: PaymentGateway | null }) {
  const { own, owners } = methods;
  return {
    gateway: own,
    effectiveGateway: own ?? owners ?? 'manual',
    source: own ? ('id_token' as const) : owners ? ('user' as const) : ('default' as const),
  };
}
