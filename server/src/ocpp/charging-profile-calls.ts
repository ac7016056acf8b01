import type { CommandInput } from '../modules/charging/command-schemas.js';
import type { PreparedProfile } from '../modules/charging/charging-profile-requests.js';
import type { OcppCall } from './commands.js';

type Purpose = PreparedProfile['purpose'];

/** The purposes' names differ between versions (1.6 §7.15, 2.0.1 ChargingProfilePurposeEnumType). */
const PURPOSE_16: Record<Purpose, string> = {
  tx: 'TxProfile',
  'tx-default': 'TxDefaultProfile',
  'charger-max': 'ChargePointMaxProfile',
};
const PURPOSE_201: Record<Purpose, string> = {
  tx: 'TxProfile',
  'tx-default': 'TxDefaultProfile',
  'charger-max': 'ChargingStationMaxProfile',
};

/** Whole seconds: OCPP dateTime without milliseconds reads the same on every charger. */
const nowWholeSeconds = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * One period from now on. Absolute with a start time: Relative is not allowed for the charger
 * maximum (2.0.1 K01.FR.38) and would restart a TxProfile's duration at the session's start.
 */
function schedule(p: PreparedProfile) {
  return {
    startSchedule: nowWholeSeconds(),
    ...(p.durationSeconds ? { duration: p.durationSeconds } : {}),
    chargingRateUnit: p.rateUnit,
    chargingSchedulePeriod: [{ startPeriod: 0, limit: p.limit }],
  };
}

export function setChargingProfile16(p: PreparedProfile): OcppCall {
  return {
    action: 'SetChargingProfile',
    payload: {
      connectorId: p.connector,
      csChargingProfiles: {
        chargingProfileId: p.profileId,
        ...(p.transactionId ? { transactionId: Number(p.transactionId) } : {}),
        stackLevel: p.stackLevel,
        chargingProfilePurpose: PURPOSE_16[p.purpose],
        chargingProfileKind: 'Absolute',
        chargingSchedule: schedule(p),
      },
    },
  };
}

export function setChargingProfile201(p: PreparedProfile): OcppCall {
  return {
    action: 'SetChargingProfile',
    payload: {
      evseId: p.connector,
      chargingProfile: {
        id: p.profileId,
        stackLevel: p.stackLevel,
        chargingProfilePurpose: PURPOSE_201[p.purpose],
        chargingProfileKind: 'Absolute',
        // 2.0.1: a list of schedules (one here), each with its own id.
        chargingSchedule: [{ id: 1, ...schedule(p) }],
        ...(p.transactionId ? { transactionId: p.transactionId } : {}),
      },
    },
  };
}

/** A technician's clear, or (profileId, from load management only) one profile by its id. */
type Clear = CommandInput<'clear-charging-profile'> & { profileId?: number };

/** The connector a clear names: none means every connector; a charger maximum lives on 0. */
function clearedConnector(i: Clear): number | undefined {
  if (i.purpose === 'charger-max') return 0;
  return i.evseId ?? i.connectorId;
}

export function clearChargingProfile16(i: Clear): OcppCall {
  const connectorId = clearedConnector(i);
  return {
    action: 'ClearChargingProfile',
    payload: {
      ...(i.profileId !== undefined ? { id: i.profileId } : {}),
      ...(connectorId !== undefined ? { connectorId } : {}),
      ...(i.purpose ? { chargingProfilePurpose: PURPOSE_16[i.purpose] } : {}),
    },
  };
}

export function clearChargingProfile201(i: Clear): OcppCall {
  const evseId = clearedConnector(i);
  const criteria = {
    ...(evseId !== undefined ? { evseId } : {}),
    ...(i.purpose ? { chargingProfilePurpose: PURPOSE_201[i.purpose] } : {}),
  };
  return {
    action: 'ClearChargingProfile',
    payload: {
      ...(i.profileId !== undefined ? { chargingProfileId: i.profileId } : {}),
      ...(Object.keys(criteria).length ? { chargingProfileCriteria: criteria } : {}),
    },
  };
}

type Composite = CommandInput<'get-composite-schedule'>;

const compositeFields = (i: Composite) => ({
  duration: i.durationSeconds ?? 3600,
  ...(i.unit ? { chargingRateUnit: i.unit === 'kW' ? 'W' : 'A' } : {}),
});

export const getCompositeSchedule16 = (i: Composite): OcppCall => ({
  action: 'GetCompositeSchedule',
  payload: { connectorId: i.evseId ?? i.connectorId ?? 0, ...compositeFields(i) },
});

export const getCompositeSchedule201 = (i: Composite): OcppCall => ({
  action: 'GetCompositeSchedule',
  payload: { evseId: i.evseId ?? i.connectorId ?? 0, ...compositeFields(i) },
});
