import { describe, expect, it } from 'vitest';
import {
  type AggregateStatus,
  type ChargerStatusInput,
  aggregateStatus,
  availabilityPercent,
  reportFor,
} from '../../src/domain/live-status.js';

const online = (connectorStatuses: string[], extra: Partial<ChargerStatusInput> = {}): ChargerStatusInput => ({
  online: true,
  connectorStatuses,
  ...extra,
});

describe('aggregate charger status', () => {
  it.each<[string, ChargerStatusInput, AggregateStatus]>([
    ['never connected', { online: false, connectorStatuses: [] }, 'Offline'],
    ['offline while charging', { online: false, connectorStatuses: ['Charging'] }, 'Offline'],
    ['offline while faulted', { online: false, connectorStatuses: ['Faulted'] }, 'Offline'],
    ['all available', online(['Available', 'Available']), 'Available'],
    ['no connectors reported', online(['Unknown']), 'Available'],
    ['no connectors at all', online([]), 'Available'],
    ['one faulted wins over charging', online(['Charging', 'Faulted']), 'Faulted'],
    ['charger-level fault', online(['Available'], { chargerStatus: 'Faulted' }), 'Faulted'],
    ['charging', online(['Available', 'Charging']), 'Charging'],
    ['suspended by the EV counts as charging', online(['SuspendedEV']), 'Charging'],
    ['suspended by the EVSE counts as charging', online(['Available', 'SuspendedEVSE']), 'Charging'],
    ['charging wins over preparing', online(['Preparing', 'Charging']), 'Charging'],
    ['preparing', online(['Available', 'Preparing']), 'Preparing'],
    ['preparing wins over finishing', online(['Finishing', 'Preparing']), 'Preparing'],
    ['finishing', online(['Finishing', 'Available']), 'Finishing'],
    ['finishing wins over reserved', online(['Reserved', 'Finishing']), 'Finishing'],
    ['reserved', online(['Reserved', 'Available']), 'Reserved'],
    ['all unavailable', online(['Unavailable', 'Unavailable']), 'Unavailable'],
    ['one of two unavailable is still available', online(['Unavailable', 'Available']), 'Available'],
    ['charger-level unavailable', online(['Available'], { chargerStatus: 'Unavailable' }), 'Unavailable'],
    ['charger-level unavailable, a connector still charging', online(['Charging'], { chargerStatus: 'Unavailable' }), 'Charging'],
    ['2.0.1 occupied with a session', online(['Occupied'], { hasActiveSession: true }), 'Charging'],
    ['2.0.1 occupied without a session', online(['Occupied']), 'Preparing'],
    ['unavailable and unknown', online(['Unavailable', 'Unknown']), 'Available'],
  ])('%s', (_name, input, expected) => {
    expect(aggregateStatus(input)).toBe(expected);
  });
});

describe('which reported status belongs to a registered connector', () => {
  const reports = [
    { evseId: 1, connectorId: 1, status: 'A' },
    { evseId: 2, connectorId: 2, status: 'B' },
    { evseId: 3, connectorId: 1, status: 'C' },
  ];
  it.each<[string, { evseId: number; connectorId: number }, { evseId: number; connectorId: number }[], string | undefined]>([
    ['exact place', { evseId: 1, connectorId: 1 }, [{ evseId: 1, connectorId: 1 }], 'A'],
    [
      '1.6 connector 2 registered on EVSE 1',
      { evseId: 1, connectorId: 2 },
      [
        { evseId: 1, connectorId: 1 },
        { evseId: 1, connectorId: 2 },
      ],
      'B',
    ],
    ['2.0.1 EVSE 3 with its only connector', { evseId: 3, connectorId: 5 }, [{ evseId: 3, connectorId: 5 }], 'C'],
    [
      'EVSE with two registered connectors is not guessed',
      { evseId: 3, connectorId: 5 },
      [
        { evseId: 3, connectorId: 5 },
        { evseId: 3, connectorId: 6 },
      ],
      undefined,
    ],
    ['never reported', { evseId: 4, connectorId: 4 }, [{ evseId: 4, connectorId: 4 }], undefined],
  ])('%s', (_name, connector, registered, expected) => {
    expect(reportFor(connector, registered, reports)?.status).toBe(expected);
  });
});

describe('availability', () => {
  it.each<[AggregateStatus[], number]>([
    [[], 0],
    [['Available'], 100],
    [['Available', 'Offline', 'Faulted'], 33.3],
    [['Charging', 'Preparing', 'Unavailable'], 66.7],
    [['Offline', 'Offline'], 0],
  ])('%j → %d %%', (statuses, expected) => {
    expect(availabilityPercent(statuses)).toBe(expected);
  });
});
