import { Decimal } from 'decimal.js';
import { eq } from 'drizzle-orm';
import { hashChargerPassword } from '../../auth/charger-passwords.js';
import type { Db, Tx } from '../../db/client.js';
import { chargers } from '../../db/schema/index.js';
import { plainDecimal } from '../../domain/decimal.js';
import { type Scope, canReachOrganization } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { findSite } from '../sites/queries.js';
import { assertEligibleOwner, eligibleOwners } from './location-owners.js';
import {
  type ChargerRow,
  type ChargerWithContext,
  type ConnectorRow,
  connectorsOf,
  findCharger,
  findChargers,
  replaceConnectors,
} from './queries.js';
import type {
  AdminStatusValue,
  ChargerListFilter,
  ConnectorList,
  CreateCharger,
  LocationOwnerAssignment,
  UpdateCharger,
} from './schemas.js';

const presentConnector = (c: ConnectorRow) => ({
  id: c.id,
  connectorId: c.connectorId,
  evseId: c.evseId,
  type: c.type,
  maxPowerKw: plainDecimal(c.maxPowerKw),
});

/** The password hash never leaves the server; the page only learns whether one is set. */
export function presentCharger({ charger, siteName, organizationName, owner, connectors }: ChargerWithContext) {
  const { ocppPasswordHash, locationOwnerId: _ownerId, ...fields } = charger;
  return {
    ...fields,
    siteName,
    organizationName,
    hasOcppPassword: ocppPasswordHash !== null,
    locationOwner: owner,
    locationOwnerShare: plainDecimal(charger.locationOwnerShare),
    retiredAt: charger.retiredAt?.toISOString() ?? null,
    connectors: connectors.map(presentConnector),
    createdAt: charger.createdAt.toISOString(),
    updatedAt: charger.updatedAt.toISOString(),
  };
}

/** Connectors as the audit trail records them: what an operator would compare. */
const auditedConnectors = (list: ConnectorRow[]) =>
  list.map((c) => ({ connectorId: c.connectorId, evseId: c.evseId, type: c.type, maxPowerKw: plainDecimal(c.maxPowerKw) }));

export async function listChargers(db: Db, scope: Scope, filter: ChargerListFilter, page: PageRequest) {
  const { items, total } = await findChargers(db, { ...filter, ...page, scope });
  return { items: items.map(presentCharger), total, ...page };
}

/** Outside the caller's scope answers 404, so existence does not leak. Retired chargers stay readable. */
export async function getCharger(db: Db, scope: Scope, id: string): Promise<ChargerWithContext> {
  const row = await findCharger(db, id, scope);
  if (!row) throw notFound('Charger');
  return row;
}

/** Retired chargers are kept for finance, but nothing about them changes any more. */
async function getChargerInService(db: Db, scope: Scope, id: string): Promise<ChargerWithContext> {
  const row = await getCharger(db, scope, id);
  if (row.charger.retiredAt)
    throw new AppError('CHARGER_RETIRED', 'This charger is retired; it can be viewed but no longer changed');
  return row;
}

function assertConnectors(list: ConnectorList): void {
  const seen = new Set<number>();
  list.forEach((connector, index) => {
    if (seen.has(connector.connectorId)) {
      throw new AppError('VALIDATION_FAILED', `Connector ${connector.connectorId} appears twice`, {
        field: `connectors.${index}.connectorId`,
      });
    }
    seen.add(connector.connectorId);
    if (new Decimal(connector.maxPowerKw).isZero()) {
      throw new AppError('VALIDATION_FAILED', 'A connector must deliver more than 0 kW', {
        field: `connectors.${index}.maxPowerKw`,
      });
    }
  });
}

/** The site a charger may be placed at: reachable by the caller and of the charger's organization. */
async function assertSiteFor(db: Db, scope: Scope, siteId: string, organizationId: string): Promise<void> {
  const found = await findSite(db, siteId, scope);
  if (!found) throw new AppError('UNPROCESSABLE', 'The site does not exist', { field: 'siteId' });
  if (found.site.organizationId !== organizationId) {
    throw new AppError('UNPROCESSABLE', `Site "${found.site.name}" belongs to another organization`, { field: 'siteId' });
  }
}

export async function createCharger(db: Db, audit: AuditContext, scope: Scope, input: CreateCharger) {
  if (!canReachOrganization(scope, input.organizationId))
    throw new AppError('UNPROCESSABLE', 'The organization does not exist', { field: 'organizationId' });
  await assertSiteFor(db, scope, input.siteId, input.organizationId);
  const { connectors: connectorList = [], ...fields } = input;
  assertConnectors(connectorList);
  const id = await db.transaction(async (tx) => {
    const [created] = await tx.insert(chargers).values(fields).returning();
    await replaceConnectors(tx, created!.id, connectorList);
    const saved = (await connectorsOf(tx, [created!.id])).get(created!.id) ?? [];
    await recordAudit(tx, audit, {
      entityType: 'charger',
      entityId: created!.id,
      action: 'create',
      organizationId: created!.organizationId,
      after: { ...created!, connectors: auditedConnectors(saved) },
    });
    return created!.id;
  });
  return presentCharger((await findCharger(db, id, scope))!);
}

