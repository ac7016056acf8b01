import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { commissionContracts, organizationLogos, organizations } from '../../db/schema/index.js';
import {
  assertBillingDay,
  assertContractShape,
  assertCurrency,
  assertTaxes,
  assertTimeZone,
  dateRangesOverlap,
} from '../../domain/organization-rules.js';
import { plainDecimal } from '../../domain/decimal.js';
import { type Scope, canReachOrganization } from '../../domain/scope.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { rebuildOrganizationRollups } from '../analytics/rollup-rebuild.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { cleanLogo } from './logo-image.js';
import { type OrganizationRow, ancestorsOf, findOrganization, findOrganizations, organizationDependents } from './queries.js';
import type {
  CreateContract,
  CreateOrganization,
  OrganizationListFilter,
  UpdateContract,
  UpdateOrganization,
} from './schemas.js';

type OrganizationWithCounts = { org: OrganizationRow; siteCount: number; chargerCount: number };

export function presentOrganization({ org, siteCount, chargerCount }: OrganizationWithCounts) {
  return {
    ...org,
    energyCostPerKwh: plainDecimal(org.energyCostPerKwh),
    logoUrl: org.hasLogo ? `/api/v1/organizations/${org.id}/logo?v=${org.updatedAt.getTime()}` : null,
    siteCount,
    chargerCount,
    createdAt: org.createdAt.toISOString(),
    updatedAt: org.updatedAt.toISOString(),
  };
}

export async function listOrganizations(db: Db, scope: Scope, filter: OrganizationListFilter, page: PageRequest) {
  const { items, total } = await findOrganizations(db, { ...filter, ...page, organizationIds: scope.organizationIds });
  return { items: items.map(presentOrganization), total, ...page };
}

/** Outside the caller's scope answers 404, so existence does not leak. */
export async function getOrganization(db: Db, scope: Scope, id: string) {
  const row = await findOrganization(db, id, scope.organizationIds);
  if (!row) throw notFound('Organization');
  return row;
}

function assertSettings(input: UpdateOrganization, current?: OrganizationRow): void {
  if (input.currency !== undefined) assertCurrency(input.currency);
  if (input.timeZone !== undefined) assertTimeZone(input.timeZone);
  if (input.taxes !== undefined) assertTaxes(input.taxes);
  const cycle = input.billingCycle ?? current?.billingCycle ?? 'monthly';
  const day = input.billingDay ?? current?.billingDay ?? 1;
  if (input.billingCycle !== undefined || input.billingDay !== undefined) assertBillingDay(cycle, day);
}

async function assertParentAllowed(db: Db, scope: Scope, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  if (!canReachOrganization(scope, parentId) || !(await findOrganization(db, parentId, scope.organizationIds))) {
    throw new AppError('UNPROCESSABLE', 'The parent organization does not exist', { field: 'parentId' });
  }
  if (selfId && (await ancestorsOf(db, parentId)).includes(selfId)) {
    throw new AppError('ORGANIZATION_CYCLE', 'An organization cannot be placed under itself or one of its sub-organizations', {
      field: 'parentId',
    });
  }
}

export async function createOrganization(db: Db, audit: AuditContext, scope: Scope, input: CreateOrganization) {
  assertSettings(input);
  // A platform user restricted to some organizations may only add sub-organizations under them.
  if (scope.organizationIds !== null && !input.parentId)
    throw forbidden('You may only create sub-organizations of your organizations');
  await assertParentAllowed(db, scope, input.parentId);
  const id = await db.transaction(async (tx) => {
    const [created] = await tx.insert(organizations).values(input).returning();
    await recordAudit(tx, audit, {
      entityType: 'organization',
      entityId: created!.id,
      action: 'create',
      organizationId: created!.id,
      after: created!,
    });
    return created!.id;
  });
  return presentOrganization((await findOrganization(db, id, null))!);
}

export async function updateOrganization(db: Db, audit: AuditContext, scope: Scope, id: string, input: UpdateOrganization) {
  const { org: current } = await getOrganization(db, scope, id);
  assertSettings(input, current);
  if (input.parentId !== undefined) await assertParentAllowed(db, scope, input.parentId, id);
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(organizations)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(organizations.id, id))
      .returning();
    // Revenue counts on the local date in the organization's zone: a new zone moves sessions between days.
    const rollupsRebuilt = updated!.timeZone !== current.timeZone ? await rebuildOrganizationRollups(tx, id) : undefined;
    await recordAudit(tx, audit, {
      entityType: 'organization',
      entityId: id,
      action: 'update',
      organizationId: id,
      before: current,
      after: { ...updated!, rollupsRebuilt },
    });
  });
  return presentOrganization((await findOrganization(db, id, null))!);
}

export async function deleteOrganization(db: Db, audit: AuditContext, scope: Scope, id: string): Promise<void> {
  const { org } = await getOrganization(db, scope, id);
  const dependents = await organizationDependents(db, id);
  if (dependents.sites + dependents.chargers + dependents.users + dependents.children > 0) {
    throw new AppError('IN_USE', 'Remove its sites, chargers, users and sub-organizations first', dependents);
  }
  await db.transaction(async (tx) => {
    await tx.delete(organizations).where(eq(organizations.id, id));
    await recordAudit(tx, audit, { entityType: 'organization', entityId: id, action: 'delete', organizationId: id, before: org });
  });
}

