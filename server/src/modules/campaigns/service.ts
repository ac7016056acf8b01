import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { campaigns } from '../../db/schema/index.js';
import { isCampaignPercent } from '../../domain/finance/campaign.js';
import { type Scope, canReachOrganization } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { assertAssignmentInReach } from '../sites/assignment-reach.js';
import { type CampaignRow, findCampaign, findCampaigns, isCampaignUsed, siteOrganization } from './queries.js';
import type { CampaignListFilter, CreateCampaign, UpdateCampaign } from './schemas.js';

export function presentCampaign(c: CampaignRow) {
  return {
    ...c,
    percent: c.percent === null ? null : normalizedPercent(c.percent),
    fixedMinor: c.fixedMinor === null ? null : Number(c.fixedMinor),
    validFrom: c.validFrom.toISOString(),
    validTo: c.validTo?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}

/** Audit entries are JSON: the bigint amount goes in as a number. */
const auditRecord = (c: CampaignRow) => ({ ...c, fixedMinor: c.fixedMinor === null ? null : Number(c.fixedMinor) });

/** numeric(9,6) reads back as "0.100000"; show "0.1". */
const normalizedPercent = (value: string) => value.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

export async function listCampaigns(db: Db, scope: Scope, filter: CampaignListFilter, page: PageRequest) {
  const { items, total } = await findCampaigns(db, {
    ...filter,
    ...page,
    activeAt: filter.activeAt ? new Date(filter.activeAt) : undefined,
    scope,
  });
  return { items: items.map(presentCampaign), total, ...page };
}

/** Outside the caller's scope answers 404, so existence does not leak. */
export async function getCampaign(db: Db, scope: Scope, id: string): Promise<CampaignRow> {
  const row = await findCampaign(db, id, scope);
  if (!row) throw notFound('Campaign');
  return row;
}

interface Draft {
  organizationId: string;
  siteId: string | null;
  name: string;
  kind: 'percent' | 'fixed';
  percent: string | null;
  fixedMinor: bigint | null;
  validFrom: Date;
  validTo: Date | null;
}

const invalid = (message: string, field: string) => new AppError('CAMPAIGN_INVALID', message, { field });
const DECIMAL = /^\d{1,3}(\.\d{1,6})?$/;

/** Everything checked before anything is written. */
async function assertDraft(db: Db, d: Draft): Promise<void> {
  if (d.kind === 'percent') {
    if (d.percent === null || !DECIMAL.test(d.percent) || !isCampaignPercent(d.percent))
      throw invalid('A percent campaign needs percent greater than 0 and at most 1 (0.1 is 10 %)', 'percent');
    if (d.fixedMinor !== null) throw invalid('A percent campaign has no fixed amount', 'fixedMinor');
  } else {
    if (d.fixedMinor === null || d.fixedMinor <= 0n) throw invalid('A fixed campaign needs a positive amount off', 'fixedMinor');
    if (d.percent !== null) throw invalid('A fixed campaign has no percent', 'percent');
  }
  if (d.validTo && d.validTo.getTime() <= d.validFrom.getTime()) throw invalid('validTo must be after validFrom', 'validTo');
  if (d.siteId && (await siteOrganization(db, d.siteId)) !== d.organizationId)
    throw invalid('The site is not one of the organization’s', 'siteId');
}

const toBig = (value: number | null | undefined) => (value === null || value === undefined ? null : BigInt(value));

export async function createCampaign(db: Db, audit: AuditContext, scope: Scope, input: CreateCampaign) {
  if (!canReachOrganization(scope, input.organizationId)) throw notFound('Organization');
  const draft: Draft = {
    organizationId: input.organizationId,
    siteId: input.siteId ?? null,
    name: input.name,
    kind: input.kind,
    percent: input.percent ?? null,
    fixedMinor: toBig(input.fixedMinor),
    validFrom: new Date(input.validFrom),
    validTo: input.validTo ? new Date(input.validTo) : null,
  };
  await assertAssignmentInReach(db, scope, draft, 'campaigns');
  await assertDraft(db, draft);
  const created = await db.transaction(async (tx) => {
    const [row] = await tx.insert(campaigns).values(draft).returning();
    await recordAudit(tx, audit, {
      entityType: 'campaign',
      entityId: row!.id,
      action: 'create',
      organizationId: row!.organizationId,
      after: auditRecord(row!),
    });
    return row!;
  });
  return presentCampaign(created);
}

/** Settled sessions keep the discount they got; a change counts from the next settlement (or re-pricing). */
export async function updateCampaign(db: Db, audit: AuditContext, scope: Scope, id: string, input: UpdateCampaign) {
  const current = await getCampaign(db, scope, id);
  const draft: Draft = {
    organizationId: current.organizationId,
    siteId: input.siteId === undefined ? current.siteId : input.siteId,
    name: input.name ?? current.name,
    kind: input.kind ?? current.kind,
    percent: input.percent === undefined ? current.percent : input.percent,
    fixedMinor: input.fixedMinor === undefined ? current.fixedMinor : toBig(input.fixedMinor),
    validFrom: input.validFrom ? new Date(input.validFrom) : current.validFrom,
    validTo: input.validTo === undefined ? current.validTo : input.validTo === null ? null : new Date(input.validTo),
  };
  // Switching kind drops the other kind's figure unless the body sets it.
  if (input.kind === 'fixed' && input.percent === undefined) draft.percent = null;
  if (input.kind === 'percent' && input.fixedMinor === undefined) draft.fixedMinor = null;
  if (draft.percent !== null) draft.percent = normalizedPercent(draft.percent);
  await assertAssignmentInReach(db, scope, draft, 'campaigns');
  await assertDraft(db, draft);
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx.update(campaigns).set(draft).where(eq(campaigns.id, id)).returning();
    await recordAudit(tx, audit, {
      entityType: 'campaign',
      entityId: id,
      action: 'update',
      organizationId: row!.organizationId,
      before: auditRecord(current),
      after: auditRecord(row!),
    });
    return row!;
  });
  return presentCampaign(updated);
}

export async function deleteCampaign(db: Db, audit: AuditContext, scope: Scope, id: string): Promise<void> {
  const current = await getCampaign(db, scope, id);
  if (await isCampaignUsed(db, id))
    throw new AppError(
      'CAMPAIGN_IN_USE',
      'Settled sessions got this campaign’s discount; end its validity instead of deleting it',
    );
  await db.transaction(async (tx) => {
    await tx.delete(campaigns).where(eq(campaigns.id, id));
    await recordAudit(tx, audit, {
      entityType: 'campaign',
      entityId: id,
      action: 'delete',
      organizationId: current.organizationId,
      before: auditRecord(current),
    });
  });
}
