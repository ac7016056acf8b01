import type { Db } from '../../db/client.js';
import type { PaymentStatus } from '../../db/schema/index.js';
import { type Scope, canReachOrganization, hasPermission } from '../../domain/scope.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { jsonInteger } from '../transactions/service.js';
import {
  type ListedPayment,
  childrenOf,
  findPayments,
  paymentStats,
  paymentWithOrganization,
  sessionSummary,
  visiblePayment,
} from './dashboard-queries.js';
import type { PaymentFilter, PaymentStatsFilter } from './dashboard-schemas.js';
import { refundState } from './refund-rules.js';

const OUTCOME: Record<PaymentStatus, 'pending' | 'succeeded' | 'failed'> = {
  pending: 'pending',
  unknown: 'pending',
  approved: 'succeeded',
  declined: 'failed',
  error: 'failed',
  failed: 'failed',
};

/** A payment row as the API shows it: amounts as JSON integers, never the exchange (see `paymentDetail`). */
export function presentPayment({ payment: p, organizationName, timeZone }: ListedPayment) {
  return {
    id: p.id,
    organizationId: p.organizationId,
    organizationName,
    timeZone,
    type: p.type,
    status: p.status,
    outcome: OUTCOME[p.status],
    gateway: p.gateway,
    amountMinor: jsonInteger(p.amountMinor),
    approvedMinor: p.approvedMinor === null ? null : jsonInteger(p.approvedMinor),
    currency: p.currency,
    sessionId: p.sessionId,
    invoiceId: p.invoiceId,
    walletId: p.walletId,
    userId: p.userId,
    idTokenId: p.idTokenId,
    parentId: p.parentId,
    gatewayReference: p.gatewayReference,
    reason: p.reason,
    cardBrand: p.cardBrand,
    cardLast4: p.cardLast4,
    attempts: p.attempts,
    createdAt: p.createdAt.toISOString(),
    completedAt: p.completedAt?.toISOString() ?? null,
  };
}

/** payments:read, or a driver (self:sessions) reading its own payments. */
export function assertCanRead(scope: Scope): void {
  if (hasPermission(scope, 'payments:read')) return;
  if (scope.kind === 'self' && hasPermission(scope, 'self:sessions')) return;
  throw forbidden('Requires permission payments:read');
}

function checkRange(from?: string, to?: string) {
  if (from && to && from > to) throw new AppError('DATE_RANGE_INVALID', '"from" must be on or before "to"', { from, to });
}

function checkOrganization(scope: Scope, organizationId?: string) {
  if (organizationId && scope.kind !== 'self' && !canReachOrganization(scope, organizationId)) throw notFound('Organization');
}

export async function listPayments(db: Db, scope: Scope, filter: PaymentFilter, page: PageRequest) {
  assertCanRead(scope);
  checkRange(filter.from, filter.to);
  checkOrganization(scope, filter.organizationId);
  if (filter.minAmountMinor !== undefined && filter.maxAmountMinor !== undefined && filter.minAmountMinor > filter.maxAmountMinor)
    throw new AppError('AMOUNT_RANGE_INVALID', 'The smallest amount must not be above the largest');
  const { items, total, totals } = await findPayments(db, scope, filter, page);
  return {
    items: items.map(presentPayment),
    total,
    ...page,
    totals: totals.map((t) => ({
      currency: t.currency,
      count: t.count,
      approvedMinor: jsonInteger(t.approvedMinor),
      refundedMinor: jsonInteger(t.refundedMinor),
    })),
  };
}

export async function paymentDayStats(db: Db, scope: Scope, filter: PaymentStatsFilter) {
  checkRange(filter.from, filter.to);
  checkOrganization(scope, filter.organizationId);
  const rows = await paymentStats(db, scope, filter);
  return {
    days: rows.map((r) => ({
      date: r.date,
      gateway: r.gateway,
      currency: r.currency,
      attempts: r.attempts,
      approved: r.approved,
      successRate: r.attempts === 0 ? null : r.approved / r.attempts,
      approvedMinor: jsonInteger(r.approvedMinor),
    })),
  };
}

/** One payment with its parent, its children and its session; the exchange only for payments:write. */
export async function paymentDetail(db: Db, scope: Scope, id: string) {
  assertCanRead(scope);
  const found = await visiblePayment(db, scope, id);
  if (!found) throw notFound('Payment');
  const p = found.payment;
  const [parent, children, session, refund] = await Promise.all([
    p.parentId ? paymentWithOrganization(db, p.parentId) : null,
    childrenOf(db, p.id),
    p.sessionId ? sessionSummary(db, p.sessionId) : null,
    refundState(db, p),
  ]);
  return {
    payment: {
      ...presentPayment(found),
      ...(hasPermission(scope, 'payments:write') ? { exchange: p.exchange ?? null } : {}),
    },
    parent: parent ? presentPayment(parent) : null,
    children: children.map(presentPayment),
    session: session && {
      id: session.id,
      chargerName: session.chargerName,
      startedAt: session.startedAt.toISOString(),
      stoppedAt: session.stoppedAt?.toISOString() ?? null,
      grossMinor: session.grossMinor === null ? null : jsonInteger(session.grossMinor),
      currency: session.currency,
    },
    refundable: refund.refusal === null,
    refundedMinor: jsonInteger(refund.countedMinor),
    refundableMinor: jsonInteger(refund.refusal === null ? refund.leftMinor : 0n),
  };
}
