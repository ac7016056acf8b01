import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Executor } from '../../db/client.js';
import { settlementDailyRollups } from '../../db/schema/index.js';

/** The settled figures a rollup adds up (a `session_settlements` row, or the difference a re-pricing makes). */
export interface RollupFigures {
  organizationId: string;
  siteId: string;
  chargerId: string;
  currency: string;
  stoppedAt: Date;
  /** 1 for a new settlement, 0 for an adjustment of one already counted. */
  sessions: number;
  energyWh: number;
  durationSeconds: number;
  idleSeconds: number;
  netMinor: bigint;
  taxMinor: bigint;
  grossMinor: bigint;
  gatewayFeeMinor: bigint;
  platformCommissionMinor: bigint;
  locationOwnerCommissionMinor: bigint;
  partnerShareMinor: bigint;
  energyCostMinor: bigint;
  marginMinor: bigint;
}

/** The local date, in the organization's time zone, a session ending at `stoppedAt` counts on. */
export function rollupDate(stoppedAt: Date, organizationTimeZone: string): string {
  return DateTime.fromJSDate(stoppedAt, { zone: organizationTimeZone }).toISODate()!;
}

/**
 * Adds `f` to its charger's day. Call it inside the transaction that stores the settlement (or the
 * adjustment), so a rollup never disagrees with the rows it sums.
 */
export async function addToDailyRollup(tx: Executor, f: RollupFigures, organizationTimeZone: string): Promise<void> {
  const t = settlementDailyRollups;
  const values = {
    chargerId: f.chargerId,
    localDate: rollupDate(f.stoppedAt, organizationTimeZone),
    organizationId: f.organizationId,
    siteId: f.siteId,
    currency: f.currency,
    sessions: f.sessions,
    energyWh: f.energyWh,
    durationSeconds: f.durationSeconds,
    idleSeconds: f.idleSeconds,
    netMinor: f.netMinor,
    taxMinor: f.taxMinor,
    grossMinor: f.grossMinor,
    gatewayFeeMinor: f.gatewayFeeMinor,
    platformCommissionMinor: f.platformCommissionMinor,
    locationOwnerCommissionMinor: f.locationOwnerCommissionMinor,
    partnerShareMinor: f.partnerShareMinor,
    energyCostMinor: f.energyCostMinor,
    marginMinor: f.marginMinor,
  };
  const add = (column: keyof typeof values & keyof typeof t) => sql`${t[column]} + excluded.${sql.identifier(t[column].name)}`;
  await tx
    .insert(t)
    .values(values)
    .onConflictDoUpdate({
      target: [t.chargerId, t.localDate],
      set: {
        sessions: add('sessions'),
        energyWh: add('energyWh'),
        durationSeconds: add('durationSeconds'),
        idleSeconds: add('idleSeconds'),
        netMinor: add('netMinor'),
        taxMinor: add('taxMinor'),
        grossMinor: add('grossMinor'),
        gatewayFeeMinor: add('gatewayFeeMinor'),
        platformCommissionMinor: add('platformCommissionMinor'),
        locationOwnerCommissionMinor: add('locationOwnerCommissionMinor'),
        partnerShareMinor: add('partnerShareMinor'),
        energyCostMinor: add('energyCostMinor'),
        marginMinor: add('marginMinor'),
      },
    });
}

/** A stored settlement as rollup figures: one session. */
export function settlementFigures(row: Omit<RollupFigures, 'sessions' | 'durationSeconds'> & { startedAt: Date }): RollupFigures {
  return {
    ...row,
    sessions: 1,
    durationSeconds: Math.max(0, Math.round((row.stoppedAt.getTime() - row.startedAt.getTime()) / 1000)),
  };
}
