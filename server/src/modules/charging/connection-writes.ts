import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import type { SessionEvent } from '../../live/bus.js';
import { SETTLEMENT_JOB_SQL } from '../settlement/enqueue.js';
import { GroupWriter } from './group-writer.js';
import type { BootInfo, OcppProtocol, StatusReport } from './types.js';

/**
 * The writes every connection makes — the connection row when it opens, the boot, each
 * StatusNotification — as one statement per batch of chargers (group-writer.ts). A reconnecting
 * fleet then costs a few statements per few hundred chargers instead of several per charger.
 */

export interface ConnectedWrite {
  chargerId: string;
  protocol: OcppProtocol;
  remoteAddress: string | null;
  heartbeatSeconds: number;
  at: Date;
}

export interface BootWrite {
  identity: string;
  protocol: OcppProtocol;
  info: BootInfo;
  heartbeatSeconds: number;
  at: Date;
}

/** The charger behind the identity after its boot, or null when no charger has that identity (unclaimed). */
export type BootResult = {
  chargerId: string;
  organizationId: string;
  siteId: string;
  accepted: boolean;
  /** Sessions the boot closed by rule, as their events. */
  closed: SessionEvent[];
  /** The station-level (EVSE 0) Unavailable the boot cleared, with its connector id; null when there was none. */
  clearedStationConnector: number | null;
} | null;

export interface StatusWrite extends StatusReport {
  chargerId: string;
}

const iso = (d: Date) => d.toISOString();

/** Online from `at`: the upsert of each charger's connection row. */
async function writeConnected(db: Db, items: ConnectedWrite[]): Promise<void[]> {
  const rows = items.map((c) => ({
    id: c.chargerId,
    protocol: c.protocol,
    remote_address: c.remoteAddress,
    heartbeat: c.heartbeatSeconds,
    at: iso(c.at),
  }));
  await db.execute(sql`INSERT INTO charger_connections AS cc (charger_id, online, protocol, remote_address, connected_at,
      last_message_at, offline_since, heartbeat_interval_seconds, updated_at)
    SELECT id, true, protocol, remote_address, at, at, NULL, heartbeat, at
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(id uuid, protocol text, remote_address text, heartbeat integer, at timestamptz)
    ON CONFLICT (charger_id) DO UPDATE SET online = true, protocol = excluded.protocol, remote_address = excluded.remote_address,
      connected_at = excluded.connected_at, last_message_at = excluded.last_message_at, offline_since = NULL,
      heartbeat_interval_seconds = excluded.heartbeat_interval_seconds, updated_at = excluded.updated_at`);
  return items.map(() => undefined);
}

interface ClosedJson {
  id: string;
  charger_id: string;
  organization_id: string;
  site_id: string;
  transaction_id: string;
  evse_id: number | null;
  connector_id: number | null;
  started_at: string;
  stopped_at: string | null;
  energy_wh: number | string;
  soc_percent: number | string | null;
  status: 'active' | 'completed';
  closed_by: SessionEvent['closedBy'];
  flagged: boolean;
}

const closedEvent = (s: ClosedJson): SessionEvent => ({
  sessionId: s.id,
  chargerId: s.charger_id,
  organizationId: s.organization_id,
  siteId: s.site_id,
  transactionId: s.transaction_id,
  evseId: s.evse_id,
  connectorId: s.connector_id,
  startedAt: iso(new Date(s.started_at)),
  stoppedAt: s.stopped_at === null ? null : iso(new Date(s.stopped_at)),
  energyWh: Number(s.energy_wh),
  powerW: null,
  socPercent: s.soc_percent === null ? null : Number(s.soc_percent),
  status: s.status,
  closedBy: s.closed_by,
  flagged: s.flagged,
});

/**
 * BootNotification in one statement for a whole batch: finds the charger by identity (a retired
 * charger's identity belongs to its replacement), records the hardware, decides Accepted (active
 * or maintenance, not retired) or Rejected, upserts the connection row, and on Accepted closes
 * the charger's open sessions by rule (a boot ends every transaction the charger had) and clears a
 * station-level (EVSE 0) Unavailable: a charger that boots Accepted is in service again, whether
 * or not it ever reports the station Available. Each boot is kept as a `boot` charger event (the
 * boot-loop alert counts them), in the same statement.
 */
