/**
 * What a charger "is" right now, from its link and its connectors' last reported statuses, as one
 * word for the map and the cards. Pure: no I/O.
 */

export const AGGREGATE_STATUSES = [
  'Available',
  'Charging',
  'Preparing',
  'Finishing',
  'Reserved',
  'Unavailable',
  'Faulted',
  'Offline',
] as const;
export type AggregateStatus = (typeof AGGREGATE_STATUSES)[number];

/** Statuses in which energy flows or is about to (the connector keeps the finer state). */
const CHARGING = new Set(['Charging', 'SuspendedEV', 'SuspendedEVSE']);
/** Checked in this order after Charging: a plug in use outranks a reservation. */
const IN_USE = ['Preparing', 'Finishing', 'Reserved'] as const;

export interface ChargerStatusInput {
  online: boolean;
  /** One per connector (1.6 connector ≥ 1 / 2.0.1 EVSE ≥ 1); 'Unknown' for one that never reported. */
  connectorStatuses: readonly string[];
  /** 1.6 connector 0 / 2.0.1 EVSE 0: the charger as a whole, when it reported one. */
  chargerStatus?: string | null;
  /** A session is running on the charger: 2.0.1 reports a plugged connector only as `Occupied`. */
  hasActiveSession?: boolean;
}

export function aggregateStatus(input: ChargerStatusInput): AggregateStatus {
  if (!input.online) return 'Offline';
  const statuses = input.connectorStatuses.map((status) =>
    status === 'Occupied' ? (input.hasActiveSession ? 'Charging' : 'Preparing') : status,
  );
  if (input.chargerStatus === 'Faulted' || statuses.includes('Faulted')) return 'Faulted';
  if (statuses.some((status) => CHARGING.has(status))) return 'Charging';
  for (const status of IN_USE) if (statuses.includes(status)) return status;
  if (input.chargerStatus === 'Unavailable') return 'Unavailable';
  if (statuses.length > 0 && statuses.every((status) => status === 'Unavailable')) return 'Unavailable';
  return 'Available';
}

export interface Place {
  evseId: number;
  connectorId: number;
}

/**
 * Which reported status belongs to a registered connector. Registered connectors are numbered per
 * charger with an EVSE (default 1); OCPP 1.6 reports connector n as EVSE n / connector n, and 2.0.1
 * numbers connectors within their EVSE. So: the exact place, else the 1.6 reading of the connector
 * id, else the EVSE's only report when the EVSE has only this one registered connector.
 */
export function reportFor<T extends Place>(connector: Place, registered: readonly Place[], reports: readonly T[]): T | undefined {
  const exact = reports.find((r) => r.evseId === connector.evseId && r.connectorId === connector.connectorId);
  if (exact) return exact;
  const asOcpp16 = reports.find((r) => r.evseId === connector.connectorId && r.connectorId === connector.connectorId);
  if (asOcpp16) return asOcpp16;
  const sameEvse = reports.filter((r) => r.evseId === connector.evseId);
  const alone = registered.filter((c) => c.evseId === connector.evseId).length === 1;
  return alone && sameEvse.length === 1 ? sameEvse[0] : undefined;
}

/** Availability: online chargers not Faulted or Unavailable, as a percentage of all, one decimal. */
export function availabilityPercent(statuses: readonly AggregateStatus[]): number {
  if (statuses.length === 0) return 0;
  const available = statuses.filter((s) => s !== 'Offline' && s !== 'Faulted' && s !== 'Unavailable').length;
  return Math.round((available / statuses.length) * 1000) / 10;
}
