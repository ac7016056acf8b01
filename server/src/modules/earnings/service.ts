import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';
import type { Scope } from '../../domain/scope.js';
import { AppError } from '../../errors.js';
import { jsonInteger } from '../transactions/service.js';
import { earningsByCharger, organizationTimeZone } from './queries.js';
import type { EarningsQueryInput } from './schemas.js';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Only a location owner earns a commission; everyone else reads revenue in analytics. */
function assertLocationOwner(scope: Scope): asserts scope is Scope & { chargerIds: readonly string[] } {
  if (scope.kind !== 'assigned-chargers' || scope.chargerIds === null)
    throw new AppError('NOT_A_LOCATION_OWNER', 'Earnings are shown to location owners, for the chargers they host');
}

/** The instants [from, to) of local days `from`..`to` (inclusive) in a zone; a bad or reversed range is refused. */
function localDays(from: string, to: string, timeZone: string): [Date, Date] {
  const start = DateTime.fromISO(from, { zone: timeZone });
  const end = DateTime.fromISO(to, { zone: timeZone });
  if (!LOCAL_DATE.test(from) || !LOCAL_DATE.test(to) || !start.isValid || !end.isValid)
    throw new AppError('DATE_RANGE_INVALID', '`from` and `to` must be dates, YYYY-MM-DD', { from, to });
  if (start > end) throw new AppError('DATE_RANGE_INVALID', '`from` must be on or before `to`', { from, to });
  return [start.startOf('day').toJSDate(), end.plus({ days: 1 }).startOf('day').toJSDate()];
}

type Figures = { currency: string; sessions: number; energyWh: number; netMinor: number; commissionMinor: number };

function totalsPerCurrency(rows: Figures[]): Figures[] {
  const totals = new Map<string, Figures>();
  for (const row of rows) {
    const total = totals.get(row.currency) ?? {
      currency: row.currency,
      sessions: 0,
      energyWh: 0,
      netMinor: 0,
      commissionMinor: 0,
    };
    total.sessions += row.sessions;
    total.energyWh += row.energyWh;
    total.netMinor += row.netMinor;
    total.commissionMinor += row.commissionMinor;
    totals.set(row.currency, total);
  }
  return [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/**
 * GET /earnings: the commission a location owner earned on its chargers' settled sessions that ended
 * in the range, per charger and per currency. Days are read in the owner's organization's time zone.
 */
export async function ownerEarnings(db: Db, scope: Scope, query: EarningsQueryInput) {
  assertLocationOwner(scope);
  const timeZone = (scope.homeOrganizationId && (await organizationTimeZone(db, scope.homeOrganizationId))) || 'UTC';
  const [from, to] = localDays(query.from, query.to, timeZone);
  const rows = await earningsByCharger(db, scope.userId, scope.chargerIds, from, to);
  const chargers = rows.map((row) => ({
    chargerId: row.chargerId,
    chargerName: row.chargerName,
    ocppIdentity: row.ocppIdentity,
    siteName: row.siteName,
    currency: row.currency,
    sessions: jsonInteger(row.sessions),
    energyWh: jsonInteger(row.energyWh),
    netMinor: jsonInteger(row.netMinor),
    commissionMinor: jsonInteger(row.commissionMinor),
  }));
  return { from: query.from, to: query.to, timeZone, totals: totalsPerCurrency(chargers), chargers };
}
