/**
 * What an operations engineer must act on now, from the live state of the chargers: faulted
 * connectors, chargers offline, unavailable connectors and sessions stuck in a state that should
 * pass within minutes. Most urgent first. Pure, with no imports: the web app bundles this very
 * module and applies it to its live cache (web/src/live/attention.ts), so the two cannot disagree.
 */

/** How long a connector may stay in a passing state before it needs a look, in minutes. */
export interface AttentionThresholds {
  /** Plugged in, no session started: the driver has not authorized, or the charger refused. */
  preparingMinutes: number;
  /** The car stopped taking energy (full, or its timer): blocks the bay. */
  suspendedEvMinutes: number;
  /** The session ended but the cable is still in: blocks the bay. */
  finishingMinutes: number;
}

export const DEFAULT_ATTENTION_THRESHOLDS: AttentionThresholds = {
  preparingMinutes: 15,
  suspendedEvMinutes: 60,
  finishingMinutes: 15,
};

/** Most urgent first: a fault needs a technician, offline hides everything else, unavailable was perhaps planned. */
export const ATTENTION_KINDS = ['faulted', 'offline', 'unavailable', 'stuck'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

export interface AttentionConnector {
  evseId: number;
  connectorId: number;
  status: string;
  errorCode: string | null;
  info?: string | null;
  vendorId?: string | null;
  vendorErrorCode?: string | null;
  since: string | null;
}

export interface AttentionCharger {
  chargerId: string;
  name: string;
  siteId: string;
  siteName: string;
  online: boolean;
  offlineSince: string | null;
  /** The aggregate status: catches a fault reported for the charger as a whole (connector 0). */
  status: string;
  connectors: readonly AttentionConnector[];
}

export interface AttentionItem {
  kind: AttentionKind;
  chargerId: string;
  chargerName: string;
  siteId: string;
  siteName: string;
  /** null: the charger as a whole. */
  evseId: number | null;
  connectorId: number | null;
  /** The OCPP status (Faulted, Unavailable, Preparing, SuspendedEV, Finishing) or Offline. */
  status: string;
  since: string | null;
  /** Whole minutes in this state at `now`; null when the start is unknown. */
  minutes: number | null;
  errorCode: string | null;
  info: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
}

function stuckLimit(status: string, t: AttentionThresholds): number | null {
  if (status === 'Preparing') return t.preparingMinutes;
  if (status === 'SuspendedEV') return t.suspendedEvMinutes;
  if (status === 'Finishing') return t.finishingMinutes;
  return null;
}

const minutesSince = (since: string | null, now: Date) =>
  since === null ? null : Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 60_000));

function connectorItem(charger: AttentionCharger, c: AttentionConnector, kind: AttentionKind, now: Date): AttentionItem {
  return {
    ...chargerItem(charger, kind, c.status, c.since, now),
    evseId: c.evseId,
    connectorId: c.connectorId,
    errorCode: c.errorCode && c.errorCode !== 'NoError' ? c.errorCode : null,
    info: c.info ?? null,
    vendorId: c.vendorId ?? null,
    vendorErrorCode: c.vendorErrorCode ?? null,
  };
}

function chargerItem(
  charger: AttentionCharger,
  kind: AttentionKind,
  status: string,
  since: string | null,
  now: Date,
): AttentionItem {
  return {
    kind,
    chargerId: charger.chargerId,
    chargerName: charger.name,
    siteId: charger.siteId,
    siteName: charger.siteName,
    evseId: null,
    connectorId: null,
    status,
    since,
    minutes: minutesSince(since, now),
    errorCode: null,
    info: null,
    vendorId: null,
    vendorErrorCode: null,
  };
}

function itemsOf(charger: AttentionCharger, t: AttentionThresholds, now: Date): AttentionItem[] {
  // An offline charger's connector statuses are stale: the one thing to act on is the link.
  if (!charger.online) return [chargerItem(charger, 'offline', 'Offline', charger.offlineSince, now)];
  const items: AttentionItem[] = [];
  for (const c of charger.connectors) {
    if (c.status === 'Faulted') items.push(connectorItem(charger, c, 'faulted', now));
    else if (c.status === 'Unavailable') items.push(connectorItem(charger, c, 'unavailable', now));
    else {
      const limit = stuckLimit(c.status, t);
      const minutes = minutesSince(c.since, now);
      if (limit !== null && minutes !== null && minutes >= limit) items.push(connectorItem(charger, c, 'stuck', now));
    }
  }
  const has = (kind: AttentionKind) => items.some((item) => item.kind === kind);
  if (charger.status === 'Faulted' && !has('faulted')) items.push(chargerItem(charger, 'faulted', 'Faulted', null, now));
  if (charger.status === 'Unavailable' && !has('unavailable'))
    items.push(chargerItem(charger, 'unavailable', 'Unavailable', null, now));
  return items;
}

const rank = (kind: AttentionKind) => ATTENTION_KINDS.indexOf(kind);

/** Everything to act on, most urgent kind first, then the longest-standing, then by charger name. */
export function needsAttention(
  chargers: readonly AttentionCharger[],
  thresholds: AttentionThresholds,
  now: Date,
): AttentionItem[] {
  return chargers
    .flatMap((charger) => itemsOf(charger, thresholds, now))
    .sort(
      (a, b) =>
        rank(a.kind) - rank(b.kind) ||
        (b.minutes ?? -1) - (a.minutes ?? -1) ||
        a.chargerName.localeCompare(b.chargerName) ||
        (a.connectorId ?? 0) - (b.connectorId ?? 0),
    );
}
