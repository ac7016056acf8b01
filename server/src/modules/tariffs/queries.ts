import { and, asc, desc, eq, gt, ilike, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  chargers,
  connectors,
  organizations,
  sessionSettlements,
  sites,
  tariffs,
  type TariffSnapshot,
  tariffVersions,
} from '../../db/schema/index.js';
import type { ChargerScope } from '../chargers/queries.js';
import { escapeLike } from '../organizations/queries.js';
import { assignmentScope } from '../sites/assignment-reach.js';

export type TariffRow = typeof tariffs.$inferSelect;

/** The snapshot a settlement points at: every version of a tariff is kept. */
export function snapshotOf(t: TariffRow): TariffSnapshot {
  const { createdAt: _created, updatedAt: _updated, ...rest } = t;
  return { ...rest, validFrom: t.validFrom.toISOString(), validTo: t.validTo?.toISOString() ?? null };
}

/** Inserts a tariff and its first version snapshot (in the caller's transaction). */
export async function insertTariff(tx: Executor, values: typeof tariffs.$inferInsert): Promise<TariffRow> {
  const [row] = await tx.insert(tariffs).values(values).returning();
  await recordTariffVersion(tx, row!);
  return row!;
}

export async function recordTariffVersion(tx: Executor, row: TariffRow): Promise<void> {
  await tx.insert(tariffVersions).values({ tariffId: row.id, version: row.version, snapshot: snapshotOf(row) });
}

const SORTS = { validFrom: tariffs.validFrom, name: tariffs.name, currency: tariffs.currency } as const;

/** Where a scope reaches among tariffs: by their assignment (organization-wide ones only for whole-organization scopes). */
export const tariffScope = (scope: ChargerScope) =>
  assignmentScope(scope, { organizationId: tariffs.organizationId, siteId: tariffs.siteId, chargerId: tariffs.chargerId });

export interface TariffQuery {
  scope: ChargerScope;
  organizationId?: string;
  siteId?: string;
  chargerId?: string;
  currency?: string;
  validAt?: Date;
  q?: string;
  sort?: keyof typeof SORTS;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export async function findTariffs(db: Executor, query: TariffQuery) {
  const where = and(
    tariffScope(query.scope),
    query.organizationId ? eq(tariffs.organizationId, query.organizationId) : undefined,
    query.siteId ? eq(tariffs.siteId, query.siteId) : undefined,
    query.chargerId ? eq(tariffs.chargerId, query.chargerId) : undefined,
    query.currency ? eq(tariffs.currency, query.currency) : undefined,
    query.validAt
      ? and(lte(tariffs.validFrom, query.validAt), or(isNull(tariffs.validTo), gt(tariffs.validTo, query.validAt)))
      : undefined,
    query.q ? ilike(tariffs.name, `%${escapeLike(query.q)}%`) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(tariffs)
      .where(where)
      .orderBy(
        query.order === 'desc' ? desc(SORTS[query.sort ?? 'validFrom']) : asc(SORTS[query.sort ?? 'validFrom']),
        asc(tariffs.id),
      )
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(tariffs)
      .where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findTariff(db: Executor, id: string, scope: ChargerScope) {
  const [row] = await db
    .select()
    .from(tariffs)
    .where(and(eq(tariffs.id, id), tariffScope(scope)));
  return row ?? null;
}

/** Every tariff of an organization (for overlap checks and for settlement's resolution). */
export async function organizationTariffs(db: Executor, organizationId: string) {
  return db.select().from(tariffs).where(eq(tariffs.organizationId, organizationId));
}

export async function tariffVersion(db: Executor, tariffId: string, version: number) {
  const [row] = await db
    .select()
    .from(tariffVersions)
    .where(and(eq(tariffVersions.tariffId, tariffId), eq(tariffVersions.version, version)));
  return row ?? null;
}

export async function isTariffUsed(db: Executor, tariffId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: sessionSettlements.id })
    .from(sessionSettlements)
    .where(eq(sessionSettlements.tariffId, tariffId))
    .limit(1);
  return row !== undefined;
}

export async function siteOf(db: Executor, siteId: string) {
  const [row] = await db.select({ id: sites.id, organizationId: sites.organizationId }).from(sites).where(eq(sites.id, siteId));
  return row ?? null;
}

export async function chargerOf(db: Executor, chargerId: string) {
  const [row] = await db
    .select({ id: chargers.id, organizationId: chargers.organizationId, siteId: chargers.siteId })
    .from(chargers)
    .where(eq(chargers.id, chargerId));
  return row ?? null;
}

export async function connectorExists(db: Executor, chargerId: string, connectorId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: connectors.id })
    .from(connectors)
    .where(and(eq(connectors.chargerId, chargerId), eq(connectors.connectorId, connectorId)));
  return row !== undefined;
}

/** What pricing needs to know about an organization. */
export async function organizationPricing(db: Executor, organizationId: string) {
  const [row] = await db
    .select({
      id: organizations.id,
      currency: organizations.currency,
      timeZone: organizations.timeZone,
      country: organizations.country,
      taxes: organizations.taxes,
    })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row ?? null;
}

/** A site's clock for a preview: the site itself, or the site a charger is installed at. */
export async function previewPlace(db: Executor, place: { siteId?: string; chargerId?: string }) {
  if (place.chargerId) {
    const [row] = await db
      .select({
        chargerId: chargers.id,
        siteId: sites.id,
        organizationId: sites.organizationId,
        siteName: sites.name,
        timeZone: sites.timeZone,
      })
      .from(chargers)
      .innerJoin(sites, eq(sites.id, chargers.siteId))
      .where(eq(chargers.id, place.chargerId));
    return row ?? null;
  }
  if (!place.siteId) return null;
  const [row] = await db
    .select({ siteId: sites.id, organizationId: sites.organizationId, siteName: sites.name, timeZone: sites.timeZone })
    .from(sites)
    .where(eq(sites.id, place.siteId));
  return row ? { ...row, chargerId: null } : null;
}
