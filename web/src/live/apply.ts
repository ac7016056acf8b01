import type { EstimatedCost } from '../../../server/src/live/bus';
import type {
  ActiveSession,
  ChargerConnectionEvent,
  ChargerStatusEvent,
  LiveCharger,
  LiveConnector,
  SessionDetail,
  SessionEvent,
} from '../api/live';
import { aggregateStatus } from './status';

/**
 * Pure, idempotent updates of cached live data by one SSE event: applying an event twice, or an
 * older one after a newer one, leaves the data as it was. Unknown chargers are left alone (the
 * list is refetched on `reset`).
 */
const newer = (at: string, than: string | null | undefined) => !than || Date.parse(at) >= Date.parse(than);

function patchCharger(list: LiveCharger[], chargerId: string, patch: (c: LiveCharger) => LiveCharger): LiveCharger[] {
  const index = list.findIndex((c) => c.chargerId === chargerId);
  if (index < 0) return list;
  const before = list[index]!;
  const after = patch(before);
  if (after === before) return list;
  const next = list.slice();
  next[index] = after;
  return next;
}

export function applyConnection(list: LiveCharger[], event: ChargerConnectionEvent): LiveCharger[] {
  return patchCharger(list, event.chargerId, (c) => {
    if (c.online === event.online) return c;
    const online = event.online;
    return {
      ...c,
      online,
      offlineSince: online ? null : event.at,
      lastMessageAt: online && newer(event.at, c.lastMessageAt) ? event.at : c.lastMessageAt,
      status: aggregateStatus(online, c.connectors, c.status),
    };
  });
}

export function applyStatus(list: LiveCharger[], event: ChargerStatusEvent): LiveCharger[] {
  return patchCharger(list, event.chargerId, (c) => {
    const index = c.connectors.findIndex((k) => k.evseId === event.evseId && k.connectorId === event.connectorId);
    const current = index >= 0 ? c.connectors[index] : null;
    if (
      current &&
      (!newer(event.at, current.since) ||
        (current.status === event.status &&
          current.errorCode === event.errorCode &&
          current.vendorErrorCode === (event.vendorErrorCode ?? null)))
    )
      return c;
    // Connector 0 (the charger itself, OCPP 1.6) counts only when it reports a fault or unavailability.
    if (!current && event.connectorId === 0 && event.status === 'Available') return c;
    const updated: LiveConnector = {
      evseId: event.evseId,
      connectorId: event.connectorId,
      type: current?.type ?? null,
      maxPowerKw: current?.maxPowerKw ?? null,
      status: event.status,
      errorCode: event.errorCode,
      info: event.info ?? null,
      vendorId: event.vendorId ?? null,
      vendorErrorCode: event.vendorErrorCode ?? null,
      since: event.at,
    };
    const connectors = current
      ? c.connectors.map((k, i) => (i === index ? updated : k))
      : [...c.connectors, updated].sort((a, b) => a.evseId - b.evseId || a.connectorId - b.connectorId);
    // A status message proves the charger is talking to us.
    const online = true;
    return {
      ...c,
      online,
      offlineSince: null,
      lastMessageAt: newer(event.at, c.lastMessageAt) ? event.at : c.lastMessageAt,
      connectors,
      status: aggregateStatus(online, connectors, c.status),
    };
  });
}

/** A running session as the live cache holds it: with the estimated cost of its last session.updated, when priced. */
export type LiveSession = ActiveSession & { estimatedCost?: EstimatedCost };

/** Newest first, as the server lists them; `activeSession` is the first (kept for older readers). */
const byNewest = (a: ActiveSession, b: ActiveSession) => Date.parse(b.startedAt) - Date.parse(a.startedAt);
const withSessions = (c: LiveCharger, sessions: LiveSession[]): LiveCharger => {
  const sorted = sessions.slice().sort(byNewest);
  return { ...c, activeSessions: sorted, activeSession: sorted[0] ?? null };
};

export function applySession(list: LiveCharger[], event: SessionEvent): LiveCharger[] {
  return patchCharger(list, event.chargerId, (c) => {
    const sessions: LiveSession[] = c.activeSessions;
    const running = sessions.find((s) => s.sessionId === event.sessionId);
    const others = sessions.filter((s) => s !== running);
    if (event.status !== 'active' || event.stoppedAt) return running ? withSessions(c, others) : c;
    const estimatedCost = event.estimatedCost ?? running?.estimatedCost;
    // A session never loses energy: an older update arriving late is ignored.
    if (running && running.energyWh > event.energyWh) return c;
    if (
      running &&
      running.energyWh === event.energyWh &&
      running.powerW === event.powerW &&
      running.socPercent === event.socPercent &&
      running.estimatedCost?.grossMinor === estimatedCost?.grossMinor
    )
      return c;
    const updated: LiveSession = {
      sessionId: event.sessionId,
      evseId: event.evseId,
      connectorId: event.connectorId,
      startedAt: event.startedAt,
      energyWh: event.energyWh,
      powerW: event.powerW,
      socPercent: event.socPercent,
      ...(estimatedCost ? { estimatedCost } : {}),
    };
    return withSessions(c, [...others, updated]);
  });
}

/** Appends the reading of a session event to the session's samples (the live chart). */
export function applySessionSample(session: SessionDetail, event: SessionEvent, now: string): SessionDetail {
  if (session.id !== event.sessionId) return session;
  const last = session.samples.at(-1);
  const base = {
    ...session,
    status: event.status,
    stoppedAt: event.stoppedAt,
    energyWh: Math.max(session.energyWh, event.energyWh),
  };
  if (last && last.energyWh === event.energyWh && last.powerW === event.powerW && last.socPercent === event.socPercent)
    return base;
  if (last?.energyWh != null && last.energyWh > event.energyWh) return session;
  const sample = { at: event.stoppedAt ?? now, energyWh: event.energyWh, powerW: event.powerW, socPercent: event.socPercent };
  return { ...base, powerW: event.powerW, socPercent: event.socPercent, samples: [...session.samples, sample] };
}