/** Applies one change to a charger in service and audits exactly what differs. */
async function changeCharger(
  db: Db,
  audit: AuditContext,
  scope: Scope,
  current: ChargerWithContext,
  action: string,
  change: (tx: Tx) => Promise<{ before: Record<string, unknown>; after: Record<string, unknown> }>,
) {
  const { id, organizationId } = current.charger;
  await db.transaction(async (tx) => {
    const { before, after } = await change(tx);
    await recordAudit(tx, audit, { entityType: 'charger', entityId: id, action, organizationId, before, after });
  });
  return presentCharger((await findCharger(db, id, scope))!);
}

async function updateRow(tx: Tx, id: string, set: Partial<typeof chargers.$inferInsert>): Promise<ChargerRow> {
  const [updated] = await tx
    .update(chargers)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(chargers.id, id))
    .returning();
  return updated!;
}

export async function updateCharger(db: Db, audit: AuditContext, scope: Scope, id: string, input: UpdateCharger) {
  const current = await getChargerInService(db, scope, id);
  const { charger } = current;
  if (input.siteId !== undefined && input.siteId !== charger.siteId)
    await assertSiteFor(db, scope, input.siteId, charger.organizationId);
  const { connectors: connectorList, ...fields } = input;
  if (connectorList) assertConnectors(connectorList);
  return changeCharger(db, audit, scope, current, 'update', async (tx) => {
    const updated = await updateRow(tx, id, fields);
    if (!connectorList) return { before: current.charger, after: updated };
    await replaceConnectors(tx, id, connectorList);
    const saved = (await connectorsOf(tx, [id])).get(id) ?? [];
    return {
      before: { ...current.charger, connectors: auditedConnectors(current.connectors) },
      after: { ...updated, connectors: auditedConnectors(saved) },
    };
  });
}

export async function setVisibility(db: Db, audit: AuditContext, scope: Scope, id: string, visible: boolean) {
  const current = await getChargerInService(db, scope, id);
  return changeCharger(db, audit, scope, current, 'visibility', async (tx) => ({
    before: { visible: current.charger.visible },
    after: { visible: (await updateRow(tx, id, { visible })).visible },
  }));
}

export async function setAdminStatus(db: Db, audit: AuditContext, scope: Scope, id: string, adminStatus: AdminStatusValue) {
  const current = await getChargerInService(db, scope, id);
  return changeCharger(db, audit, scope, current, 'admin_status', async (tx) => ({
    before: { adminStatus: current.charger.adminStatus },
    after: { adminStatus: (await updateRow(tx, id, { adminStatus })).adminStatus },
  }));
}

/** Retiring keeps the charger and its history for finance; it only leaves the lists. Retiring twice is a no-op. */
export async function retireCharger(db: Db, audit: AuditContext, scope: Scope, id: string): Promise<void> {
  const { charger } = await getCharger(db, scope, id);
  if (charger.retiredAt) return;
  await db.transaction(async (tx) => {
    const updated = await updateRow(tx, id, { retiredAt: new Date() });
    await recordAudit(tx, audit, {
      entityType: 'charger',
      entityId: id,
      action: 'retire',
      organizationId: charger.organizationId,
      before: { retiredAt: null },
      after: { retiredAt: updated.retiredAt },
    });
  });
}

export async function locationOwnerCandidates(db: Db, scope: Scope, id: string) {
  const { charger } = await getCharger(db, scope, id);
  return eligibleOwners(db, scope, charger.organizationId);
}

export async function assignLocationOwner(db: Db, audit: AuditContext, scope: Scope, id: string, input: LocationOwnerAssignment) {
  const current = await getChargerInService(db, scope, id);
  const { charger } = current;
  if (input.userId === null && input.share != null) {
    throw new AppError('VALIDATION_FAILED', 'A share needs a location owner; send {"userId": null} alone to unassign', {
      field: 'share',
    });
  }
  if (input.userId !== null && input.share == null) {
    throw new AppError('VALIDATION_FAILED', "Give the location owner's share, a fraction from 0 to 1", { field: 'share' });
  }
  if (input.userId !== null) await assertEligibleOwner(db, scope, input.userId, charger.organizationId);
  const set = { locationOwnerId: input.userId, locationOwnerShare: input.share ?? null };
  return changeCharger(
    db,
    audit,
    scope,
    current,
    input.userId ? 'assign_location_owner' : 'unassign_location_owner',
    async (tx) => {
      const updated = await updateRow(tx, id, set);
      return {
        before: {
          locationOwnerId: current.charger.locationOwnerId,
          locationOwnerShare: plainDecimal(current.charger.locationOwnerShare),
        },
        after: { locationOwnerId: updated.locationOwnerId, locationOwnerShare: plainDecimal(updated.locationOwnerShare) },
      };
    },
  );
}

/** Stored in the fast charger format (auth/charger-passwords.ts); the audit trail records only that it changed. */
export async function setOcppPassword(db: Db, audit: AuditContext, scope: Scope, id: string, password: string): Promise<void> {
  const current = await getChargerInService(db, scope, id);
  const ocppPasswordHash = hashChargerPassword(password);
  await changeCharger(db, audit, scope, current, 'ocpp_password_set', async (tx) => {
    await updateRow(tx, id, { ocppPasswordHash });
    // Distinct markers, so the entry shows a change even when one hash replaces another.
    return {
      before: { ocppPasswordHash: current.charger.ocppPasswordHash ? 'previous' : null },
      after: { ocppPasswordHash: 'new' },
    };
  });
}
