import { holdAtStart, refusedAuthorization } from '../payments/holds.js';
import type { Db, Executor } from '../../db/client.js';
import { authorizationOf } from '../../domain/id-tokens.js';
import {
  type RegisterState,
  type Sample,
  applyRegisterReading,
  isClockSkewed,
  markClockSkew,
  snapshotsOf,
} from '../../domain/meter.js';
import type { SessionEvent } from '../../live/bus.js';
import {
  type SessionInsert,
  type SessionRow,
  activeSessionsOn,
  insertSamples,
  insertSession,
  nextTransactionNo,
  remoteStartToken,
  sessionByStart,
  soleConnectorOf,
  sessionByTransaction,
  staleSessions,
  updateSession,
} from './session-queries.js';
import { tokenStanding } from './batched-reads.js';
import { enqueueSettlement } from '../settlement/enqueue.js';
import { costEstimatorOf } from './cost-estimator.js';
import { MeterWriter, meterWriterOf } from './meter-writer.js';
import type { Authorization, ChargingDeps, SessionStart, SessionStop, Station } from './types.js';

/** Why a session was flagged; the first three are cleared when the charger's own stop arrives after all. */
const RULE_CLOSURES = { boot: 'closed_at_boot', timeout: 'closed_after_timeout', superseded: 'superseded' } as const;
const START_MISSING = 'start_missing';
const CLOCK_SKEW = 'clock_skew';
const DEFAULT_CLOCK_SKEW_MS = 10 * 60_000;

/** The charger-clock check for samples of a session (or of none): see docs/ocpp.md. */
export const clockCheckOf = (deps: ChargingDeps, session: Pick<SessionRow, 'lastRegisterAt'> | null) => ({
  now: new Date(),
  lastKnownAt: session?.lastRegisterAt ?? null,
  skewMs: deps.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS,
});

/** A session not flagged yet is flagged clock_skew when one of its timestamps was skewed (kept as sent). */
const skewFlag = (session: Pick<SessionRow, 'flagged'>, skewed: boolean): Partial<SessionInsert> =>
  skewed && !session.flagged ? { flagged: true, flagReason: CLOCK_SKEW } : {};

export function sessionEvent(row: SessionRow): SessionEvent {
  return {
    sessionId: row.id,
    chargerId: row.chargerId,
    organizationId: row.organizationId,
    siteId: row.siteId,
    transactionId: row.transactionId,
    evseId: row.evseId,
    connectorId: row.connectorId,
    startedAt: row.startedAt.toISOString(),
    stoppedAt: row.stoppedAt?.toISOString() ?? null,
    energyWh: row.energyWh,
    powerW: row.powerW === null ? null : Number(row.powerW),
    socPercent: row.socPercent === null ? null : Number(row.socPercent),
    status: row.status,
    closedBy: row.closedBy,
    stopReason: row.stopReason,
    flagged: row.flagged,
  };
}

const publishStopped = (deps: ChargingDeps, rows: SessionRow[]) =>
  rows.forEach((row) => {
    costEstimatorOf(deps.db).forget(row.id);
    deps.bus.publish('session.stopped', sessionEvent(row));
  });

/** session.stopped for sessions closed in a statement that returned their events (a batch of boots). */
export function publishStoppedEvents(deps: ChargingDeps, events: SessionEvent[]): void {
  for (const event of events) {
    costEstimatorOf(deps.db).forget(event.sessionId);
    deps.bus.publish('session.stopped', event);
  }
}

/** session.updated for rows just committed, with the estimated cost when the session has a tariff. */
async function publishUpdated(deps: ChargingDeps, rows: SessionRow[]): Promise<void> {
  if (rows.length === 0) return;
  const estimator = costEstimatorOf(deps.db);
  await estimator.prepare(rows);
  for (const row of rows) {
    const estimatedCost = estimator.estimate(row);
    deps.bus.publish('session.updated', { ...sessionEvent(row), ...(estimatedCost ? { estimatedCost } : {}) });
  }
}

