import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type SecretKeys, parseSecretKey } from './domain/secrets.js';

/**
 * The keys gateway credentials are encrypted with. SECRETS_KEY when set. Without it, the embedded
 * database keeps a key beside its files (`DATA_DIR/secrets.key`, owner-only, made on first start)
 * so `npm start` works out of the box; an in-memory database gets a key for its lifetime. On
 * PostgreSQL there is no fallback: credentials cannot be stored until SECRETS_KEY is set.
 */
export async function resolveSecretKeys(
  configured: SecretKeys | null,
  database: { kind: 'pglite' | 'postgres'; dataDir: string; memory: boolean },
): Promise<{ keys: SecretKeys | null; source: 'SECRETS_KEY' | 'key file' | 'memory' | 'none' }> {
  if (configured) return { keys: configured, source: 'SECRETS_KEY' };
  if (database.kind !== 'pglite') return { keys: null, source: 'none' };
  if (database.memory) return { keys: { current: randomBytes(32), previous: [] }, source: 'memory' };
  const file = path.join(database.dataDir, 'secrets.key');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing !== null) return { keys: { current: parseSecretKey(existing, file), previous: [] }, source: 'key file' };
  await mkdir(database.dataDir, { recursive: true });
  const key = randomBytes(32);
  await writeFile(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return { keys: { current: key, previous: [] }, source: 'key file' };
}
