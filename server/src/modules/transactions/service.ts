import type { Db } from '../../db/client.js';
import { type Scope, canReachOrganization } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { transactionConditions } from './filter.js';
import { type TransactionRow, findTransactions } from './queries.js';
import type { TransactionFilter, TransactionListFilter } from './schemas.js';
import { chargerBreakdown, chargerRevenue, revenueByCurrency, totalsOf } from './summary-queries.js';

const CHARGER_BREAKDOWN_LIMIT = 500;

/** A sum or amount for JSON: an integer, refused rather than rounded if it ever left the safe range. */
export function jsonInteger(value: bigint | string | number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new AppError('INTERNAL', 'An amount is too large to send as a JSON integer');
  return n;
}

/** Checks the parts of a filter a schema cannot: the day range, and organizations the caller may not see (404). */
export function checkFilter(scope: Scope, filter: TransactionFilter): void {
  if (filter.from && filter.to && filter.from > filter.to) {
    throw new AppError('DATE_RANGE_INVALID', '"from" must be on or before "to"', { from: filter.from, to: filter.to });
  }
  for (const id of filter.organizationId ?? []) if (!canReachOrganization(scope, id)) throw notFound('Organization');
}

export function flagsOf(row: Pick<TransactionRow, 'sessionFlagged' | 'flagReason' | 'settlementFlags'>): string[] {
  const flags = row.sessionFlagged ? [row.flagReason ?? 'FLAGGED'] : [];
  return [...flags, ...(row.settlementFlags ?? [])];
}

export function durationSeconds(row: Pick<TransactionRow, 'startedAt' | 'stoppedAt'>, now: Date): number {
  const end = row.stoppedAt ?? now;
  return Math.max(0, Math.floor((end.getTime() - row.startedAt.getTime()) / 1000));
}

export function presentTransaction(row: TransactionRow, now = new Date()) {
  const flags = flagsOf(row);
  const minor = (value: bigint | null) => (value === null ? null : jsonInteger(value));
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    timeZone: row.timeZone,
    siteId: row.siteId,
    siteName: row.siteName,
    chargerId: row.chargerId,
    chargerName: row.chargerName,
    connectorId: row.connectorId,
    idTag: row.idTag,
    idTokenId: row.idTokenId,
    vehicleRef: row.vehicleRef,
    userId: row.userId,
    driverName: row.driverName,
    status: row.status,
    flagged: flags.length > 0,
    flags,
    startedAt: row.startedAt.toISOString(),
    stoppedAt: row.stoppedAt?.toISOString() ?? null,
    durationSeconds: durationSeconds(row, now),
    idleSeconds: row.idleSeconds ?? 0,
    energyWh: row.energyWh,
    settled: row.currency !== null,
    currency: row.currency ?? row.organizationCurrency,
    netMinor: minor(row.netMinor),
    taxMinor: minor(row.taxMinor),
    grossMinor: minor(row.grossMinor),
  };
}

export async function listTransactions(db: Db, scope: Scope, filter: TransactionListFilter, page: PageRequest) {
  checkFilter(scope, filter);
  const { items, total } = await findTransactions(db, scope, filter, page);
  const now = new Date();
  return { items: items.map((row) => presentTransaction(row, now)), total, ...page };
}

interface MoneyRow {
  currency: string | null;
  settled: number;
  net: string;
  tax: string;
  gross: string;
}

const revenueOf = (row: MoneyRow) => ({
  currency: row.currency ?? '',
  sessions: row.settled,
  netMinor: jsonInteger(row.net),
  taxMinor: jsonInteger(row.tax),
  grossMinor: jsonInteger(row.gross),
});

const optionalInteger = (value: string | null) => (value === null ? null : jsonInteger(value));

/** Totals of everything the filter matches (not one page), money per currency, and the per-charger breakdown. */
export async function summarizeTransactions(db: Db, scope: Scope, filter: TransactionFilter) {
  checkFilter(scope, filter);
  const where = transactionConditions(scope, filter);
  const [totals, revenue, chargers] = await Promise.all([
    totalsOf(db, where),
    revenueByCurrency(db, where),
    chargerBreakdown(db, where, CHARGER_BREAKDOWN_LIMIT),
  ]);
  const perCharger = await chargerRevenue(
    db,
    where,
    chargers.map((c) => c.chargerId),
  );
  return {
    sessions: totals.sessions,
    activeSessions: totals.active,
    energyWh: jsonInteger(totals.energyWh),
    averageDurationSeconds: optionalInteger(totals.averageDuration),
    idleSeconds: jsonInteger(totals.idleSeconds),
    averageIdleSeconds: optionalInteger(totals.averageIdle),
    revenue: revenue.map(revenueOf),
    chargers: chargers.map((c) => ({
      chargerId: c.chargerId,
      chargerName: c.chargerName,
      siteName: c.siteName,
      organizationName: c.organizationName,
      sessions: c.sessions,
      energyWh: jsonInteger(c.energyWh),
      durationSeconds: jsonInteger(c.durationSeconds),
      idleSeconds: jsonInteger(c.idleSeconds),
      revenue: perCharger
        .filter((r) => r.chargerId === c.chargerId)
        .map(revenueOf)
        .sort((a, b) => a.currency.localeCompare(b.currency)),
    })),
    chargersTotal: chargers[0]?.chargersTotal ?? 0,
  };
}
