import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { chargeboard, cliEnvironment, withCliDatabase } from '../support/cli.js';
import { auditLog, gatewayConfigs } from '../../src/db/schema/index.js';
import { ciphertextKeyId, decryptSecret, encryptSecret, keyId } from '../../src/domain/secrets.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('chargeboard secrets rotate', () => {
  it('re-encrypts under SECRETS_KEY what SECRETS_KEY_PREVIOUS made, once', { timeout: 400_000 }, async () => {
    const env = await cliEnvironment(cleanups);
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const credentials = (n: number) => JSON.stringify({ apiKey: `fuel-key-${n}` });
    await withCliDatabase(env, async (db) => {
      await db.insert(gatewayConfigs).values([
        {
          gateway: 'dialog_fuel_card',
          label: 'Old 1',
          baseUrl: 'https://fuel.example',
          credentialsCiphertext: encryptSecret({ current: oldKey, previous: [] }, credentials(1)),
        },
        {
          gateway: 'dialog_fuel_card',
          label: 'Old 2',
          baseUrl: 'https://fuel.example',
          credentialsCiphertext: encryptSecret({ current: oldKey, previous: [] }, credentials(2)),
        },
        {
          gateway: 'dialog_fuel_card',
          label: 'New',
          baseUrl: 'https://fuel.example',
          credentialsCiphertext: encryptSecret({ current: newKey, previous: [] }, credentials(3)),
        },
        { gateway: 'manual', label: 'Cash' },
      ]);
    });
    const keys = { SECRETS_KEY: newKey.toString('hex'), SECRETS_KEY_PREVIOUS: oldKey.toString('hex') };

    const first = await chargeboard({ ...env, ...keys }, 'secrets', 'rotate');
    expect(first.out).toMatch(/re-encrypted under the current key: 2 of 3 configuration\(s\)/);
    expect(first.code).toBe(0);
    await withCliDatabase(env, async (db) => {
      const rows = await db.select().from(gatewayConfigs).orderBy(gatewayConfigs.label);
      const stored = rows.filter((r) => r.credentialsCiphertext);
      expect(stored.map((r) => ciphertextKeyId(r.credentialsCiphertext!))).toEqual(stored.map(() => keyId(newKey)));
      // They open with the new key alone: the old one can be dropped.
      expect(stored.map((r) => decryptSecret({ current: newKey, previous: [] }, r.credentialsCiphertext!))).toEqual([
        credentials(3),
        credentials(1),
        credentials(2),
      ]);
      const audit = await db.select().from(auditLog);
      expect(audit.filter((a) => a.action === 'rotate_key')).toHaveLength(2);
    });

    const again = await chargeboard({ ...env, ...keys }, 'secrets', 'rotate');
    expect(again.out).toMatch(/0 of 3 configuration\(s\)/);

    // A ciphertext no configured key opens: nothing is changed, the command fails.
    const stranger = randomBytes(32);
    await withCliDatabase(env, async (db) => {
      await db.insert(gatewayConfigs).values({
        gateway: 'dialog_fuel_card',
        label: 'Stranger',
        baseUrl: 'https://fuel.example',
        credentialsCiphertext: encryptSecret({ current: stranger, previous: [] }, credentials(4)),
      });
    });
    const failed = await chargeboard(
      { ...env, SECRETS_KEY: randomBytes(32).toString('hex'), SECRETS_KEY_PREVIOUS: newKey.toString('hex') },
      'secrets',
      'rotate',
    );
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS/);
    await withCliDatabase(env, async (db) => {
      const rows = await db.select().from(gatewayConfigs);
      expect(
        rows.filter((r) => r.credentialsCiphertext && ciphertextKeyId(r.credentialsCiphertext) === keyId(newKey)),
      ).toHaveLength(3);
    });
  });
});
