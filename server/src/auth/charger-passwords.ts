import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { verifyPassword } from './passwords.js';

/**
 * Charger OCPP passwords (security profile 1) are long machine secrets, verified at every
 * reconnect of a whole fleet: a salted SHA-256 verifies in microseconds where bcrypt takes a
 * quarter second (docs/decisions/0002-charger-password-hashing.md). Stored as
 * `sha256$<salt>$<digest>`, both base64url; older rows hold bcrypt hashes (`$2b$…`), still verified.
 */
const PREFIX = 'sha256';
const SALT_BYTES = 16;

/** OCPP 2.0.1 security profile 1: BasicAuthPassword is 16 to 40 characters. */
export const MIN_CHARGER_PASSWORD_LENGTH = 16;
export const MAX_CHARGER_PASSWORD_LENGTH = 40;

const digestOf = (salt: Buffer, password: Buffer): Buffer => createHash('sha256').update(salt).update(password).digest();

export function hashChargerPassword(password: string | Buffer): string {
  const salt = randomBytes(SALT_BYTES);
  const digest = digestOf(salt, Buffer.isBuffer(password) ? password : Buffer.from(password, 'utf8'));
  return `${PREFIX}$${salt.toString('base64url')}$${digest.toString('base64url')}`;
}

export const isLegacyChargerHash = (hash: string): boolean => hash.startsWith('$2');

/** Timing-safe: the digests have a fixed length, compared in constant time. */
export function verifyFastChargerHash(password: Buffer, hash: string): boolean {
  const [prefix, salt, digest, ...rest] = hash.split('$');
  if (prefix !== PREFIX || salt === undefined || digest === undefined || rest.length > 0) return false;
  const expected = Buffer.from(digest, 'base64url');
  const actual = digestOf(Buffer.from(salt, 'base64url'), password);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Either format; a bcrypt hash costs its quarter second (the caller upgrades it after a success). */
export async function verifyChargerPassword(password: Buffer, hash: string): Promise<boolean> {
  if (isLegacyChargerHash(hash)) return verifyPassword(password.toString('utf8'), hash);
  return verifyFastChargerHash(password, hash);
}

/** Verified against when the identity is unknown, so the answer takes as long as a wrong password. */
export const DUMMY_CHARGER_HASH = hashChargerPassword(randomBytes(24));
