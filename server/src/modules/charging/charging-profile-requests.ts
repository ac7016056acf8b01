import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { chargingSessions } from '../../db/schema/index.js';
import { MANUAL_STACK_LEVEL, profileIdOf, profileLimitOf } from '../../domain/charging-profiles.js';
import { AppError } from '../../errors.js';
import type { CommandInput } from './command-schemas.js';

/** The fields ocpp/charging-profile-calls.ts builds a SetChargingProfile from. */
export interface PreparedProfile {
  purpose: CommandInput<'set-charging-profile'>['purpose'];
  connector: number;
  profileId: number;
  stackLevel: number;
  rateUnit: 'W' | 'A';
  limit: number;
  durationSeconds?: number;
  transactionId?: string;
}

/** The connector (1.6) or EVSE (2.0.1) a request names; 0 = the whole charger. */
export const connectorOf = (input: { connectorId?: number; evseId?: number }) => input.evseId ?? input.connectorId ?? 0;

/**
 * Checks a technician's profile and finds what the charger needs with it: a TxProfile must name
 * the running transaction (1.6 §5.16.3, 2.0.1 K01.FR.03), so one is looked up on the connector.
 */
export async function prepareChargingProfile(
  db: Db,
  chargerId: string,
  input: CommandInput<'set-charging-profile'>,
): Promise<PreparedProfile> {
  const connector = connectorOf(input);
  const { rateUnit, limit } = profileLimitOf({ ...input, connector });
  const prepared: PreparedProfile = {
    purpose: input.purpose,
    connector,
    profileId: profileIdOf(input.purpose, connector),
    stackLevel: input.stackLevel ?? MANUAL_STACK_LEVEL,
    rateUnit,
    limit,
    ...(input.durationSeconds ? { durationSeconds: input.durationSeconds } : {}),
  };
  if (input.purpose !== 'tx') return prepared;
  const [session] = await db
    .select({ transactionId: chargingSessions.transactionId })
    .from(chargingSessions)
    .where(
      and(
        eq(chargingSessions.chargerId, chargerId),
        eq(chargingSessions.evseId, connector),
        eq(chargingSessions.status, 'active'),
      ),
    );
  if (!session)
    throw new AppError(
      'CHARGING_PROFILE_INVALID',
      `No session is running on connector ${connector}: a transaction limit needs one`,
      {
        field: 'connectorId',
      },
    );
  return { ...prepared, transactionId: session.transactionId };
}
