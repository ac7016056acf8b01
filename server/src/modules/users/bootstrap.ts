import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { assertAcceptablePassword, hashPassword } from '../../auth/passwords.js';
import { recordAudit } from '../audit/service.js';

/**
 * With ADMIN_EMAIL and ADMIN_PASSWORD set, the first start creates that Admin if no user has
 * that e-mail, so a deployment can be bootstrapped without demo data or a prompt.
 */
export async function ensureBootstrapAdmin(
  db: Db,
  config: { adminEmail: string | null; adminPassword: string | null; bcryptCost: number },
): Promise<boolean> {
  if (!config.adminEmail || !config.adminPassword) return false;
  return createAdmin(
    db,
    { email: config.adminEmail, password: config.adminPassword, name: 'Administrator', bcryptCost: config.bcryptCost },
    'bootstrap',
  );
}

export async function createAdmin(
  db: Db,
  input: { email: string; password: string; name: string; bcryptCost: number },
  source: 'bootstrap' | 'cli',
): Promise<boolean> {
  const email = input.email.trim().toLowerCase();
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  if (existing) return false;
  assertAcceptablePassword(input.password, { email, name: input.name });
  const passwordHash = await hashPassword(input.password, input.bcryptCost);
  await db.transaction(async (tx) => {
    const [user] = await tx.insert(users).values({ email, name: input.name, passwordHash, role: 'admin' }).returning();
    await recordAudit(
      tx,
      { actorId: null, actorEmail: `system:${source}`, requestId: null },
      {
        entityType: 'user',
        entityId: user!.id,
        action: 'create',
        organizationId: null,
        after: { email, name: input.name, role: 'admin' },
      },
    );
  });
  return true;
}