/** Authorize, and the token of a start: one query shared with other chargers' lookups (batched-reads.ts). */
export async function authorizeToken(db: Db, station: Pick<Station, 'organizationId'>, idTag: string): Promise<Authorization> {
  const token = await tokenStanding(db, station.organizationId, idTag);
  return {
    status: authorizationOf(token, new Date()),
    expiresAt: token?.expiresAt ?? null,
    tokenId: token?.id ?? null,
    userId: token?.userId ?? null,
    vehicleRef: token?.vehicleRef ?? null,
  };
}

const fixed = (value: number | null, digits: number) => (value === null ? undefined : value.toFixed(digits));

/** Energy and live values after a batch of samples; readings older than the last applied one change nothing. */
export function metered(session: SessionRow, samples: Sample[]): Partial<SessionInsert> & RegisterState {
  let state: RegisterState = {
    energyWh: session.energyWh,
    lastRegisterWh: session.lastRegisterWh,
    lastRegisterAt: session.lastRegisterAt,
  };
  const since = session.lastRegisterAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const live: Partial<SessionInsert> = {};
  for (const snapshot of snapshotsOf(samples)) {
    if (snapshot.registerWh !== null) state = applyRegisterReading(state, { wh: snapshot.registerWh, at: snapshot.at });
    if (snapshot.at.getTime() < since) continue;
    live.powerW = fixed(snapshot.powerW, 3) ?? live.powerW;
    live.currentA = fixed(snapshot.currentA, 3) ?? live.currentA;
    live.voltageV = fixed(snapshot.voltageV, 3) ?? live.voltageV;
    live.socPercent = fixed(snapshot.socPercent, 2) ?? live.socPercent;
  }
  const firstRegister = snapshotsOf(samples).find((s) => s.registerWh !== null)?.registerWh ?? null;
  return {
    ...live,
    ...state,
    ...skewFlag(
      session,
      samples.some((s) => s.clockSkew),
    ),
    ...(session.meterStartWh === null && firstRegister !== null ? { meterStartWh: firstRegister } : {}),
  };
}

/** A stop that never came: closed at the last known reading, flagged for review. */
async function closeByRule(db: Executor, session: SessionRow, closedBy: keyof typeof RULE_CLOSURES): Promise<SessionRow> {
  const lastKnown =
    session.lastRegisterAt && session.lastRegisterAt > session.startedAt ? session.lastRegisterAt : session.startedAt;
  await enqueueSettlement(db, session);
  return updateSession(db, session.id, {
    status: 'completed',
    stoppedAt: lastKnown,
    closedBy,
    flagged: true,
    flagReason: RULE_CLOSURES[closedBy],
    powerW: null,
    currentA: null,
  });
}

/**
 * What a 2.0.1 start leaves out, filled in: the ID token of the RequestStartTransaction whose
 * remoteStartId it carries (F02: a remote start's Started event may have no idToken), and the
 * connector when its EVSE has only one.
 */
async function completedStart(db: Db, station: Station, input: SessionStart): Promise<SessionStart> {
  const idTag =
    input.idTag ??
    (input.remoteStartId === undefined || input.remoteStartId === null
      ? null
      : await remoteStartToken(db, station.chargerId, input.remoteStartId));
  const connectorId =
    input.connectorId ??
    (input.evseId === null || input.evseId < 1 ? null : await soleConnectorOf(db, station.chargerId, input.evseId));
  return { ...input, idTag, connectorId };
}

/**
 * StartTransaction (1.6) / TransactionEvent Started (2.0.1). Idempotent: a repeated start (the
 * answer was lost) returns the session already stored. Queued starts with past timestamps are
 * taken as they are. An older session still active on the same connector can only have lost its
 * stop, so it is closed by rule ("superseded").
 */
