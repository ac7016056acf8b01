import { and, asc, eq, sql } from 'drizzle-orm';
import { hashChargerPassword } from '../../auth/charger-passwords.js';
import type { Db, Executor } from '../../db/client.js';
import { chargers, sites, unclaimedChargers } from '../../db/schema/index.js';
import { type Scope, canReachOrganization } from '../../domain/scope.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import type { ChargerLink } from './types.js';

export type UnclaimedRow = typeof unclaimedChargers.$inferSelect;

export async function unclaimedByIdentity(db: Executor, identity: string): Promise<UnclaimedRow | null> {
  const [row] = await db.select().from(unclaimedChargers).where(eq(unclaimedChargers.ocppIdentity, identity));
  return row ?? null;
}

export async function countUnclaimed(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(unclaimedChargers);
  return row?.n ?? 0;
}

/** First sight of an identity: remembered with the hash of the password it presented, if any. */
export async function rememberUnclaimed(
  db: Executor,
  identity: string,
  fields: { remoteAddress: string | null; passwordHash: string | null; protocol: string | null },
) {
  await db
    .insert(unclaimedChargers)
    .values({ ocppIdentity: identity, ...fields })
    .onConflictDoUpdate({
      target: unclaimedChargers.ocppIdentity,
      set: {
        remoteAddress: fields.remoteAddress,
        protocol: fields.protocol,
        lastSeenAt: new Date(),
        passwordHash: sql`coalesce(${unclaimedChargers.passwordHash}, excluded.password_hash)`,
      },
    });
}

/** Unclaimed chargers have no organization: only platform users (Admin, Network Manager) see them. */
export function assertPlatform(scope: Scope): void {
  if (scope.kind !== 'platform') throw forbidden('Only platform staff can see, claim and reject unclaimed chargers');
}

export function presentUnclaimed(row: UnclaimedRow) {
  const { passwordHash, ...fields } = row;
  return {
    ...fields,
    presentedPassword: passwordHash !== null,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
  };
}

export async function listUnclaimed(db: Db, scope: Scope) {
  assertPlatform(scope);
  const rows = await db.select().from(unclaimedChargers).orderBy(asc(unclaimedChargers.firstSeenAt)).limit(1000);
  return rows.map(presentUnclaimed);
}

export interface ClaimInput {
  organizationId: string;
  siteId: string;
  name?: string;
  ocppPassword?: string;
}

/**
 * Turns an unclaimed identity into a charger of an organization and site. It keeps the password
 * it presented (trust on first use) unless a new one is given; its next boot is Accepted, and a
 * charger still connected is asked to boot again at once (TriggerMessage BootNotification).
 */
export async function claimCharger(
  deps: { db: Db; link: ChargerLink | null },
  audit: AuditContext,
  scope: Scope,
  id: string,
  input: ClaimInput,
) {
  assertPlatform(scope);
  if (!canReachOrganization(scope, input.organizationId))
    throw new AppError('UNPROCESSABLE', 'The organization does not exist', { field: 'organizationId' });
  const [site] = await deps.db
    .select()
    .from(sites)
    .where(and(eq(sites.id, input.siteId), eq(sites.organizationId, input.organizationId)));
  if (!site) throw new AppError('UNPROCESSABLE', 'The site does not exist in this organization', { field: 'siteId' });
  const passwordHash = input.ocppPassword ? hashChargerPassword(input.ocppPassword) : undefined;
  const charger = await deps.db.transaction(async (tx) => {
    const [unclaimed] = await tx.select().from(unclaimedChargers).where(eq(unclaimedChargers.id, id)).for('update');
    if (!unclaimed) throw notFound('Unclaimed charger');
    const [created] = await tx
      .insert(chargers)
      .values({
        organizationId: input.organizationId,
        siteId: input.siteId,
        ocppIdentity: unclaimed.ocppIdentity,
        name: input.name ?? unclaimed.ocppIdentity,
        vendor: unclaimed.vendor,
        model: unclaimed.model,
        serialNumber: unclaimed.serialNumber,
        firmwareVersion: unclaimed.firmwareVersion,
        ocppPasswordHash: passwordHash ?? unclaimed.passwordHash,
      })
      .returning();
    await tx.delete(unclaimedChargers).where(eq(unclaimedChargers.id, id));
    const { ocppPasswordHash, ...after } = created!;
    await recordAudit(tx, audit, {
      entityType: 'charger',
      entityId: created!.id,
      action: 'claim',
      organizationId: input.organizationId,
      after: { ...after, ocppPassword: ocppPasswordHash === null ? null : 'set' },
    });
    return created!;
  });
  deps.link?.requestBoot(charger.ocppIdentity);
  return {
    id: charger.id,
    ocppIdentity: charger.ocppIdentity,
    name: charger.name,
    organizationId: charger.organizationId,
    siteId: charger.siteId,
  };
}
