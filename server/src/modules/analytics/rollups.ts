import { eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Executor } from '../../db/client.js';
import { notFound } from '../../errors.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  organizationDailyRollups,
  organizationHourlyRollups,
  organizationMonthlyRollups,
  organizations,
  settlementDailyRollups,
  settlementMonthlyRollups,
} from '../../db/schema/index.js';

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

/** The start of the UTC hour an instant falls in. */
export function rollupHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}

/** The first day of the local month a local date falls in. */
export function rollupMonth(localDate: string): string {
  return `${localDate.slice(0, 8)}01`;
}

export const FIGURE_KEYS = [
  'sessions',
  'energyWh',
  'durationSeconds',
  'idleSeconds',
  'netMinor',
  'taxMinor',
  'grossMinor',
  'gatewayFeeMinor',
  'platformCommissionMinor',
  'locationOwnerCommissionMinor',
  'partnerShareMinor',
  'energyCostMinor',
  'marginMinor',
] as const;

export type FigureKey = (typeof FIGURE_KEYS)[number];
type RollupTable =
  | typeof settlementDailyRollups
  | typeof settlementMonthlyRollups
  | typeof organizationDailyRollups
  | typeof organizationMonthlyRollups
  | typeof organizationHourlyRollups;

/** INSERT … ON CONFLICT (key) DO UPDATE SET figure = figure + excluded.figure, for every figure. */
async function upsert<T extends RollupTable>(tx: Executor, table: T, values: T['$inferInsert'], target: AnyPgColumn[]) {
  // The four tables share the figure columns; drizzle's insert types do not follow a union, so one stands in.
  const t = table as unknown as typeof settlementDailyRollups;
  const set = Object.fromEntries(FIGURE_KEYS.map((k) => [k, sql`${t[k]} + excluded.${sql.identifier(t[k].name)}`]));
  await tx
    .insert(t)
    .values(values as typeof t.$inferInsert)
    .onConflictDoUpdate({ target, set });
}

/**
 * The organization's time zone as committed now, under a key-share lock held to the end of the caller's
 * transaction: a time-zone change (which rebuilds the local-date rollups under FOR UPDATE, see
 * rollup-rebuild.ts) either waits for this settlement and then counts it, or has committed and its zone is read here.
 */
async function lockedTimeZone(tx: Executor, organizationId: string): Promise<string> {
  const [org] = await tx
    .select({ timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for('key share');
  if (!org) throw notFound('Organization');
  return org.timeZone;
}

/**
 * Adds `f` to every rollup grain: its charger's day and month, its organization's UTC hour, day and month. Call it
 * inside the transaction that stores the settlement (or the adjustment), so a rollup never disagrees
 * with the rows it sums. Always in this order (the organization row's key-share lock, then the charger
 * rollup rows, the organization rollup rows last): each transaction makes one call, so row locks are
 * taken in the same order everywhere and cannot deadlock.
 */
export async function addToDailyRollup(tx: Executor, f: RollupFigures): Promise<void> {
  const localDate = rollupDate(f.stoppedAt, await lockedTimeZone(tx, f.organizationId));
  const localMonth = rollupMonth(localDate);
  const figures = Object.fromEntries(FIGURE_KEYS.map((k) => [k, f[k]])) as Pick<RollupFigures, FigureKey>;
  const charger = {
    chargerId: f.chargerId,
    organizationId: f.organizationId,
    siteId: f.siteId,
    currency: f.currency,
    ...figures,
  };
  const organization = { organizationId: f.organizationId, currency: f.currency, ...figures };
  const d = settlementDailyRollups;
  const m = settlementMonthlyRollups;
  const od = organizationDailyRollups;
  const om = organizationMonthlyRollups;
  const oh = organizationHourlyRollups;
  await upsert(tx, d, { ...charger, localDate }, [d.chargerId, d.localDate]);
  await upsert(tx, m, { ...charger, localMonth }, [m.chargerId, m.localMonth, m.currency]);
  await upsert(tx, od, { ...organization, localDate }, [od.organizationId, od.localDate, od.currency]);
  await upsert(tx, om, { ...organization, localMonth }, [om.organizationId, om.localMonth, om.currency]);
  await upsert(tx, oh, { ...organization, hourStart: rollupHour(f.stoppedAt) }, [oh.organizationId, oh.hourStart, oh.currency]);
}

/** A stored settlement as rollup figures: one session. */
export function settlementFigures(row: Omit<RollupFigures, 'sessions' | 'durationSeconds'> & { startedAt: Date }): RollupFigures {
  return {
    ...row,
    sessions: 1,
    durationSeconds: Math.max(0, Math.round((row.stoppedAt.getTime() - row.startedAt.getTime()) / 1000)),
  };
}
