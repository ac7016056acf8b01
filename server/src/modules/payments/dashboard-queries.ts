import { type SQL, and, asc, desc, eq, gte, ilike, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { chargers, chargingSessions, organizations, payments, sessionSettlements } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import type { Scope } from '../../domain/scope.js';
import type { PageRequest } from '../../http/schemas.js';
import { escapeLike } from '../organizations/queries.js';
import type { PaymentFilter, PaymentStatsFilter } from './dashboard-schemas.js';

/** Types that take money in (volume); authorizations only hold it. */
export const MONEY_IN_TYPES = ['capture', 'sale', 'top_up', 'manual'] as const;
/** Types a gateway's success rate counts. */
export const CHARGE_TYPES = ['authorization', ...MONEY_IN_TYPES] as const;

/**
 * Who sees which payments: the organizations in scope; a role limited to sites or chargers only
 * payments of sessions there (a payment without a session belongs to no site); a driver only its own.
 * Needs `charging_sessions` left-joined.
 */
export function paymentScope(scope: Scope): SQL | undefined {
  if (scope.kind === 'self') return eq(payments.userId, scope.userId);
  return and(
    inScope(payments.organizationId, scope.organizationIds),
    inScope(chargingSessions.siteId, scope.siteIds),
    inScope(chargingSessions.chargerId, scope.chargerIds),
  );
}

/** A local day's start in the payment's organization's zone (DST included), as the other lists read days. */
const dayStart = (day: string) => sql`(${day}::date::timestamp AT TIME ZONE ${organizations.timeZone})`;
const dayEnd = (day: string) => sql`((${day}::date + 1)::timestamp AT TIME ZONE ${organizations.timeZone})`;

function filterConditions(scope: Scope, f: Omit<PaymentFilter, 'page' | 'pageSize' | 'order'>): SQL | undefined {
  return and(
    paymentScope(scope),
    f.gateway ? eq(payments.gateway, f.gateway) : undefined,
    f.type ? eq(payments.type, f.type) : undefined,
    f.status ? eq(payments.status, f.status) : undefined,
    f.organizationId ? eq(payments.organizationId, f.organizationId) : undefined,
    f.from ? sql`${payments.createdAt} >= ${dayStart(f.from)}` : undefined,
    f.to ? sql`${payments.createdAt} < ${dayEnd(f.to)}` : undefined,
    f.minAmountMinor !== undefined ? gte(payments.amountMinor, BigInt(f.minAmountMinor)) : undefined,
    f.maxAmountMinor !== undefined ? lte(payments.amountMinor, BigInt(f.maxAmountMinor)) : undefined,
    f.sessionId ? eq(payments.sessionId, f.sessionId) : undefined,
    f.q ? ilike(payments.gatewayReference, `%${escapeLike(f.q)}%`) : undefined,
  );
}

const rowFields = {
  payment: payments,
  organizationName: organizations.name,
  timeZone: organizations.timeZone,
};

function joined<T extends Record<string, unknown>>(db: Executor, fields: T) {
  return db
    .select(fields as Parameters<Executor['select']>[0] & T)
    .from(payments)
    .innerJoin(organizations, eq(organizations.id, payments.organizationId))
    .leftJoin(chargingSessions, eq(chargingSessions.id, payments.sessionId));
}

export type ListedPayment = { payment: typeof payments.$inferSelect; organizationName: string; timeZone: string };

export async function findPayments(db: Executor, scope: Scope, filter: PaymentFilter, page: PageRequest) {
  const where = filterConditions(scope, filter);
  const direction = filter.order === 'asc' ? asc : desc;
  const approved = sql`coalesce(${payments.approvedMinor}, ${payments.amountMinor})`;
  const [items, [count], totals] = await Promise.all([
    joined(db, rowFields)
      .where(where)
      .orderBy(direction(payments.createdAt), direction(payments.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize) as Promise<ListedPayment[]>,
    joined(db, { n: sql<number>`count(*)::int` }).where(where),
    joined(db, {
      currency: payments.currency,
      count: sql<number>`count(*)::int`,
      approvedMinor: sql<string>`coalesce(sum(${approved}) FILTER (WHERE ${payments.status} = 'approved' AND ${inArray(payments.type, [...MONEY_IN_TYPES])}), 0)::text`,
      refundedMinor: sql<string>`coalesce(sum(${approved}) FILTER (WHERE ${payments.status} = 'approved' AND ${payments.type} = 'refund'), 0)::text`,
    })
      .where(where)
      .groupBy(payments.currency)
      .orderBy(asc(payments.currency)),
  ]);
  return { items, total: count?.n ?? 0, totals };
}

/** Per local day (the organization's zone), gateway and currency: attempts, approvals, approved volume. */
export async function paymentStats(db: Executor, scope: Scope, filter: PaymentStatsFilter) {
  const day = sql<string>`to_char((${payments.createdAt} AT TIME ZONE ${organizations.timeZone})::date, 'YYYY-MM-DD')`;
  const approvedIn = sql`${payments.status} = 'approved' AND ${inArray(payments.type, [...MONEY_IN_TYPES])}`;
  return joined(db, {
    date: day,
    gateway: payments.gateway,
    currency: payments.currency,
    attempts: sql<number>`count(*)::int`,
    approved: sql<number>`(count(*) FILTER (WHERE ${payments.status} = 'approved'))::int`,
    approvedMinor: sql<string>`coalesce(sum(coalesce(${payments.approvedMinor}, ${payments.amountMinor})) FILTER (WHERE ${approvedIn}), 0)::text`,
  })
    .where(
      and(
        filterConditions(scope, { from: filter.from, to: filter.to, organizationId: filter.organizationId }),
        inArray(payments.type, [...CHARGE_TYPES]),
      ),
    )
    .groupBy(day, payments.gateway, payments.currency)
    .orderBy(day, asc(payments.gateway), asc(payments.currency));
}

/** One payment the caller may see, with its organization; null when unknown or out of scope. */
export async function visiblePayment(db: Executor, scope: Scope, id: string): Promise<ListedPayment | null> {
  const [row] = await joined(db, rowFields).where(and(eq(payments.id, id), paymentScope(scope)));
  return (row as ListedPayment | undefined) ?? null;
}

/** Payments acting on `parentId` (captures, voids, refunds), oldest first. */
export async function childrenOf(db: Executor, parentId: string): Promise<ListedPayment[]> {
  return joined(db, rowFields)
    .where(eq(payments.parentId, parentId))
    .orderBy(asc(payments.createdAt), asc(payments.id)) as Promise<ListedPayment[]>;
}

export async function paymentWithOrganization(db: Executor, id: string): Promise<ListedPayment | null> {
  const [row] = await joined(db, rowFields).where(eq(payments.id, id));
  return (row as ListedPayment | undefined) ?? null;
}

export async function sessionSummary(db: Executor, sessionId: string) {
  const [row] = await db
    .select({
      id: chargingSessions.id,
      chargerName: chargers.name,
      startedAt: chargingSessions.startedAt,
      stoppedAt: chargingSessions.stoppedAt,
      grossMinor: sessionSettlements.grossMinor,
      currency: sessionSettlements.currency,
    })
    .from(chargingSessions)
    .innerJoin(chargers, eq(chargers.id, chargingSessions.chargerId))
    .leftJoin(sessionSettlements, eq(sessionSettlements.sessionId, chargingSessions.id))
    .where(eq(chargingSessions.id, sessionId));
  return row ?? null;
}

export async function settlementOfSession(db: Executor, sessionId: string, forUpdate = false) {
  const query = db.select().from(sessionSettlements).where(eq(sessionSettlements.sessionId, sessionId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

/** Refunds of a payment (every status), oldest first. */
export async function refundsOf(db: Executor, parentId: string) {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.parentId, parentId), eq(payments.type, 'refund')))
    .orderBy(asc(payments.createdAt), asc(payments.id));
}

/** Approved refunds of a session's payments other than `exceptId`: what earlier refund entries reversed. */
export async function approvedRefundsOfSession(db: Executor, sessionId: string, exceptId: string): Promise<bigint> {
  const [row] = await db
    .select({ sum: sql<string>`coalesce(sum(coalesce(${payments.approvedMinor}, ${payments.amountMinor})), 0)::text` })
    .from(payments)
    .where(
      and(
        eq(payments.sessionId, sessionId),
        eq(payments.type, 'refund'),
        eq(payments.status, 'approved'),
        sql`${payments.id} <> ${exceptId}::uuid`,
      ),
    );
  return BigInt(row?.sum ?? '0');
}
