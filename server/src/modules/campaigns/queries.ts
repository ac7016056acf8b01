import { and, asc, desc, eq, gt, ilike, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { campaigns, sessionSettlements, sites } from '../../db/schema/index.js';
import type { Campaign } from '../../domain/finance/campaign.js';
import type { ChargerScope } from '../chargers/queries.js';
import { escapeLike } from '../organizations/queries.js';
import { assignmentScope } from '../sites/assignment-reach.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignInsert = typeof campaigns.$inferInsert;

const SORTS = { validFrom: campaigns.validFrom, name: campaigns.name } as const;

/** Where a scope reaches among campaigns: site campaigns on its sites; organization-wide ones only for whole-organization scopes. */
export const campaignScope = (scope: ChargerScope) =>
  assignmentScope(scope, { organizationId: campaigns.organizationId, siteId: campaigns.siteId });

export interface CampaignQuery {
  scope: ChargerScope;
  organizationId?: string;
  siteId?: string;
  activeAt?: Date;
  q?: string;
  sort?: keyof typeof SORTS;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export async function findCampaigns(db: Executor, query: CampaignQuery) {
  const where = and(
    campaignScope(query.scope),
    query.organizationId ? eq(campaigns.organizationId, query.organizationId) : undefined,
    query.siteId ? eq(campaigns.siteId, query.siteId) : undefined,
    query.activeAt
      ? and(lte(campaigns.validFrom, query.activeAt), or(isNull(campaigns.validTo), gt(campaigns.validTo, query.activeAt)))
      : undefined,
    query.q ? ilike(campaigns.name, `%${escapeLike(query.q)}%`) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(campaigns)
      .where(where)
      .orderBy(
        query.order === 'asc' ? asc(SORTS[query.sort ?? 'validFrom']) : desc(SORTS[query.sort ?? 'validFrom']),
        asc(campaigns.id),
      )
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(campaigns)
      .where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findCampaign(db: Executor, id: string, scope: ChargerScope) {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), campaignScope(scope)));
  return row ?? null;
}

/** Every campaign of an organization, as settlement chooses among them. */
export async function organizationCampaigns(db: Executor, organizationId: string): Promise<Campaign[]> {
  const rows = await db.select().from(campaigns).where(eq(campaigns.organizationId, organizationId));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    siteId: r.siteId,
    kind: r.kind,
    percent: r.percent,
    fixedMinor: r.fixedMinor,
    validFrom: r.validFrom,
    validTo: r.validTo,
  }));
}

export async function siteOrganization(db: Executor, siteId: string): Promise<string | null> {
  const [row] = await db.select({ organizationId: sites.organizationId }).from(sites).where(eq(sites.id, siteId));
  return row?.organizationId ?? null;
}

export async function isCampaignUsed(db: Executor, campaignId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: sessionSettlements.id })
    .from(sessionSettlements)
    .where(eq(sessionSettlements.campaignId, campaignId))
    .limit(1);
  return row !== undefined;
}
