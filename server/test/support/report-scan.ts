/**
 * The reports' reference: every session read row by row and added up in JavaScript, independently
 * of the report SQL — the local day/week/hour from luxon in the session's organization's zone.
 */
import { eq, and } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../../src/db/client.js';
import { chargingSessions, connectors, idTokens, organizations, sessionSettlements } from '../../src/db/schema/index.js';
import type { DimensionKey, MetricKey } from '../../src/domain/reports/catalogue.js';

export interface ScannedSession {
  organizationId: string;
  siteId: string;
  chargerId: string;
  timeZone: string;
  currency: string;
  connectorType: string | null;
  tariffId: string | null;
  tokenGroup: string | null;
  startedAt: Date;
  stoppedAt: Date | null;
  status: string;
  energyWh: number;
  settlement: {
    net: bigint;
    tax: bigint;
    gross: bigint;
    discount: bigint;
    gatewayFee: bigint;
    platform: bigint;
    owner: bigint;
    idle: number;
  } | null;
}

export async function scanSessions(db: Db): Promise<ScannedSession[]> {
  const rows = await db
    .select({ s: chargingSessions, o: organizations, st: sessionSettlements, c: connectors, t: idTokens })
    .from(chargingSessions)
    .innerJoin(organizations, eq(organizations.id, chargingSessions.organizationId))
    .leftJoin(sessionSettlements, eq(sessionSettlements.sessionId, chargingSessions.id))
    .leftJoin(
      connectors,
      and(eq(connectors.chargerId, chargingSessions.chargerId), eq(connectors.connectorId, chargingSessions.connectorId)),
    )
    .leftJoin(idTokens, eq(idTokens.id, chargingSessions.idTokenId));
  return rows.map(({ s, o, st, c, t }) => ({
    organizationId: s.organizationId,
    siteId: s.siteId,
    chargerId: s.chargerId,
    timeZone: o.timeZone,
    currency: st?.currency ?? o.currency,
    connectorType: c?.type ?? null,
    tariffId: st?.tariffId ?? null,
    tokenGroup: t?.tokenGroup ?? null,
    startedAt: s.startedAt,
    stoppedAt: s.stoppedAt,
    status: s.status,
    energyWh: s.energyWh,
    settlement: st && {
      net: st.netMinor,
      tax: st.taxMinor,
      gross: st.grossMinor,
      discount: st.discountMinor,
      gatewayFee: st.gatewayFeeMinor,
      platform: st.platformCommissionMinor,
      owner: st.locationOwnerCommissionMinor,
      idle: st.idleSeconds,
    },
  }));
}

const localStart = (s: ScannedSession) => DateTime.fromJSDate(s.startedAt, { zone: s.timeZone });

export function dimensionKey(dimension: DimensionKey, s: ScannedSession): string | null {
  const at = localStart(s);
  switch (dimension) {
    case 'organization':
      return s.organizationId;
    case 'site':
      return s.siteId;
    case 'charger':
      return s.chargerId;
    case 'connectorType':
      return s.connectorType;
    case 'tariff':
      return s.tariffId;
    case 'tokenGroup':
      return s.tokenGroup;
    case 'day':
      return at.toISODate();
    case 'week':
      return at.startOf('week').toISODate();
    case 'month':
      return at.toFormat('yyyy-MM');
    case 'weekday':
      return String(at.weekday);
    case 'hourOfDay':
      return String(at.hour).padStart(2, '0');
  }
}

/** Inside the local days [from, to] of the session's own organization's clock. */
export const startedWithin = (s: ScannedSession, from: string, to: string) => {
  const day = localStart(s).toISODate()!;
  return day >= from && day <= to;
};

const seconds = (s: ScannedSession) =>
  s.status === 'completed' && s.stoppedAt ? (s.stoppedAt.getTime() - s.startedAt.getTime()) / 1000 : null;

/** One metric over a group of sessions, as the API reports it (integers; an average rounds half away from zero). */
export function metricOf(metric: MetricKey, group: ScannedSession[]): number | null {
  const money = (pick: (m: NonNullable<ScannedSession['settlement']>) => bigint) =>
    Number(group.reduce((sum, s) => sum + (s.settlement ? pick(s.settlement) : 0n), 0n));
  const durations = group.map(seconds).filter((d): d is number => d !== null);
  switch (metric) {
    case 'sessions':
      return group.length;
    case 'energyWh':
      return group.reduce((sum, s) => sum + s.energyWh, 0);
    case 'net':
      return money((m) => m.net);
    case 'taxes':
      return money((m) => m.tax);
    case 'gross':
      return money((m) => m.gross);
    case 'discounts':
      return money((m) => m.discount);
    case 'gatewayFees':
      return money((m) => m.gatewayFee);
    case 'platformCommission':
      return money((m) => m.platform);
    case 'locationOwnerCommission':
      return money((m) => m.owner);
    case 'durationTotal':
      return Math.round(durations.reduce((a, b) => a + b, 0));
    case 'durationAverage':
      return durations.length === 0 ? null : Math.round(durations.reduce((a, b) => a + b, 0) / durations.length);
    case 'idleTotal':
      return group.reduce((sum, s) => sum + (s.settlement?.idle ?? 0), 0);
  }
}
