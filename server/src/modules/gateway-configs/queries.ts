import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { type GatewayKind, gatewayConfigs, organizations } from '../../db/schema/index.js';

export type GatewayConfigRow = typeof gatewayConfigs.$inferSelect;
export type GatewayConfigInsert = typeof gatewayConfigs.$inferInsert;
export type GatewayConfigListed = GatewayConfigRow & { organizationName: string | null };

const listed = { ...getTableColumns(gatewayConfigs), organizationName: organizations.name };

export async function findGatewayConfigs(
  db: Executor,
  filter: { organizationId?: string; gateway?: GatewayKind },
): Promise<GatewayConfigListed[]> {
  return db
    .select(listed)
    .from(gatewayConfigs)
    .leftJoin(organizations, eq(organizations.id, gatewayConfigs.organizationId))
    .where(
      and(
        filter.organizationId ? eq(gatewayConfigs.organizationId, filter.organizationId) : undefined,
        filter.gateway ? eq(gatewayConfigs.gateway, filter.gateway) : undefined,
      ),
    )
    .orderBy(
      sql`${organizations.name} IS NOT NULL`,
      asc(organizations.name),
      asc(gatewayConfigs.gateway),
      asc(gatewayConfigs.priority),
      asc(gatewayConfigs.createdAt),
    );
}

export async function findGatewayConfig(db: Executor, id: string): Promise<GatewayConfigListed | null> {
  const [row] = await db
    .select(listed)
    .from(gatewayConfigs)
    .leftJoin(organizations, eq(organizations.id, gatewayConfigs.organizationId))
    .where(eq(gatewayConfigs.id, id));
  return row ?? null;
}

/** Locks the row for an update in this transaction. */
export async function lockGatewayConfig(db: Executor, id: string): Promise<GatewayConfigRow | null> {
  const [row] = await db.select().from(gatewayConfigs).where(eq(gatewayConfigs.id, id)).for('update');
  return row ?? null;
}

export async function insertGatewayConfig(db: Executor, values: GatewayConfigInsert): Promise<GatewayConfigRow> {
  const [row] = await db.insert(gatewayConfigs).values(values).returning();
  return row!;
}

export async function updateGatewayConfig(
  db: Executor,
  id: string,
  values: Partial<GatewayConfigInsert>,
): Promise<GatewayConfigRow> {
  const [row] = await db
    .update(gatewayConfigs)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(gatewayConfigs.id, id))
    .returning();
  return row!;
}

export async function deleteGatewayConfig(db: Executor, id: string): Promise<void> {
  await db.delete(gatewayConfigs).where(eq(gatewayConfigs.id, id));
}

/** The configurations that fall back to this one (their fallback is cleared when it is deleted). */
export async function configsFallingBackTo(db: Executor, id: string): Promise<GatewayConfigRow[]> {
  return db.select().from(gatewayConfigs).where(eq(gatewayConfigs.fallbackConfigId, id));
}

/** Every configuration with stored credentials, locked, for re-encryption. */
export async function configsWithCredentials(db: Executor): Promise<GatewayConfigRow[]> {
  return db
    .select()
    .from(gatewayConfigs)
    .where(sql`${gatewayConfigs.credentialsCiphertext} IS NOT NULL`)
    .orderBy(asc(gatewayConfigs.createdAt))
    .for('update');
}
