import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { gatewayConfigs } from '../../db/schema/index.js';
import { type SecretKeys, ciphertextKeyId, decryptSecret, encryptSecret, keyId } from '../../domain/secrets.js';
import { recordAudit } from '../audit/service.js';
import { configsWithCredentials } from './queries.js';

/**
 * Re-encrypts under the current key every gateway configuration's credentials made with an older
 * one (SECRETS_KEY_PREVIOUS), in one transaction: all of them or none. Running it again finds
 * nothing to do. The credentials themselves do not change, so neither does the configuration's
 * version (its updated_at); each re-encryption is audited.
 */
export async function rotateGatewaySecrets(db: Db, keys: SecretKeys): Promise<{ rotated: number; total: number }> {
  const current = keyId(keys.current);
  return db.transaction(async (tx) => {
    const rows = await configsWithCredentials(tx);
    let rotated = 0;
    for (const row of rows) {
      const ciphertext = row.credentialsCiphertext!;
      if (ciphertextKeyId(ciphertext) === current) continue;
      const renewed = encryptSecret(keys, decryptSecret(keys, ciphertext));
      await tx.update(gatewayConfigs).set({ credentialsCiphertext: renewed }).where(eq(gatewayConfigs.id, row.id));
      await recordAudit(
        tx,
        { actorId: null, actorEmail: 'system:cli', requestId: null },
        {
          entityType: 'gateway_config',
          entityId: row.id,
          action: 'rotate_key',
          organizationId: row.organizationId,
          before: { credentialsKeyId: ciphertextKeyId(ciphertext) },
          after: { credentialsKeyId: current },
        },
      );
      rotated++;
    }
    return { rotated, total: rows.length };
  });
}
