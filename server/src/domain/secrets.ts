import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (payment gateway credentials): AES-256-GCM under SECRETS_KEY, with the key's id in
 * every ciphertext so older ciphertexts still open after a rotation (SECRETS_KEY_PREVIOUS) until
 * they are encrypted again under the current key.
 *
 * Format: `v1.<key id>.<iv>.<tag>.<ciphertext>`, each part base64url; the key id is the first 8
 * hex digits of the key's SHA-256.
 */
export interface SecretKeys {
  current: Buffer;
  previous: Buffer[];
}

export class SecretsError extends Error {}

export const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** A key as configured: 64 hex digits or 44 characters of base64, 32 bytes either way. */
export function parseSecretKey(raw: string, name: string): Buffer {
  const text = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32 || key.toString('base64') !== text)
    throw new SecretsError(`${name} must be 32 bytes as 64 hex digits or base64 (e.g. openssl rand -hex 32)`);
  return key;
}

export function encryptSecret(keys: SecretKeys, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.current, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ['v1', keyId(keys.current), iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join('.');
}

/** The key a ciphertext was made with, when it is one of ours. */
export const ciphertextKeyId = (ciphertext: string): string | null => {
  const parts = ciphertext.split('.');
  return parts.length === 5 && parts[0] === 'v1' ? parts[1]! : null;
};

export function decryptSecret(keys: SecretKeys, ciphertext: string): string {
  const parts = ciphertext.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1') throw new SecretsError('Not an encrypted secret');
  const [, id, iv, tag, body] = parts as [string, string, string, string, string];
  const key = [keys.current, ...keys.previous].find((k) => keyId(k) === id);
  if (!key) throw new SecretsError(`Encrypted with key ${id}, which is neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretsError(`The secret does not open with key ${id}: it was altered or the key is wrong`);
  }
}

/** For display: the first 3 and last 2 characters of an identifier; secrets are never shown at all. */
export function maskValue(value: string, secret: boolean): string {
  if (secret || value.length <= 6) return '••••';
  return `${value.slice(0, 3)}…${value.slice(-2)}`;
}