async function writeBoots(db: Db, items: BootWrite[]): Promise<BootResult[]> {
  const rows = items.map((b, n) => ({
    n,
    identity: b.identity,
    protocol: b.protocol,
    vendor: b.info.vendor,
    model: b.info.model,
    serial_number: b.info.serialNumber,
    firmware_version: b.info.firmwareVersion,
    heartbeat: b.heartbeatSeconds,
    at: iso(b.at),
  }));
  const found = await queryRows<{
    n: number;
    id: string;
    organization_id: string;
    site_id: string;
    accepted: boolean;
    closed: ClosedJson[] | string | null;
    cleared_connector: number | null;
  }>(
    db,
    sql`WITH x AS (
        SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(n integer, identity text, protocol text, vendor text,
          model text, serial_number text, firmware_version text, heartbeat integer, at timestamptz)
      ), target AS (
        -- the charger in service through the unique identity index, else the last one retired: one index probe each
        SELECT x.*, c.id AS charger_id FROM x CROSS JOIN LATERAL (
          (SELECT id FROM chargers WHERE lower(ocpp_identity) = lower(x.identity) AND retired_at IS NULL)
          UNION ALL
          (SELECT id FROM chargers WHERE lower(ocpp_identity) = lower(x.identity) AND retired_at IS NOT NULL
            ORDER BY retired_at DESC LIMIT 1)
          LIMIT 1
        ) c
      ), hw AS (
        UPDATE chargers c SET vendor = t.vendor, model = t.model, serial_number = t.serial_number,
          firmware_version = t.firmware_version, updated_at = t.at
        FROM target t WHERE c.id = t.charger_id
        RETURNING t.n, c.id, c.organization_id, c.site_id, t.protocol, t.heartbeat, t.at,
          (c.admin_status <> 'inactive' AND c.retired_at IS NULL) AS accepted
      ), conn AS (
        INSERT INTO charger_connections AS cc (charger_id, online, protocol, registration_status, last_boot_at,
          last_message_at, offline_since, heartbeat_interval_seconds, updated_at)
        SELECT id, true, protocol, CASE WHEN accepted THEN 'Accepted' ELSE 'Rejected' END, at, at, NULL, heartbeat, at FROM hw
        ON CONFLICT (charger_id) DO UPDATE SET online = true, protocol = excluded.protocol,
          registration_status = excluded.registration_status, last_boot_at = excluded.last_boot_at,
          last_message_at = excluded.last_message_at, offline_since = NULL,
          heartbeat_interval_seconds = excluded.heartbeat_interval_seconds, updated_at = excluded.updated_at
      ), booted AS (
        -- every boot of a registered charger, kept for the boot-loop alert (modules/alerts/checks.ts)
        INSERT INTO charger_events (charger_id, identity, kind, status, detail, at)
        SELECT hw.id, x.identity, 'boot', CASE WHEN hw.accepted THEN 'Accepted' ELSE 'Rejected' END,
          json_build_object('protocol', hw.protocol, 'firmwareVersion', x.firmware_version)::jsonb, hw.at
        FROM hw JOIN x ON x.n = hw.n
      ), closed AS (
        UPDATE charging_sessions s SET status = 'completed',
          stopped_at = CASE WHEN s.last_register_at > s.started_at THEN s.last_register_at ELSE s.started_at END,
          closed_by = 'boot', flagged = true, flag_reason = 'closed_at_boot', power_w = NULL, current_a = NULL, updated_at = now()
        FROM hw WHERE s.charger_id = hw.id AND hw.accepted AND s.status = 'active'
        RETURNING s.id, s.charger_id, s.organization_id, s.site_id, s.transaction_id, s.evse_id, s.connector_id,
          s.started_at, s.stopped_at, s.energy_wh, s.soc_percent, s.status, s.closed_by, s.flagged
      ), settle AS (
        -- each closed session owes its settlement, queued in this same statement (modules/settlement/enqueue.ts)
        INSERT INTO jobs (kind, dedupe_key, payload, organization_id, max_attempts)
        SELECT ${SETTLEMENT_JOB_SQL.kind}, ${SETTLEMENT_JOB_SQL.keyPrefix} || closed.id, json_build_object('sessionId', closed.id)::jsonb,
          closed.organization_id, ${SETTLEMENT_JOB_SQL.maxAttempts}::int
        FROM closed ON CONFLICT (dedupe_key) DO NOTHING
      ), cleared AS (
        UPDATE connector_statuses cs SET status = 'Available', error_code = NULL, info = 'cleared by an Accepted boot',
          vendor_id = NULL, vendor_error_code = NULL, at = hw.at, updated_at = hw.at
        FROM hw WHERE cs.charger_id = hw.id AND hw.accepted AND cs.evse_id = 0 AND cs.status = 'Unavailable'
        RETURNING cs.charger_id, cs.evse_id, cs.connector_id, cs.status, cs.info, cs.at
      ), cleared_history AS (
        INSERT INTO connector_status_history (charger_id, evse_id, connector_id, status, info, at)
        SELECT charger_id, evse_id, connector_id, status, info, at FROM cleared
      )
      SELECT hw.n, hw.id, hw.organization_id, hw.site_id, hw.accepted,
        (SELECT json_agg(closed ORDER BY closed.started_at) FROM closed WHERE closed.charger_id = hw.id) AS closed,
        (SELECT min(cleared.connector_id) FROM cleared WHERE cleared.charger_id = hw.id) AS cleared_connector
      FROM hw`,
  );
  const byN = new Map(found.map((r) => [Number(r.n), r]));
  return items.map((_, n) => {
    const r = byN.get(n);
    if (!r) return null;
    const closed = (typeof r.closed === 'string' ? (JSON.parse(r.closed) as ClosedJson[]) : r.closed) ?? [];
    return {
      chargerId: r.id,
      organizationId: r.organization_id,
      siteId: r.site_id,
      accepted: r.accepted,
      closed: closed.map(closedEvent),
      clearedStationConnector: r.cleared_connector === null ? null : Number(r.cleared_connector),
    };
  });
}

