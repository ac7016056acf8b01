import { AppError } from '../errors.js';

/** Who a manual profile is for: a running transaction, every new transaction, or the whole charger. */
export type ProfilePurpose = 'tx' | 'tx-default' | 'charger-max';

export interface ProfileRequest {
  purpose: ProfilePurpose;
  limit: number;
  unit: 'kW' | 'A';
  /** The connector (1.6) or EVSE (2.0.1) it applies to; 0 = the whole charger. */
  connector: number;
  durationSeconds?: number;
  stackLevel?: number;
}

/** What goes into the OCPP schedule: its rate unit and the limit in that unit. */
export interface ProfileLimit {
  rateUnit: 'W' | 'A';
  limit: number;
}

/** Bounds that catch typos (MW typed as kW) without refusing any real charger. */
const MAX_KW = 1_000;
const MAX_A = 1_000;
const MAX_DURATION_SECONDS = 7 * 24 * 3600;
/** Technicians' profiles sit above stack level 0, kept for automatic load management (it wins over it). */
export const MANUAL_STACK_LEVEL = 1;
/** Site load management's TxProfiles: stack level 0, an id range of their own (4000 + connector). */
export const MANAGED_STACK_LEVEL = 0;
export const managedProfileId = (connector: number) => 4000 + connector;
const MAX_STACK_LEVEL = 10;

const invalid = (field: string, message: string) => new AppError('CHARGING_PROFILE_INVALID', message, { field });

/**
 * Checks a technician's profile and turns it into OCPP units: kW becomes whole watts, amperes
 * keep one decimal (OCPP limits are multiples of 0.1).
 */
export function profileLimitOf(request: ProfileRequest): ProfileLimit {
  const { limit, unit, purpose, connector, durationSeconds, stackLevel } = request;
  if (!Number.isFinite(limit) || limit <= 0) throw invalid('limit', 'The limit must be a positive number');
  const max = unit === 'kW' ? MAX_KW : MAX_A;
  if (limit > max) throw invalid('limit', `A limit above ${max} ${unit} is not a charger limit`);
  if (purpose === 'charger-max' && connector !== 0)
    throw invalid('connectorId', 'A charger maximum applies to the whole charger: leave the connector out (or 0)');
  if (purpose === 'tx' && connector === 0)
    throw invalid('connectorId', 'A transaction limit needs the connector that is charging');
  if (
    durationSeconds !== undefined &&
    (!Number.isInteger(durationSeconds) || durationSeconds < 60 || durationSeconds > MAX_DURATION_SECONDS)
  )
    throw invalid('durationSeconds', `The duration must be whole seconds between 60 and ${MAX_DURATION_SECONDS}`);
  if (stackLevel !== undefined && (!Number.isInteger(stackLevel) || stackLevel < 0 || stackLevel > MAX_STACK_LEVEL))
    throw invalid('stackLevel', `The stack level must be a whole number from 0 to ${MAX_STACK_LEVEL}`);
  if (unit === 'kW') return { rateUnit: 'W', limit: Math.round(limit * 1000) };
  const amps = Math.round(limit * 10) / 10;
  if (amps <= 0) throw invalid('limit', 'The limit must be at least 0.1 A');
  return { rateUnit: 'A', limit: amps };
}

/**
 * One profile id per purpose and connector, so setting it again replaces the previous one
 * (1.6 §3.13.2, 2.0.1 K01.FR.05) instead of stacking up profiles on the charger.
 */
export function profileIdOf(purpose: ProfilePurpose, connector: number): number {
  const base = { 'charger-max': 1000, 'tx-default': 2000, tx: 3000 }[purpose];
  return base + connector;
}
