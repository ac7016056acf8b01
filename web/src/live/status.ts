import type { LiveCharger, LiveConnector, LiveStatus } from '../api/live';

/** Card and marker colours: Available green, Charging blue, Faulted red, Offline grey, the rest amber. */
export function statusColor(status: string | null | undefined): string {
  switch (status) {
    case 'Available':
      return 'teal';
    case 'Charging':
    case 'SuspendedEV':
    case 'SuspendedEVSE':
    case 'Occupied':
      return 'blue';
    case 'Faulted':
      return 'red';
    case 'Offline':
    case null:
    case undefined:
      return 'gray';
    default:
      return 'yellow';
  }
}

/** The same colours as CSS values, for the map (Leaflet draws outside Mantine). */
export const STATUS_HEX: Record<string, string> = {
  teal: '#0ca678',
  blue: '#1c7ed6',
  red: '#e03131',
  gray: '#868e96',
  yellow: '#f08c00',
};

// Most to least significant: a charger with one faulted connector shows Faulted.
const PRECEDENCE: LiveStatus[] = ['Faulted', 'Charging', 'Preparing', 'Finishing', 'Reserved', 'Unavailable', 'Available'];

/** A connector's finer OCPP state folded into the aggregate vocabulary. */
export function coarseStatus(status: string | null): LiveStatus | null {
  switch (status) {
    case 'SuspendedEV':
    case 'SuspendedEVSE':
    case 'Occupied':
    case 'Charging':
      return 'Charging';
    case 'Faulted':
    case 'Preparing':
    case 'Finishing':
    case 'Reserved':
    case 'Unavailable':
    case 'Available':
      return status;
    default:
      return null;
  }
}

/** Offline / Faulted / Charging / Preparing / Finishing / Reserved / Unavailable / Available, as the server aggregates. */
export function aggregateStatus(online: boolean, connectors: LiveConnector[], fallback: LiveStatus): LiveStatus {
  if (!online) return 'Offline';
  const present = new Set(connectors.map((c) => coarseStatus(c.status)));
  return PRECEDENCE.find((s) => present.has(s)) ?? (fallback === 'Offline' ? 'Available' : fallback);
}

/** The most significant status among several chargers (a site on the map). */
export function worstStatus(statuses: LiveStatus[]): LiveStatus {
  const present = new Set(statuses);
  if (present.size === 0) return 'Offline';
  return PRECEDENCE.find((s) => present.has(s)) ?? 'Offline';
}

export const formatKw = (powerW: number | null | undefined) => (powerW == null ? '—' : `${(powerW / 1000).toFixed(1)} kW`);
export const formatKwh = (energyWh: number | null | undefined) =>
  energyWh == null ? '—' : `${(energyWh / 1000).toFixed(energyWh >= 100_000 ? 0 : 2)} kWh`;

/** The power the charger draws now: the sum over its running sessions, null when none reports any. */
export function currentPowerW(charger: LiveCharger): number | null {
  const reported = charger.activeSessions.map((s) => s.powerW).filter((w): w is number => w !== null);
  return reported.length === 0 ? null : reported.reduce((sum, w) => sum + w, 0);
}