/** StatusNotification for a batch: history always; the current status unless the stored one is newer. */
async function writeStatuses(db: Db, items: StatusWrite[]): Promise<boolean[]> {
  const rows = items.map((s, n) => ({
    n,
    charger_id: s.chargerId,
    evse_id: s.evseId,
    connector_id: s.connectorId,
    status: s.status,
    error_code: s.errorCode,
    info: s.info,
    vendor_id: s.vendorId,
    vendor_error_code: s.vendorErrorCode,
    at: iso(s.at),
  }));
  const current = await queryRows<{ charger_id: string; evse_id: number; connector_id: number }>(
    db,
    sql`WITH x AS (
        SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(n integer, charger_id uuid, evse_id integer,
          connector_id integer, status text, error_code text, info text, vendor_id text, vendor_error_code text, at timestamptz)
      ), history AS (
        INSERT INTO connector_status_history (charger_id, evse_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, at)
        SELECT charger_id, evse_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, at FROM x ORDER BY n
      )
      INSERT INTO connector_statuses AS cs (charger_id, evse_id, connector_id, status, error_code, info, vendor_id,
        vendor_error_code, at, updated_at)
      SELECT charger_id, evse_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, at, now() FROM x
      ON CONFLICT (charger_id, evse_id, connector_id) DO UPDATE SET status = excluded.status, error_code = excluded.error_code,
        info = excluded.info, vendor_id = excluded.vendor_id, vendor_error_code = excluded.vendor_error_code,
        at = excluded.at, updated_at = excluded.updated_at
      WHERE cs.at <= excluded.at
      RETURNING cs.charger_id, cs.evse_id, cs.connector_id`,
  );
  const key = (c: string, e: number, k: number) => `${c}/${e}/${k}`;
  const written = new Set(current.map((r) => key(r.charger_id, Number(r.evse_id), Number(r.connector_id))));
  return items.map((s) => written.has(key(s.chargerId, s.evseId, s.connectorId)));
}

export interface ConnectionWriters {
  connected: GroupWriter<ConnectedWrite, void>;
  boot: GroupWriter<BootWrite, BootResult>;
  status: GroupWriter<StatusWrite, boolean>;
}

const writers = new WeakMap<Db, ConnectionWriters>();

/** One set of writers per database handle (per server); `writeOne` is what a failed batch falls back to, item by item. */
export function connectionWritersOf(db: Db): ConnectionWriters {
  let found = writers.get(db);
  if (!found) {
    found = {
      connected: new GroupWriter(
        (items) => writeConnected(db, items),
        async (item) => void (await writeConnected(db, [item])),
        (c) => c.chargerId,
      ),
      boot: new GroupWriter(
        (items) => writeBoots(db, items),
        async (item) => (await writeBoots(db, [item]))[0] ?? null,
        (b) => b.identity.toLowerCase(),
      ),
      status: new GroupWriter(
        (items) => writeStatuses(db, items),
        async (item) => (await writeStatuses(db, [item]))[0] ?? false,
        (s) => `${s.chargerId}/${s.evseId}/${s.connectorId}`,
      ),
    };
    writers.set(db, found);
  }
  return found;
}

/** Waits for the connection writes queued on this database (server shutdown). */
export async function drainConnectionWriters(db: Db): Promise<void> {
  const found = writers.get(db);
  if (found) await Promise.all([found.connected.drain(), found.boot.drain(), found.status.drain()]);
}