export async function startSession(deps: ChargingDeps, station: Station, given: SessionStart) {
  const input = await completedStart(deps.db, station, given);
  const authorization = input.idTag ? await authorizeToken(deps.db, station, input.idTag) : null;
  const outcome = await deps.db.transaction(async (tx) => {
    const existing =
      input.transactionId !== undefined
        ? await sessionByTransaction(tx, station.chargerId, input.transactionId, true)
        : input.connectorId !== null && input.idTag
          ? await sessionByStart(tx, station.chargerId, input.connectorId, input.startedAt, input.idTag)
          : null;
    if (existing) return { session: existing, created: false, superseded: [] as SessionRow[] };
    const superseded: SessionRow[] = [];
    if (input.evseId !== null) {
      for (const older of await activeSessionsOn(tx, station.chargerId, input.evseId, input.connectorId)) {
        if (older.startedAt <= input.startedAt) superseded.push(await closeByRule(tx, older, 'superseded'));
      }
    }
    const skewedStart = isClockSkewed(input.startedAt, clockCheckOf(deps, null));
    let session = await insertSession(tx, {
      organizationId: station.organizationId,
      siteId: station.siteId,
      chargerId: station.chargerId,
      protocol: station.protocol,
      transactionId: input.transactionId ?? String(await nextTransactionNo(tx)),
      evseId: input.evseId,
      connectorId: input.connectorId,
      idTag: input.idTag,
      idTokenId: authorization?.tokenId ?? null,
      userId: authorization?.userId ?? null,
      vehicleRef: authorization?.vehicleRef ?? null,
      authorizationStatus: authorization?.status ?? null,
      remoteStartId: input.remoteStartId ?? null,
      startedAt: input.startedAt,
      startedOffline: input.offline ?? false,
      meterStartWh: input.meterStartWh,
      lastRegisterWh: input.meterStartWh,
      lastRegisterAt: input.meterStartWh === null ? null : input.startedAt,
      lastActivityAt: new Date(),
      flagged: (input.missingStart ?? false) || skewedStart,
      flagReason: input.missingStart ? START_MISSING : skewedStart ? CLOCK_SKEW : null,
    });
    if (input.samples?.length) {
      const samples = markClockSkew(input.samples, clockCheckOf(deps, null));
      await insertSamples(
        tx,
        { chargerId: station.chargerId, sessionId: session.id, evseId: input.evseId, connectorId: input.connectorId },
        samples,
      );
      session = await updateSession(tx, session.id, metered(session, samples));
    }
    return { session, created: true, superseded };
  });
  publishStopped(deps, outcome.superseded);
  if (outcome.created) {
    deps.bus.publish('session.started', sessionEvent(outcome.session));
    // The tariff is looked up now, off the answer's path, so the first session.updated carries a cost.
    void costEstimatorOf(deps.db).prepare([outcome.session]);
  }
  return {
    session: outcome.session,
    created: outcome.created,
    authorization: await withHold(deps, outcome.session, authorization),
  };
}

/** A start accepted by its token may still be refused by its payment (modules/payments/holds.ts). */
async function withHold(
  deps: ChargingDeps,
  session: SessionRow,
  authorization: Authorization | null,
): Promise<Authorization | null> {
  if (!deps.payments || !authorization || authorization.status !== 'Accepted') return authorization;
  const hold = await holdAtStart(deps.payments, session);
  return hold.refused ? refusedAuthorization(authorization) : authorization;
}

export interface MeterBatch {
  transactionId: string | null;
  evseId: number | null;
  connectorId: number | null;
  samples: Sample[];
  /** 2.0.1 MeterValues carry no transaction id: attribute them to the session active on that EVSE. */
  attachToActiveSession?: boolean;
}

/**
 * MeterValues, or the meter values inside a 2.0.1 Updated event: stored samples, live kWh and power.
 * Resolves once they are committed — in a transaction shared with other chargers' meter values
 * (meter-writer.ts), so a busy network costs a few statements per batch, not per message.
 */
export function recordMeterValues(deps: ChargingDeps, station: Station, batch: MeterBatch): Promise<SessionRow | null> {
  const writer = meterWriterOf(
    deps.db,
    () =>
      new MeterWriter(
        deps,
        (session, b) => metered(session, b.samples) as Partial<SessionRow>,
        (st, b) => recordMeterValuesAlone(deps, st, b),
        (rows) => publishUpdated(deps, rows),
        (session) => clockCheckOf(deps, session),
      ),
  );
  return writer.write(station, batch);
}

