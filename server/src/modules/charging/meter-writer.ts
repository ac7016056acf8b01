import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { chargingSessions } from '../../db/schema/index.js';
import { type ClockCheck, markClockSkew } from '../../domain/meter.js';
import type { SessionRow } from './session-queries.js';
import type { ChargingDeps, Station } from './types.js';
import type { MeterBatch } from './sessions.js';

/** One MeterValues (or the meter values of a 2.0.1 Updated event) waiting for the next group commit. */
interface Pending {
  station: Station;
  batch: MeterBatch;
  resolve(row: SessionRow | null): void;
  reject(error: unknown): void;
}

export interface MeterWriterOptions {
  /** Most messages in one transaction. */
  maxBatch: number;
  /** Messages waiting beyond this make new writers wait for a flush (backpressure, bounded memory). */
  maxQueued: number;
  /** How long the first message of a batch waits for company, when nothing is being written. */
  gatherMs: number;
  /** Batches written at the same time (one database connection each): one builds while another commits. */
  concurrency: number;
}

const DEFAULTS: MeterWriterOptions = { maxBatch: 400, maxQueued: 20_000, gatherMs: 2, concurrency: 2 };

/** What one message does to its session; applied in memory on the row locked for this batch. */
export type Meter = (session: SessionRow, batch: MeterBatch) => Partial<SessionRow>;

/**
 * Group commit for meter values. Each message still gets its answer only after its samples and its
 * session's figures are committed, but many messages share one transaction: BEGIN, one SELECT … FOR
 * UPDATE of their sessions, one multi-row INSERT of all samples, one UPDATE … FROM (VALUES …) of all
 * sessions, COMMIT — five round trips per batch instead of five per message. A batch starts as soon
 * as the previous one committed (or after `gatherMs` when idle), so under load batches grow by
 * themselves and when idle a message waits only a couple of milliseconds. If a batch fails, its
 * messages are written one by one (`fallback`), so one bad message never fails the others.
 */
export class MeterWriter {
  private queue: Pending[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly waiting: (() => void)[] = [];
  private readonly options: MeterWriterOptions;
  /** Batches committed, messages in them, and batches that failed and were written one by one. */
  readonly stats = { batches: 0, messages: 0, fallbacks: 0 };

  constructor(
    private readonly deps: ChargingDeps,
    private readonly meter: Meter,
    private readonly fallback: (station: Station, batch: MeterBatch) => Promise<SessionRow | null>,
    private readonly published: (rows: SessionRow[]) => Promise<void>,
    private readonly clockCheck: (session: SessionRow | null) => ClockCheck,
    options: Partial<MeterWriterOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async write(station: Station, batch: MeterBatch): Promise<SessionRow | null> {
    while (this.queue.length >= this.options.maxQueued) await new Promise<void>((resolve) => this.waiting.push(resolve));
    const done = new Promise<SessionRow | null>((resolve, reject) => this.queue.push({ station, batch, resolve, reject }));
    this.kick();
    return done;
  }

  private kick(): void {
    if (this.queue.length === 0 || this.running.size >= this.options.concurrency) return;
    const run: Promise<void> = this.loop().finally(() => {
      this.running.delete(run);
      this.kick(); // a message queued while this loop was finishing
    });
    this.running.add(run);
  }

  /** Resolves when everything queued so far is written (shutdown). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Lines batches up while the queue has messages; a locked session is in one batch at a time (one call per charger). */
  private async loop(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.options.gatherMs));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      for (const wake of this.waiting.splice(0)) wake();
      await this.flush(batch);
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    let rows: (SessionRow | null)[];
    try {
      rows = await this.deps.db.transaction((tx) => this.writeBatch(tx, batch));
    } catch {
      this.stats.fallbacks++;
      // One by one: each message gets its own answer (or its own error).
      await Promise.all(batch.map((p) => this.fallback(p.station, p.batch).then(p.resolve, p.reject)));
      return;
    }
    this.stats.batches++;
    this.stats.messages += batch.length;
    const updated = [...new Map(rows.filter((r): r is SessionRow => r !== null).map((r) => [r.id, r])).values()];
    try {
      await this.published(updated);
    } catch {
      // Live events are best effort: the batch is committed, so every message is still answered.
    } finally {
      batch.forEach((p, i) => p.resolve(rows[i] ?? null));
    }
  }

  private async writeBatch(tx: Executor, batch: Pending[]): Promise<(SessionRow | null)[]> {
    const sessions = await lockSessions(tx, batch);
    const samples: SampleRow[] = [];
    const results: (SessionRow | null)[] = [];
    const changed = new Map<string, SessionRow>();
    const now = new Date();
    for (const [i, p] of batch.entries()) {
      const found = sessions[i] ?? null;
      const session = found ? (changed.get(found.id) ?? found) : null;
      const marked = markClockSkew(p.batch.samples, this.clockCheck(session));
      for (const s of marked) {
        samples.push({
          charger_id: p.station.chargerId,
          session_id: session?.id ?? null,
          evse_id: p.batch.evseId,
          connector_id: p.batch.connectorId,
          at: s.at.toISOString(),
          measurand: s.measurand,
          phase: s.phase,
          location: s.location,
          context: s.context,
          value: s.value.toFixed(4),
          unit: s.unit,
          clock_skew: s.clockSkew ?? false,
        });
      }
      if (!session || session.status !== 'active') {
        results.push(null);
        continue;
      }
      // Fields the readings did not touch (undefined) keep their stored value, as a partial UPDATE would.
      const fields = Object.entries(this.meter(session, { ...p.batch, samples: marked })).filter(([, v]) => v !== undefined);
      const row: SessionRow = { ...session, ...Object.fromEntries(fields), lastActivityAt: now, updatedAt: now };
      changed.set(row.id, row);
      results.push(row);
    }
    await insertSamples(tx, samples);
    await updateSessions(tx, [...changed.values()]);
    // Each message answers with its session as it stands after the whole batch.
    return results.map((r) => (r ? (changed.get(r.id) ?? r) : null));
  }
}

