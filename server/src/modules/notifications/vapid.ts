import { and, eq } from 'drizzle-orm';
import webPush from 'web-push';
import type { Config } from '../../config.js';
import type { Executor } from '../../db/client.js';
import { platformKeys } from '../../db/schema/index.js';
import { ciphertextKeyId, decryptSecret, encryptSecret, keyId } from '../../domain/secrets.js';

/** The application server's key pair for Web Push (RFC 8292), base64url as browsers and web-push take it. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
  source: 'settings' | 'database';
}

const KEY_NAME = 'vapid';

/**
 * Whether this instance can have a VAPID pair: VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY are set, or there
 * is a secrets key to encrypt a generated private key with (SECRETS_KEY, or the embedded database's
 * key file). On PostgreSQL without either, Web Push is off: a pair kept only in memory would differ
 * per instance and per restart, and every browser subscribed with the old public key would be
 * refused by its push service.
 */
export const webPushAvailable = (config: Config): boolean => config.notifications.vapidKeys !== null || config.secrets !== null;

/**
 * The VAPID pair, uncached: from the settings, else the one stored in `platform_keys`, else a new one
 * generated and stored. Instances starting at once each insert theirs with ON CONFLICT DO NOTHING
 * and then all read the row that won, so they end with one pair. Null when Web Push is not available.
 */
export async function loadVapidKeys(db: Executor, config: Config): Promise<VapidKeys | null> {
  const subject = config.notifications.vapidSubject;
  if (config.notifications.vapidKeys) return { ...config.notifications.vapidKeys, subject, source: 'settings' };
  const secrets = config.secrets;
  if (!secrets) return null;
  const read = async () => {
    const [row] = await db.select().from(platformKeys).where(eq(platformKeys.name, KEY_NAME));
    return row;
  };
  let row = await read();
  if (!row) {
    const generated = webPush.generateVAPIDKeys();
    await db
      .insert(platformKeys)
      .values({
        name: KEY_NAME,
        publicValue: generated.publicKey,
        privateCiphertext: encryptSecret(secrets, generated.privateKey),
      })
      .onConflictDoNothing({ target: platformKeys.name });
    row = await read();
    if (!row) throw new Error('The VAPID key pair was neither stored nor found');
  }
  const privateKey = decryptSecret(secrets, row.privateCiphertext);
  // Opened with SECRETS_KEY_PREVIOUS after a rotation: encrypted again under the current key.
  if (ciphertextKeyId(row.privateCiphertext) !== keyId(secrets.current))
    await db
      .update(platformKeys)
      .set({ privateCiphertext: encryptSecret(secrets, privateKey) })
      .where(and(eq(platformKeys.name, KEY_NAME), eq(platformKeys.privateCiphertext, row.privateCiphertext)));
  return { publicKey: row.publicValue, privateKey, subject, source: 'database' };
}

const cache = new WeakMap<object, Promise<VapidKeys | null>>();

/** The VAPID pair of this database, loaded (or made) once per process; a failed load is tried again next time. */
export function vapidKeysFor(db: Executor, config: Config): Promise<VapidKeys | null> {
  let pending = cache.get(db);
  if (!pending) {
    pending = loadVapidKeys(db, config);
    cache.set(db, pending);
    pending.catch(() => cache.delete(db));
  }
  return pending;
}
