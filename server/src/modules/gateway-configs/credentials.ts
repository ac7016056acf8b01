import type { GatewayKind } from '../../db/schema/index.js';
import { type SecretKeys, decryptSecret, encryptSecret, maskValue } from '../../domain/secrets.js';
import { AppError } from '../../errors.js';

/** Every credential field any gateway takes; `secret` ones are never shown, not even in part. */
export const CREDENTIAL_FIELDS = {
  merchantId: { secret: false },
  keyId: { secret: false },
  sharedSecret: { secret: true },
  apiPassword: { secret: true },
  apiKey: { secret: true },
} as const;
export type CredentialField = keyof typeof CREDENTIAL_FIELDS;
export type Credentials = Partial<Record<CredentialField, string>>;

/** What each gateway needs to sign in (docs/payments.md); the manual gateway talks to nobody. */
export const REQUIRED_CREDENTIALS: Record<GatewayKind, readonly CredentialField[]> = {
  cybersource: ['merchantId', 'keyId', 'sharedSecret'],
  amex: ['merchantId', 'apiPassword'],
  dialog_fuel_card: ['apiKey'],
  manual: [],
};

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The gateway's credentials, complete and well-formed: `given` over `stored` field by field (a
 * field left out keeps its stored value). Fields another gateway uses are refused, so nothing is
 * stored that the adapter would never read. Messages name fields, never values.
 */
export function completeCredentials(gateway: GatewayKind, given: Credentials, stored: Credentials = {}): Credentials {
  const required = REQUIRED_CREDENTIALS[gateway];
  const values = givenFields(given);
  const foreign = Object.keys(values).filter((f) => !(required as readonly string[]).includes(f));
  if (foreign.length)
    throw new AppError('GATEWAY_CREDENTIALS_INVALID', `${gatewayName(gateway)} takes no ${foreign.join(', ')}`, {
      field: 'credentials',
      fields: foreign,
    });
  const merged: Credentials = {};
  for (const field of required) {
    const value = (values[field] ?? stored[field])?.trim();
    if (value) merged[field] = value;
  }
  const missing = required.filter((f) => !merged[f]);
  if (missing.length)
    throw new AppError('GATEWAY_CREDENTIALS_MISSING', `${gatewayName(gateway)} needs ${missing.join(', ')}`, {
      field: 'credentials',
      missing,
    });
  if (merged.sharedSecret !== undefined) {
    const decoded = BASE64.test(merged.sharedSecret) ? Buffer.from(merged.sharedSecret, 'base64') : Buffer.alloc(0);
    if (decoded.length === 0 || decoded.toString('base64').replace(/=+$/, '') !== merged.sharedSecret.replace(/=+$/, ''))
      throw new AppError('GATEWAY_CREDENTIALS_INVALID', 'The shared secret must be base64, as CyberSource shows it', {
        field: 'credentials.sharedSecret',
      });
  }
  return merged;
}

/** The fields given a value: an empty one counts as left out. */
export const givenFields = (given: Credentials): Credentials =>
  Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined && value.trim() !== ''));

/** For display: identifiers in part ("lan…01"), secrets as dots. */
export function maskCredentials(credentials: Credentials): Record<string, string> {
  return Object.fromEntries(
    Object.entries(credentials).map(([field, value]) => [
      field,
      maskValue(value, CREDENTIAL_FIELDS[field as CredentialField]?.secret ?? true),
    ]),
  );
}

export function sealCredentials(keys: SecretKeys | null, credentials: Credentials): string {
  if (!keys) throw secretsKeyMissing();
  return encryptSecret(keys, JSON.stringify(credentials));
}

export function openCredentials(keys: SecretKeys | null, ciphertext: string | null): Credentials {
  if (!ciphertext) return {};
  if (!keys) throw secretsKeyMissing();
  return JSON.parse(decryptSecret(keys, ciphertext)) as Credentials;
}

export const secretsKeyMissing = () =>
  new AppError(
    'SECRETS_KEY_MISSING',
    'Gateway credentials cannot be stored or changed: the server has no SECRETS_KEY (see docs/configuration.md)',
  );

export const GATEWAY_NAMES: Record<GatewayKind, string> = {
  cybersource: 'CyberSource',
  amex: 'American Express',
  dialog_fuel_card: 'Dialog Fuel Card',
  manual: 'Manual',
};
export const gatewayName = (gateway: GatewayKind) => GATEWAY_NAMES[gateway];
