import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { unclaimedChargers } from '../../db/schema/index.js';
import { connectionWritersOf } from './connection-writes.js';
import { offlineMarksOf } from './offline-marks.js';
import { publishStoppedEvents } from './sessions.js';
import { type ChargerEventKind, storeChargerEvent, sweepSilentConnections, updateConnection } from './station-queries.js';
import type { BootInfo, ChargingDeps, OcppProtocol, Station, StatusReport } from './types.js';

export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';

const ref = (station: Station) => ({
  chargerId: station.chargerId,
  organizationId: station.organizationId,
  siteId: station.siteId,
});

export async function recordConnected(
  deps: ChargingDeps,
  station: Station,
  options: { remoteAddress: string | null; heartbeatSeconds: number; at: Date },
) {
  // Written with other chargers' connection rows in one statement (connection-writes.ts).
  await connectionWritersOf(deps.db).connected.write({
    chargerId: station.chargerId,
    protocol: station.protocol,
    remoteAddress: options.remoteAddress,
    heartbeatSeconds: options.heartbeatSeconds,
    at: options.at,
  });
  deps.bus.publish('charger.connection', {
    ...ref(station),
    online: true,
    at: options.at.toISOString(),
    protocol: station.protocol,
  });
}

/** Back online on the next message after a silence. */
export async function recordBackOnline(deps: ChargingDeps, station: Station, at: Date) {
  await updateConnection(deps.db, station.chargerId, { online: true, offlineSince: null, lastMessageAt: at });
  deps.bus.publish('charger.connection', { ...ref(station), online: true, at: at.toISOString(), protocol: station.protocol });
}

/**
 * Socket closed (at the close time, `closed`) or silent for twice the heartbeat interval (since its
 * last message). Written with other chargers' marks in one statement (offline-marks.ts).
 */
export async function recordOffline(deps: ChargingDeps, station: Station, since: Date, closed = false) {
  if (await offlineMarksOf(deps.db).mark({ chargerId: station.chargerId, since, closed })) {
    deps.bus.publish('charger.connection', {
      ...ref(station),
      online: false,
      at: since.toISOString(),
      protocol: station.protocol,
    });
  }
}

/** Connections still marked online by an instance that has gone, or silent ones this instance does not hold. */
export async function sweepSilentChargers(deps: ChargingDeps, graceSeconds: number) {
  for (const row of await sweepSilentConnections(deps.db, graceSeconds)) {
    deps.bus.publish('charger.connection', {
      chargerId: row.charger_id,
      organizationId: row.organization_id,
      siteId: row.site_id,
      online: false,
      at: new Date(row.offline_since).toISOString(),
      protocol: row.protocol,
    });
  }
}

/**
 * BootNotification. Decision (docs/ocpp.md): an Active or Maintenance charger is Accepted; an
 * Inactive or retired one is Rejected (1.6 §4.2, 2.0.1 B03: it retries after `interval` and may
 * send nothing else meanwhile). Hardware details are recorded either way. Sessions still open
 * on an accepted charger are closed by rule: a boot ends every transaction the charger had.
 * The charger is found by identity in the same statement (it may have been claimed or replaced
 * since the upgrade); null means no charger has this identity. One statement per batch of boots.
 */
export async function recordBoot(
  deps: ChargingDeps,
  who: { identity: string; protocol: OcppProtocol },
  info: BootInfo,
  heartbeatSeconds: number,
): Promise<{ station: Station; status: RegistrationStatus } | null> {
  const booted = await connectionWritersOf(deps.db).boot.write({
    identity: who.identity,
    protocol: who.protocol,
    info,
    heartbeatSeconds,
    at: new Date(),
  });
  if (!booted) return null;
  publishStoppedEvents(deps, booted.closed);
  const station: Station = {
    chargerId: booted.chargerId,
    organizationId: booted.organizationId,
    siteId: booted.siteId,
    identity: who.identity,
    protocol: who.protocol,
  };
  if (booted.clearedStationConnector !== null) {
    deps.bus.publish('charger.status', {
      ...ref(station),
      evseId: 0,
      connectorId: booted.clearedStationConnector,
      status: 'Available',
      errorCode: null,
      info: null,
      vendorId: null,
      vendorErrorCode: null,
      at: new Date().toISOString(),
    });
  }
  return { station, status: booted.accepted ? 'Accepted' : 'Rejected' };
}

/** StatusNotification: history always, current status unless an older report arrives late. */
export async function recordStatus(deps: ChargingDeps, station: Station, report: StatusReport) {
  // Written with other chargers' reports in one statement (connection-writes.ts).
  const isCurrent = await connectionWritersOf(deps.db).status.write({ chargerId: station.chargerId, ...report });
  if (isCurrent) {
    deps.bus.publish('charger.status', {
      ...ref(station),
      evseId: report.evseId,
      connectorId: report.connectorId,
      status: report.status,
      errorCode: report.errorCode,
      info: report.info,
      vendorId: report.vendorId,
      vendorErrorCode: report.vendorErrorCode,
      at: report.at.toISOString(),
    });
  }
}

/** Firmware, diagnostics/log, security, data-transfer and NotifyEvent messages, kept as they came. */
export async function recordChargerEvent(
  db: Db,
  source: { chargerId: string | null; identity: string },
  event: { kind: ChargerEventKind; status: string | null; detail: Record<string, unknown>; at?: Date },
) {
  await storeChargerEvent(db, {
    chargerId: source.chargerId,
    identity: source.identity,
    kind: event.kind,
    status: event.status,
    detail: event.detail,
    at: event.at ?? new Date(),
  });
  if (source.chargerId && event.kind === 'firmware_status')
    await updateConnection(db, source.chargerId, { firmwareStatus: event.status });
  if (source.chargerId && (event.kind === 'diagnostics_status' || event.kind === 'log_status')) {
    await updateConnection(db, source.chargerId, { diagnosticsStatus: event.status });
  }
}

/** An unknown identity's boot: remembered in the unclaimed list, answered Pending until claimed. */
export async function recordUnclaimedBoot(db: Db, identity: string, protocol: OcppProtocol, info: BootInfo) {
  await db
    .update(unclaimedChargers)
    .set({ ...info, protocol, bootCount: sql`${unclaimedChargers.bootCount} + 1`, lastSeenAt: new Date() })
    .where(eq(unclaimedChargers.ocppIdentity, identity));
}
