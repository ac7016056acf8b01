import type { RawSampledValue, Sample } from '../domain/meter.js';
import { normalizeSample } from '../domain/meter.js';
import { maskValue } from '../domain/secrets.js';
import { recordBoot, recordChargerEvent, recordUnclaimedBoot } from '../modules/charging/stations.js';
import type { Authorization, BootInfo, Station } from '../modules/charging/types.js';
import type { ChargerEventKind } from '../modules/charging/station-queries.js';
import { type ChargerConnection, type HandlerEnv, dateOr } from './connection.js';
import { callError } from './rpc.js';

/** Handlers past the acceptance gate always have a registered station. */
export function stationOf(conn: ChargerConnection): Station {
  if (!conn.station) throw callError('SecurityError', 'This charger is not registered');
  return conn.station;
}

/**
 * BootNotification, both versions: a registered charger is Accepted or Rejected (stations.ts); an
 * unknown one waits in the unclaimed list as Pending. `interval` is the heartbeat interval when
 * Accepted, otherwise the time to wait before the next BootNotification (1.6 §6.5, 2.0.1 B01).
 */
export async function handleBoot(env: HandlerEnv, conn: ChargerConnection, info: BootInfo) {
  const interval = env.config.heartbeatSeconds;
  // One statement (shared with other chargers' boots) finds the charger by identity and records the boot.
  const booted = await recordBoot(env.deps, conn, info, interval);
  if (!booted) {
    conn.station = null;
    await recordUnclaimedBoot(env.deps.db, conn.identity, conn.protocol, info);
    conn.accepted = false;
    return { status: 'Pending' as const, interval, currentTime: new Date().toISOString() };
  }
  await env.registered(conn, booted.station);
  conn.accepted = booted.status === 'Accepted';
  conn.heartbeatSeconds = interval;
  if (conn.accepted) env.acceptedBoot(conn);
  return { status: booted.status, interval, currentTime: new Date().toISOString() };
}

/** Meter values of either version, as normalised samples; values that are not numbers are skipped. */
export function samplesOf(meterValues: { timestamp: string; sampledValue: RawSampledValue[] }[] | undefined): Sample[] {
  const samples: Sample[] = [];
  for (const meterValue of meterValues ?? []) {
    const at = dateOr(meterValue.timestamp);
    for (const raw of meterValue.sampledValue) {
      const sample = normalizeSample(at, raw);
      if (sample) samples.push(sample);
    }
  }
  return samples;
}

/** Notifications kept as charger events; the answer is always an empty confirmation. */
export async function keepEvent(
  env: HandlerEnv,
  conn: ChargerConnection,
  kind: ChargerEventKind,
  status: string | null,
  detail: Record<string, unknown>,
  at?: Date,
) {
  await recordChargerEvent(
    env.deps.db,
    { chargerId: conn.station?.chargerId ?? null, identity: conn.identity },
    { kind, status, detail, ...(at ? { at } : {}) },
  );
  return {};
}

/**
 * An ID token the charger was told may not charge (Authorize, a start, a 2.0.1 transaction's token
 * answered other than Accepted), kept as an `authorization_refused` charger event for the
 * authorization-failures alert. The token is kept masked (first 3 and last 2 characters), never
 * whole. Accepted answers, the common case, cost nothing; a refusal costs one insert.
 */
export async function noteRefusal(
  env: HandlerEnv,
  conn: ChargerConnection,
  action: string,
  idTag: string,
  authorization: Authorization | null,
  answered: string,
) {
  if (!authorization || authorization.status === 'Accepted' || !conn.station) return;
  await recordChargerEvent(
    env.deps.db,
    { chargerId: conn.station.chargerId, identity: conn.identity },
    {
      kind: 'authorization_refused',
      status: answered,
      detail: { action, token: maskValue(idTag, false), known: authorization.tokenId !== null },
    },
  );
}
