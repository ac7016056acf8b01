import { describe, expect, it } from 'vitest';
import {
  DUMMY_CHARGER_HASH,
  hashChargerPassword,
  isLegacyChargerHash,
  verifyChargerPassword,
  verifyFastChargerHash,
} from '../../src/auth/charger-passwords.js';
import { hashPassword } from '../../src/auth/passwords.js';

const secret = Buffer.from('Xk3vR9qLmT2pW8sN4bZy7cHd');

describe('charger password hashes', () => {
  it('verifies the password it was made from, and nothing else', () => {
    const hash = hashChargerPassword(secret);
    expect(hash).toMatch(/^sha256\$[\w-]{22}\$[\w-]{43}$/);
    expect(verifyFastChargerHash(secret, hash)).toBe(true);
    expect(verifyFastChargerHash(Buffer.from('Xk3vR9qLmT2pW8sN4bZy7cHe'), hash)).toBe(false);
    expect(verifyFastChargerHash(Buffer.alloc(0), hash)).toBe(false);
  });

  it('salts each hash: the same password gives different hashes', () => {
    expect(hashChargerPassword(secret)).not.toBe(hashChargerPassword(secret));
  });

  it.each(['', 'sha256$', 'sha256$abc', 'sha256$abc$def$ghi', 'md5$abc$def', '$2b$12$whatever', DUMMY_CHARGER_HASH])(
    'refuses a malformed or foreign hash %j without throwing',
    (hash) => {
      expect(verifyFastChargerHash(secret, hash)).toBe(false);
    },
  );

  it('still verifies an old bcrypt hash, recognised as such', async () => {
    const legacy = await hashPassword(secret.toString(), 12);
    expect(isLegacyChargerHash(legacy)).toBe(true);
    expect(isLegacyChargerHash(hashChargerPassword(secret))).toBe(false);
    expect(await verifyChargerPassword(secret, legacy)).toBe(true);
    expect(await verifyChargerPassword(Buffer.from('wrong-password-here'), legacy)).toBe(false);
    // Three bcrypt rounds at cost 12 take about a second alone, several on a loaded machine.
  }, 20_000);

  it('verifies in well under a millisecond', () => {
    const hash = hashChargerPassword(secret);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) verifyFastChargerHash(secret, hash);
    expect((performance.now() - started) / 1000).toBeLessThan(0.5);
  });
});