/** The same for one message in its own transaction: what a batch falls back to when it fails. */
async function recordMeterValuesAlone(deps: ChargingDeps, station: Station, batch: MeterBatch): Promise<SessionRow | null> {
  const updated = await deps.db.transaction(async (tx) => {
    let session =
      batch.transactionId === null ? null : await sessionByTransaction(tx, station.chargerId, batch.transactionId, true);
    if (!session && batch.attachToActiveSession && batch.evseId !== null)
      session = (await activeSessionsOn(tx, station.chargerId, batch.evseId))[0] ?? null;
    const samples = markClockSkew(batch.samples, clockCheckOf(deps, session));
    await insertSamples(
      tx,
      { chargerId: station.chargerId, sessionId: session?.id ?? null, evseId: batch.evseId, connectorId: batch.connectorId },
      samples,
    );
    if (!session || session.status !== 'active') return null;
    return updateSession(tx, session.id, { ...metered(session, samples), lastActivityAt: new Date() });
  });
  if (updated) await publishUpdated(deps, [updated]);
  return updated;
}

/** 2.0.1: an idToken presented after the transaction started (triggerReason Authorized). */
export async function attachToken(
  deps: ChargingDeps,
  station: Station,
  session: SessionRow,
  idTag: string,
): Promise<Authorization> {
  const authorization = await authorizeToken(deps.db, station, idTag);
  if (session.idTag === null) {
    await updateSession(deps.db, session.id, {
      idTag,
      idTokenId: authorization.tokenId,
      userId: authorization.userId,
      vehicleRef: authorization.vehicleRef,
      authorizationStatus: authorization.status,
    });
  }
  return authorization;
}

export type StopOutcome = { kind: 'unknown' } | { kind: 'stopped' | 'repeated'; session: SessionRow };

/**
 * StopTransaction (1.6) / TransactionEvent Ended (2.0.1). A repeated stop changes nothing. A stop
 * for a session already closed by rule replaces the rule's guess with the charger's own figures.
 */
export async function stopSession(deps: ChargingDeps, station: Station, stop: SessionStop): Promise<StopOutcome> {
  const outcome = await deps.db.transaction(async (tx): Promise<StopOutcome> => {
    const session = await sessionByTransaction(tx, station.chargerId, stop.transactionId, true);
    if (!session) return { kind: 'unknown' };
    if (session.closedBy === 'charger') return { kind: 'repeated', session };
    const clock = clockCheckOf(deps, session);
    const samples = markClockSkew(stop.samples, clock);
    await insertSamples(
      tx,
      { chargerId: station.chargerId, sessionId: session.id, evseId: session.evseId, connectorId: session.connectorId },
      samples,
    );
    const after = metered(session, samples);
    const skewed = samples.some((s) => s.clockSkew) || isClockSkewed(stop.stoppedAt, clock);
    const final =
      stop.meterStopWh === null
        ? after
        : { ...after, ...applyRegisterReading(after, { wh: stop.meterStopWh, at: stop.stoppedAt }) };
    const clearsFlag = Object.values(RULE_CLOSURES).some((reason) => reason === session.flagReason);
    const keepsFlag = session.flagged && !clearsFlag;
    const row = await updateSession(tx, session.id, {
      ...final,
      status: 'completed',
      stoppedAt: stop.stoppedAt,
      meterStopWh: stop.meterStopWh,
      stopReason: stop.reason,
      stopIdTag: stop.idTag,
      closedBy: 'charger',
      flagged: keepsFlag || skewed,
      flagReason: keepsFlag ? session.flagReason : skewed ? CLOCK_SKEW : null,
      powerW: null,
      currentA: null,
      lastActivityAt: new Date(),
    });
    await enqueueSettlement(tx, row);
    return { kind: 'stopped', session: row };
  });
  if (outcome.kind === 'stopped') publishStopped(deps, [outcome.session]);
  return outcome;
}

/** Rule 2: an active session with no message for `idleSeconds` is closed and flagged. */
export async function closeStaleSessions(deps: ChargingDeps, idleSeconds: number): Promise<SessionRow[]> {
  const closed = await deps.db.transaction(async (tx) => {
    const rows: SessionRow[] = [];
    for (const session of await staleSessions(tx, new Date(Date.now() - idleSeconds * 1000)))
      rows.push(await closeByRule(tx, session, 'timeout'));
    return rows;
  });
  publishStopped(deps, closed);
  return closed;
}

export { sessionByTransaction };
