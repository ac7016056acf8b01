import type { Db } from '../../db/client.js';
import { sessionCurve } from '../../domain/session-curve.js';
import type { Scope } from '../../domain/scope.js';
import { notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { type SessionWithNames, chartSamplesOf, findSession, findSessions, sessionMoney } from './queries.js';
import type { SessionListFilter } from './schemas.js';

const number = (value: string | null) => (value === null ? null : Number(value));

export function presentSession(
  { session, organizationName, timeZone, siteName, chargerName, settled }: SessionWithNames,
  now = new Date(),
) {
  const end = session.stoppedAt ?? now;
  return {
    id: session.id,
    organizationId: session.organizationId,
    organizationName,
    timeZone,
    siteId: session.siteId,
    siteName,
    chargerId: session.chargerId,
    chargerName,
    evseId: session.evseId,
    connectorId: session.connectorId,
    idTag: session.idTag,
    status: session.status,
    startedAt: session.startedAt.toISOString(),
    stoppedAt: session.stoppedAt?.toISOString() ?? null,
    energyWh: session.energyWh,
    powerW: number(session.powerW),
    socPercent: number(session.socPercent),
    durationSeconds: Math.max(0, Math.floor((end.getTime() - session.startedAt.getTime()) / 1000)),
    flagged: session.flagged,
    flagReason: session.flagReason,
    closedBy: session.closedBy,
    settled,
  };
}

export async function listSessions(db: Db, scope: Scope, filter: SessionListFilter, page: PageRequest) {
  const { items, total } = await findSessions(db, { ...filter, ...page, scope });
  return { items: items.map((item) => presentSession(item)), total, ...page };
}

/** A driver's own sessions: those started with one of the driver's ID tokens. */
export async function listOwnSessions(db: Db, userId: string, filter: SessionListFilter, page: PageRequest) {
  const { items, total } = await findSessions(db, { ...filter, ...page, scope: null, userId });
  const money = await sessionMoney(
    db,
    items.map((item) => item.session.id),
  );
  return {
    items: items.map((item) => {
      const m = money.get(item.session.id);
      return {
        ...presentSession(item),
        grossMinor: m?.grossMinor ?? null,
        currency: m?.currency ?? null,
        paymentStatus: m?.paymentStatus ?? null,
      };
    }),
    total,
    ...page,
  };
}

export async function getSession(db: Db, scope: Scope, id: string) {
  const found = await findSession(db, id, scope);
  if (!found) throw notFound('Session');
  const { session } = found;
  const samples = (await chartSamplesOf(db, id)).map((s) => ({ ...s, value: Number(s.value) }));
  const curve = sessionCurve(samples, {
    meterStartWh: session.meterStartWh,
    startedAt: session.startedAt,
    stoppedAt: session.stoppedAt,
    meterStopWh: session.meterStopWh,
  });
  return {
    ...presentSession(found),
    transactionId: session.transactionId,
    protocol: session.protocol,
    meterStartWh: session.meterStartWh,
    meterStopWh: session.meterStopWh,
    stopReason: session.stopReason,
    samples: curve.map((point) => ({ ...point, at: point.at.toISOString() })),
  };
}
