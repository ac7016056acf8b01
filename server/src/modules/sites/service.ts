import { Decimal } from 'decimal.js';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sites } from '../../db/schema/index.js';
import { plainDecimal } from '../../domain/decimal.js';
import { assertTimeZone } from '../../domain/organization-rules.js';
import { type Scope, assertWholeOrganization, canReachOrganization } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { findOrganization } from '../organizations/queries.js';
import { type SiteWithContext, countAllChargersAt, findSite, findSites } from './queries.js';
import type { CreateSite, SiteListFilter, UpdateSite } from './schemas.js';

export function presentSite({ site, organizationName, chargerCount }: SiteWithContext) {
  return {
    ...site,
    organizationName,
    latitude: plainDecimal(site.latitude),
    longitude: plainDecimal(site.longitude),
    gridLimitKw: plainDecimal(site.gridLimitKw),
    chargerCount,
    createdAt: site.createdAt.toISOString(),
    updatedAt: site.updatedAt.toISOString(),
  };
}

/** A map pin needs both coordinates; each must be a real place on Earth. */
export function assertCoordinates(latitude: string | null, longitude: string | null): void {
  if ((latitude === null) !== (longitude === null)) {
    throw new AppError('VALIDATION_FAILED', 'Give both latitude and longitude, or neither', {
      field: latitude === null ? 'latitude' : 'longitude',
    });
  }
  if (latitude !== null && new Decimal(latitude).abs().greaterThan(90)) {
    throw new AppError('VALIDATION_FAILED', `Latitude ${latitude} is out of range; it must be between -90 and 90`, {
      field: 'latitude',
    });
  }
  if (longitude !== null && new Decimal(longitude).abs().greaterThan(180)) {
    throw new AppError('VALIDATION_FAILED', `Longitude ${longitude} is out of range; it must be between -180 and 180`, {
      field: 'longitude',
    });
  }
}

export async function listSites(db: Db, scope: Scope, filter: SiteListFilter, page: PageRequest) {
  const { items, total } = await findSites(db, { ...filter, ...page, scope });
  return { items: items.map(presentSite), total, ...page };
}

/** Outside the caller's scope answers 404, so existence does not leak. */
export async function getSite(db: Db, scope: Scope, id: string): Promise<SiteWithContext> {
  const row = await findSite(db, id, scope);
  if (!row) throw notFound('Site');
  return row;
}

export async function createSite(db: Db, audit: AuditContext, scope: Scope, input: CreateSite) {
  // A role limited to chosen sites would lose sight of a site it just created.
  assertWholeOrganization(scope, 'New sites');
  const organization = canReachOrganization(scope, input.organizationId)
    ? await findOrganization(db, input.organizationId, scope.organizationIds)
    : null;
  if (!organization) throw new AppError('UNPROCESSABLE', 'The organization does not exist', { field: 'organizationId' });
  const values = { ...input, timeZone: input.timeZone ?? organization.org.timeZone };
  assertTimeZone(values.timeZone);
  assertCoordinates(values.latitude ?? null, values.longitude ?? null);
  const id = await db.transaction(async (tx) => {
    const [created] = await tx.insert(sites).values(values).returning();
    await recordAudit(tx, audit, {
      entityType: 'site',
      entityId: created!.id,
      action: 'create',
      organizationId: created!.organizationId,
      after: created!,
    });
    return created!.id;
  });
  return presentSite((await findSite(db, id, scope))!);
}

export async function updateSite(db: Db, audit: AuditContext, scope: Scope, id: string, input: UpdateSite) {
  const { site: current } = await getSite(db, scope, id);
  if (input.timeZone !== undefined) assertTimeZone(input.timeZone);
  if (input.latitude !== undefined || input.longitude !== undefined) {
    assertCoordinates(
      input.latitude === undefined ? current.latitude : input.latitude,
      input.longitude === undefined ? current.longitude : input.longitude,
    );
  }
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(sites)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(sites.id, id))
      .returning();
    await recordAudit(tx, audit, {
      entityType: 'site',
      entityId: id,
      action: 'update',
      organizationId: current.organizationId,
      before: current,
      after: updated!,
    });
  });
  return presentSite((await findSite(db, id, scope))!);
}

export async function deleteSite(db: Db, audit: AuditContext, scope: Scope, id: string): Promise<void> {
  const { site } = await getSite(db, scope, id);
  const chargers = await countAllChargersAt(db, id);
  if (chargers > 0) {
    throw new AppError('IN_USE', `The site has ${chargers} charger(s), retired ones included; move them to another site first`, {
      chargers,
    });
  }
  await db.transaction(async (tx) => {
    await tx.delete(sites).where(eq(sites.id, id));
    await recordAudit(tx, audit, {
      entityType: 'site',
      entityId: id,
      action: 'delete',
      organizationId: site.organizationId,
      before: site,
    });
  });
}
