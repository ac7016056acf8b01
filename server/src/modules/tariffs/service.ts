import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { tariffs } from '../../db/schema/index.js';
import { toOcpiTariff } from '../../domain/finance/ocpi.js';
import { assertTariff } from '../../domain/finance/tariff.js';
import { assignmentLevel, overlappingTariff } from '../../domain/finance/tariff-assignment.js';
import { assertCurrency } from '../../domain/organization-rules.js';
import { type Scope, canReachOrganization } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { assertAssignmentInReach } from '../sites/assignment-reach.js';
import {
  type TariffRow,
  chargerOf,
  connectorExists,
  findTariff,
  findTariffs,
  isTariffUsed,
  organizationPricing,
  organizationTariffs,
  siteOf,
  insertTariff,
  recordTariffVersion,
} from './queries.js';
import type { CreateTariff, TariffElementBody, TariffListFilter, UpdateTariff } from './schemas.js';

export function presentTariff(t: TariffRow) {
  return {
    ...t,
    // Stored as written by the validated body; readonly in the domain type only.
    elements: t.elements as TariffElementBody[],
    level: assignmentLevel(t),
    validFrom: t.validFrom.toISOString(),
    validTo: t.validTo?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export async function listTariffs(db: Db, scope: Scope, filter: TariffListFilter, page: PageRequest) {
  const { items, total } = await findTariffs(db, {
    ...filter,
    ...page,
    validAt: filter.validAt ? new Date(filter.validAt) : undefined,
    scope,
  });
  return { items: items.map(presentTariff), total, ...page };
}

/** Outside the caller's scope answers 404, so existence does not leak. */
export async function getTariff(db: Db, scope: Scope, id: string): Promise<TariffRow> {
  const row = await findTariff(db, id, scope);
  if (!row) throw notFound('Tariff');
  return row;
}

export async function ocpiTariff(db: Db, scope: Scope, id: string) {
  const tariff = await getTariff(db, scope, id);
  const org = await organizationPricing(db, tariff.organizationId);
  return toOcpiTariff(tariff, { countryCode: org?.country ?? 'LK', partyId: 'CBD' });
}

type Draft = Omit<TariffRow, 'id' | 'version' | 'createdAt' | 'updatedAt'> & { id?: string };

const invalid = (message: string, field: string) => new AppError('TARIFF_ASSIGNMENT_INVALID', message, { field });

/** Prices, currency, assignment and validity, checked before anything is written. */
async function assertDraft(db: Db, draft: Draft): Promise<void> {
  assertCurrency(draft.currency);
  const org = await organizationPricing(db, draft.organizationId);
  if (!org) throw notFound('Organization');
  if (draft.currency !== org.currency)
    throw new AppError('TARIFF_CURRENCY_MISMATCH', `The organization bills in ${org.currency}, not ${draft.currency}`, {
      field: 'currency',
    });
  assertTariff({ currency: draft.currency, elements: draft.elements });
  if (draft.validTo && draft.validTo.getTime() <= draft.validFrom.getTime())
    throw new AppError('UNPROCESSABLE', 'validTo must be after validFrom', { field: 'validTo' });
  if (draft.siteId && draft.chargerId) throw invalid('Assign to a site or to a charger, not both', 'siteId');
  if (draft.connectorId !== null && !draft.chargerId) throw invalid('A connector assignment needs its charger', 'chargerId');
  if (draft.siteId && (await siteOf(db, draft.siteId))?.organizationId !== draft.organizationId)
    throw invalid('The site is not one of the organization’s', 'siteId');
  if (draft.chargerId && (await chargerOf(db, draft.chargerId))?.organizationId !== draft.organizationId)
    throw invalid('The charger is not one of the organization’s', 'chargerId');
  if (draft.chargerId && draft.connectorId !== null && !(await connectorExists(db, draft.chargerId, draft.connectorId)))
    throw invalid('The charger has no such connector', 'connectorId');
  const clash = overlappingTariff(draft, await organizationTariffs(db, draft.organizationId));
  if (clash)
    throw new AppError('TARIFF_OVERLAP', `Tariff "${clash.name}" already applies here for part of this validity`, {
      conflictingTariffId: clash.id,
    });
}

export async function createTariff(db: Db, audit: AuditContext, scope: Scope, input: CreateTariff) {
  if (!canReachOrganization(scope, input.organizationId)) throw notFound('Organization');
  const draft: Draft = {
    ...input,
    siteId: input.siteId ?? null,
    chargerId: input.chargerId ?? null,
    connectorId: input.connectorId ?? null,
    validFrom: new Date(input.validFrom),
    validTo: input.validTo ? new Date(input.validTo) : null,
  };
  await assertAssignmentInReach(db, scope, draft, 'tariffs');
  await assertDraft(db, draft);
  const created = await db.transaction(async (tx) => {
    const row = await insertTariff(tx, draft);
    await recordAudit(tx, audit, {
      entityType: 'tariff',
      entityId: row!.id,
      action: 'create',
      organizationId: row!.organizationId,
      after: row!,
    });
    return row!;
  });
  return presentTariff(created);
}

/** Every change is a new version; settlements keep pointing at the version they used. */
export async function updateTariff(db: Db, audit: AuditContext, scope: Scope, id: string, input: UpdateTariff) {
  const current = await getTariff(db, scope, id);
  const draft: Draft = {
    ...current,
    ...input,
    validFrom: input.validFrom ? new Date(input.validFrom) : current.validFrom,
    validTo: input.validTo === undefined ? current.validTo : input.validTo === null ? null : new Date(input.validTo),
  };
  await assertAssignmentInReach(db, scope, draft, 'tariffs');
  await assertDraft(db, draft);
  const updated = await db.transaction(async (tx) => {
    const { id: _id, ...changes } = draft;
    const [row] = await tx
      .update(tariffs)
      .set({ ...changes, version: current.version + 1, updatedAt: new Date() })
      .where(eq(tariffs.id, id))
      .returning();
    await recordTariffVersion(tx, row!);
    await recordAudit(tx, audit, {
      entityType: 'tariff',
      entityId: id,
      action: 'update',
      organizationId: row!.organizationId,
      before: current,
      after: row!,
    });
    return row!;
  });
  return presentTariff(updated);
}

export async function deleteTariff(db: Db, audit: AuditContext, scope: Scope, id: string): Promise<void> {
  const current = await getTariff(db, scope, id);
  if (await isTariffUsed(db, id))
    throw new AppError('TARIFF_IN_USE', 'Sessions were settled with this tariff; end its validity instead of deleting it');
  await db.transaction(async (tx) => {
    await tx.delete(tariffs).where(eq(tariffs.id, id));
    await recordAudit(tx, audit, {
      entityType: 'tariff',
      entityId: id,
      action: 'delete',
      organizationId: current.organizationId,
      before: current,
    });
  });
}
