import type { GatewayConfig, GatewayKind } from '../../api/gateway-configs';

export const GATEWAY_NAMES: Record<GatewayKind, string> = {
  cybersource: 'CyberSource',
  amex: 'American Express',
  dialog_fuel_card: 'Dialog Fuel Card',
  manual: 'Manual (cash, bank transfer)',
};

export type CredentialField = 'merchantId' | 'keyId' | 'sharedSecret' | 'apiPassword' | 'apiKey';

/** The sign-in fields each gateway needs (the server's table, docs/payments.md); `secret` ones are typed hidden. */
export const CREDENTIAL_INPUTS: Record<GatewayKind, { field: CredentialField; label: string; secret: boolean; hint?: string }[]> =
  {
    cybersource: [
      { field: 'merchantId', label: 'Merchant ID', secret: false },
      { field: 'keyId', label: 'Key ID', secret: false, hint: 'The REST shared-secret key’s id' },
      {
        field: 'sharedSecret',
        label: 'Shared secret',
        secret: true,
        hint: 'Base64, as the CyberSource Business Center shows it',
      },
    ],
    amex: [
      { field: 'merchantId', label: 'Merchant ID', secret: false },
      { field: 'apiPassword', label: 'API password', secret: true },
    ],
    dialog_fuel_card: [{ field: 'apiKey', label: 'API key', secret: true }],
    manual: [],
  };

/** "Merchant ID lan…01 · Shared secret ••••" in the gateway's own order, or a dash when it has none. */
export const maskedCredentials = (config: GatewayConfig): string =>
  CREDENTIAL_INPUTS[config.gateway]
    .filter(({ field }) => config.credentialsMasked[field] !== undefined)
    .map(({ field, label }) => `${label} ${config.credentialsMasked[field]}`)
    .join(' · ') || '—';
