import type { Db } from '../../db/client.js';
import { plainDecimal } from '../../domain/decimal.js';
import { type AttentionThresholds, needsAttention } from '../../domain/live-attention.js';
import { type AggregateStatus, aggregateStatus, availabilityPercent, reportFor } from '../../domain/live-status.js';
import type { Scope } from '../../domain/scope.js';
import { notFound } from '../../errors.js';
import { type ConnectorRow, connectorsOf, findCharger } from '../chargers/queries.js';
import {
  type ConnectorStatusRow,
  type NetworkFilter,
  type SessionRow,
  activeSessionsOf,
  energyTodayWh,
  findLiveChargers,
  messagesOf,
  statusHistoryOf,
  statusesOf,
} from './queries.js';
import { redactFrame } from './redact.js';
import type { NetworkQueryValue } from './schemas.js';

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
const number = (value: string | null) => (value === null ? null : Number(value));

const presentReport = (report: ConnectorStatusRow | undefined) => ({
  status: report?.status ?? 'Unknown',
  errorCode: report?.errorCode ?? null,
  info: report?.info ?? null,
  vendorId: report?.vendorId ?? null,
  vendorErrorCode: report?.vendorErrorCode ?? null,
  since: iso(report?.at),
});

/** Registered connectors with their last report, then any connector the charger reports that nobody registered. */
function liveConnectors(registered: ConnectorRow[], reports: ConnectorStatusRow[]) {
  const perConnector = reports.filter((r) => r.evseId > 0 && r.connectorId > 0);
  const used = new Set<ConnectorStatusRow>();
  const known = registered.map((connector) => {
    const report = reportFor(connector, registered, perConnector);
    if (report) used.add(report);
    const { evseId, connectorId, type } = connector;
    return { evseId, connectorId, type, maxPowerKw: plainDecimal(connector.maxPowerKw), ...presentReport(report) };
  });
  const unregistered = perConnector
    .filter((report) => !used.has(report))
    .map((report) => ({
      evseId: report.evseId,
      connectorId: report.connectorId,
      type: null,
      maxPowerKw: null,
      ...presentReport(report),
    }));
  return [...known, ...unregistered];
}

const presentSession = (session: SessionRow) => ({
  sessionId: session.id,
  evseId: session.evseId,
  connectorId: session.connectorId,
  startedAt: session.startedAt.toISOString(),
  energyWh: session.energyWh,
  powerW: number(session.powerW),
  socPercent: number(session.socPercent),
});

const filterOf = (scope: Scope, query: NetworkQueryValue): NetworkFilter => ({ scope, ...query });

export async function liveChargers(db: Db, scope: Scope, query: NetworkQueryValue) {
  const rows = await findLiveChargers(db, filterOf(scope, query));
  const ids = rows.map((row) => row.chargerId);
  const [registered, reports, sessions] = await Promise.all([
    connectorsOf(db, ids),
    statusesOf(db, ids),
    activeSessionsOf(db, ids),
  ]);
  return rows.map((row) => {
    const own = reports.filter((r) => r.chargerId === row.chargerId);
    const connectors = liveConnectors(registered.get(row.chargerId) ?? [], own);
    const running = sessions.filter((s) => s.chargerId === row.chargerId);
    const session = running[0];
    const online = row.online ?? false;
    const status = aggregateStatus({
      online,
      connectorStatuses: connectors.map((c) => c.status),
      chargerStatus: own.find((r) => r.evseId === 0)?.status ?? null,
      hasActiveSession: session !== undefined,
    });
    return {
      ...row,
      latitude: plainDecimal(row.latitude),
      longitude: plainDecimal(row.longitude),
      online,
      offlineSince: iso(row.offlineSince),
      lastMessageAt: iso(row.lastMessageAt),
      status,
      connectors,
      activeSession: session ? presentSession(session) : null,
      activeSessions: running.map(presentSession),
    };
  });
}

export async function liveSummary(db: Db, scope: Scope, query: NetworkQueryValue) {
  const [chargers, energy] = await Promise.all([liveChargers(db, scope, query), energyTodayWh(db, filterOf(scope, query))]);
  const ids = chargers.map((c) => c.chargerId);
  const sessions = await activeSessionsOf(db, ids);
  const byStatus: Partial<Record<AggregateStatus, number>> = {};
  for (const { status } of chargers) byStatus[status] = (byStatus[status] ?? 0) + 1;
  const online = chargers.filter((c) => c.online).length;
  return {
    chargers: { total: chargers.length, online, offline: chargers.length - online, byStatus },
    activeSessions: sessions.length,
    currentPowerW: sessions.reduce((sum, s) => sum + (number(s.powerW) ?? 0), 0),
    energyTodayWh: energy,
    availabilityPercent: availabilityPercent(chargers.map((c) => c.status)),
  };
}

/** What to act on now (domain/live-attention.ts), most urgent first. */
export async function liveAttention(db: Db, scope: Scope, query: NetworkQueryValue, thresholds: AttentionThresholds) {
  return needsAttention(await liveChargers(db, scope, query), thresholds, new Date());
}

/** Outside the caller's scope answers 404, like the charger itself. */
async function assertChargerVisible(db: Db, scope: Scope, chargerId: string): Promise<void> {
  if (!(await findCharger(db, chargerId, scope))) throw notFound('Charger');
}

export async function statusHistory(db: Db, scope: Scope, chargerId: string, limit: number) {
  await assertChargerVisible(db, scope, chargerId);
  return (await statusHistoryOf(db, chargerId, limit)).map((row) => ({ ...row, at: row.at.toISOString() }));
}

function callErrorOf(frame: string, messageType: number | null) {
  if (messageType !== 4) return null;
  try {
    const [, , code, description] = JSON.parse(frame) as unknown[];
    return { code: typeof code === 'string' ? code : '', description: typeof description === 'string' ? description : '' };
  } catch {
    return { code: '', description: '' };
  }
}

export async function messageLog(db: Db, scope: Scope, chargerId: string, limit: number) {
  await assertChargerVisible(db, scope, chargerId);
  const rows = await messagesOf(db, chargerId, limit);
  const callActions = new Map(
    rows.filter((r) => r.messageType === 2 && r.messageId).map((r) => [`${r.direction}:${r.messageId}`, r.action]),
  );
  return rows.map((row) => {
    const callDirection = row.direction === 'in' ? 'out' : 'in';
    const action = row.action ?? (row.messageId ? (callActions.get(`${callDirection}:${row.messageId}`) ?? null) : null);
    return {
      ...row,
      action,
      error: callErrorOf(row.payload, row.messageType),
      payload: redactFrame(row.payload),
      at: row.at.toISOString(),
    };
  });
}