/** The logo as stored: decoded, checked and re-encoded by cleanLogo, never the uploaded bytes. */
export async function setLogo(db: Db, audit: AuditContext, scope: Scope, id: string, declaredType: string, upload: Buffer) {
  const { org } = await getOrganization(db, scope, id);
  const { mimeType, data, width, height } = await cleanLogo(declaredType, upload);
  await db.transaction(async (tx) => {
    await tx
      .insert(organizationLogos)
      .values({ organizationId: id, mimeType, data })
      .onConflictDoUpdate({ target: organizationLogos.organizationId, set: { mimeType, data, updatedAt: new Date() } });
    await tx.update(organizations).set({ hasLogo: true, updatedAt: new Date() }).where(eq(organizations.id, id));
    await recordAudit(tx, audit, {
      entityType: 'organization',
      entityId: id,
      action: 'logo_set',
      organizationId: id,
      before: { logo: org.hasLogo ? 'present' : null },
      after: { logo: `${mimeType}, ${width}×${height}, ${data.length} bytes` },
    });
  });
}

export async function getLogo(db: Db, scope: Scope, id: string) {
  await getOrganization(db, scope, id);
  const [logo] = await db.select().from(organizationLogos).where(eq(organizationLogos.organizationId, id));
  if (!logo) throw notFound('Logo');
  return logo;
}

export async function removeLogo(db: Db, audit: AuditContext, scope: Scope, id: string): Promise<void> {
  const { org } = await getOrganization(db, scope, id);
  if (!org.hasLogo) return;
  await db.transaction(async (tx) => {
    await tx.delete(organizationLogos).where(eq(organizationLogos.organizationId, id));
    await tx.update(organizations).set({ hasLogo: false, updatedAt: new Date() }).where(eq(organizations.id, id));
    await recordAudit(tx, audit, {
      entityType: 'organization',
      entityId: id,
      action: 'logo_removed',
      organizationId: id,
      before: { logo: 'present' },
      after: { logo: null },
    });
  });
}

type ContractRow = typeof commissionContracts.$inferSelect;
const presentContract = (c: ContractRow) => ({
  ...c,
  percent: plainDecimal(c.percent),
  perKwh: plainDecimal(c.perKwh),
  createdAt: c.createdAt.toISOString(),
});

export async function listContracts(db: Db, scope: Scope, organizationId: string) {
  await getOrganization(db, scope, organizationId);
  const rows = await db
    .select()
    .from(commissionContracts)
    .where(eq(commissionContracts.organizationId, organizationId))
    .orderBy(commissionContracts.effectiveFrom);
  return rows.map(presentContract);
}

/** At most one commission contract is in force on any day, so settlement always finds exactly one. */
async function assertNoOverlap(
  db: Db,
  organizationId: string,
  range: { effectiveFrom: string; effectiveTo?: string | null },
  exceptId?: string,
) {
  const others = await db
    .select()
    .from(commissionContracts)
    .where(
      and(eq(commissionContracts.organizationId, organizationId), exceptId ? ne(commissionContracts.id, exceptId) : undefined),
    );
  const clash = others.find((other) => dateRangesOverlap(other, range));
  if (clash) {
    throw new AppError('CONTRACT_OVERLAP', `Contract "${clash.name}" is already in force for part of these dates`, {
      conflictingContractId: clash.id,
    });
  }
}

export async function createContract(db: Db, audit: AuditContext, scope: Scope, organizationId: string, input: CreateContract) {
  await getOrganization(db, scope, organizationId);
  assertContractShape(input);
  await assertNoOverlap(db, organizationId, input);
  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(commissionContracts)
      .values({ ...input, organizationId })
      .returning();
    await recordAudit(tx, audit, {
      entityType: 'commission_contract',
      entityId: row!.id,
      action: 'create',
      organizationId,
      after: row!,
    });
    return row!;
  });
  return presentContract(created);
}

async function getContract(db: Db, scope: Scope, organizationId: string, contractId: string) {
  await getOrganization(db, scope, organizationId);
  const [row] = await db
    .select()
    .from(commissionContracts)
    .where(and(eq(commissionContracts.id, contractId), eq(commissionContracts.organizationId, organizationId)));
  if (!row) throw notFound('Contract');
  return row;
}

export async function updateContract(
  db: Db,
  audit: AuditContext,
  scope: Scope,
  organizationId: string,
  contractId: string,
  input: UpdateContract,
) {
  const current = await getContract(db, scope, organizationId, contractId);
  const merged = { ...current, ...input };
  assertContractShape(merged);
  await assertNoOverlap(db, organizationId, merged, contractId);
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx.update(commissionContracts).set(input).where(eq(commissionContracts.id, contractId)).returning();
    await recordAudit(tx, audit, {
      entityType: 'commission_contract',
      entityId: contractId,
      action: 'update',
      organizationId,
      before: current,
      after: row!,
    });
    return row!;
  });
  return presentContract(updated);
}

export async function deleteContract(db: Db, audit: AuditContext, scope: Scope, organizationId: string, contractId: string) {
  const current = await getContract(db, scope, organizationId, contractId);
  await db.transaction(async (tx) => {
    await tx.delete(commissionContracts).where(eq(commissionContracts.id, contractId));
    await recordAudit(tx, audit, {
      entityType: 'commission_contract',
      entityId: contractId,
      action: 'delete',
      organizationId,
      before: current,
    });
  });
}