/** The session of each message, locked: by transaction id, else (when asked) the one active on its EVSE. */
async function lockSessions(tx: Executor, batch: Pending[]): Promise<(SessionRow | null)[]> {
  const pairs = batch
    .filter((p) => p.batch.transactionId !== null)
    .map((p) => ({ c: p.station.chargerId, t: p.batch.transactionId }));
  const byTransaction = pairs.length
    ? await tx
        .select()
        .from(chargingSessions)
        .where(
          sql`(${chargingSessions.chargerId}, ${chargingSessions.transactionId}) IN
            (SELECT c, t FROM json_to_recordset(${JSON.stringify(pairs)}::json) AS x(c uuid, t text))`,
        )
        .orderBy(asc(chargingSessions.id))
        .for('update')
    : [];
  const key = (chargerId: string, transactionId: string) => `${chargerId}\u0000${transactionId}`;
  const known = new Map(byTransaction.map((r) => [key(r.chargerId, r.transactionId), r]));
  const found = batch.map((p) =>
    p.batch.transactionId === null ? null : (known.get(key(p.station.chargerId, p.batch.transactionId)) ?? null),
  );
  const orphans = batch.filter((p, i) => !found[i] && p.batch.attachToActiveSession && p.batch.evseId !== null);
  if (orphans.length === 0) return found;
  const active = await tx
    .select()
    .from(chargingSessions)
    .where(
      and(
        inArray(chargingSessions.chargerId, [...new Set(orphans.map((p) => p.station.chargerId))]),
        eq(chargingSessions.status, 'active'),
      ),
    )
    .orderBy(asc(chargingSessions.id))
    .for('update');
  active.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  return batch.map(
    (p, i) =>
      found[i] ??
      (p.batch.attachToActiveSession && p.batch.evseId !== null
        ? (active.find((s) => s.chargerId === p.station.chargerId && s.evseId === p.batch.evseId) ?? null)
        : null),
  );
}

interface SampleRow {
  charger_id: string;
  session_id: string | null;
  evse_id: number | null;
  connector_id: number | null;
  at: string;
  measurand: string;
  phase: string | null;
  location: string | null;
  context: string | null;
  value: string;
  unit: string;
  clock_skew: boolean;
}

/**
 * All of a batch's samples in one INSERT. The rows travel as one JSON parameter: much cheaper to
 * build and to parse than thousands of bound parameters, and the same on both drivers. A reading
 * already stored (a MeterValues resent because its answer was lost) hits the unique reading key
 * and is skipped: no extra lookup on the write path.
 */
async function insertSamples(tx: Executor, samples: SampleRow[]): Promise<void> {
  if (samples.length === 0) return;
  await tx.execute(sql`INSERT INTO meter_samples (charger_id, session_id, evse_id, connector_id, at, measurand, phase, location, context, value, unit, clock_skew)
    SELECT charger_id, session_id, evse_id, connector_id, at, measurand, phase, location, context, value, unit, clock_skew
    FROM json_to_recordset(${JSON.stringify(samples)}::json) AS x(charger_id uuid, session_id uuid, evse_id integer,
      connector_id integer, at timestamptz, measurand text, phase text, location text, context text, value numeric, unit text,
      clock_skew boolean)
    ON CONFLICT DO NOTHING`);
}

/** All of a batch's session figures in one statement (one JSON parameter). */
async function updateSessions(tx: Executor, rows: SessionRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => ({
    id: r.id,
    energy_wh: r.energyWh,
    last_register_wh: r.lastRegisterWh,
    last_register_at: r.lastRegisterAt?.toISOString() ?? null,
    meter_start_wh: r.meterStartWh,
    power_w: r.powerW,
    current_a: r.currentA,
    voltage_v: r.voltageV,
    soc_percent: r.socPercent,
    flagged: r.flagged,
    flag_reason: r.flagReason,
    last_activity_at: r.lastActivityAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  }));
  await tx.execute(sql`UPDATE charging_sessions s SET energy_wh = v.energy_wh, last_register_wh = v.last_register_wh,
      last_register_at = v.last_register_at, meter_start_wh = v.meter_start_wh, power_w = v.power_w,
      current_a = v.current_a, voltage_v = v.voltage_v, soc_percent = v.soc_percent, flagged = v.flagged,
      flag_reason = v.flag_reason, last_activity_at = v.last_activity_at, updated_at = v.updated_at
    FROM json_to_recordset(${JSON.stringify(values)}::json) AS v(id uuid, energy_wh bigint, last_register_wh bigint,
      last_register_at timestamptz, meter_start_wh bigint, power_w numeric, current_a numeric, voltage_v numeric,
      soc_percent numeric, flagged boolean, flag_reason text, last_activity_at timestamptz, updated_at timestamptz)
    WHERE s.id = v.id`);
}

const writers = new WeakMap<Db, MeterWriter>();

/** One writer per database handle (per server). */
export function meterWriterOf(db: Db, create: () => MeterWriter): MeterWriter {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = create()));
  return writer;
}

/** The writer's counters, if it has written anything yet. */
export const meterWriterStats = (db: Db) => writers.get(db)?.stats ?? null;

/** Waits for the meter values queued on this database to be written (server shutdown). */
export async function drainMeterWriter(db: Db): Promise<void> {
  await writers.get(db)?.drain();
}
