import { ENERGY_REGISTER, type RawSampledValue, type Sample, snapshotsOf } from '../domain/meter.js';
import { authorizationStatus201 } from '../domain/id-tokens.js';
import { sessionByTransaction } from '../modules/charging/session-queries.js';
import { attachToken, authorizeToken, recordMeterValues, startSession, stopSession } from '../modules/charging/sessions.js';
import { recordStatus } from '../modules/charging/stations.js';
import type { Authorization } from '../modules/charging/types.js';
import { type ChargerConnection, type HandlerEnv, dateOr, refuseUnsupported, serve } from './connection.js';
import { handleBoot, keepEvent, noteRefusal, samplesOf, stationOf } from './shared.js';

/** OCPP 2.0.1 messages a charging station sends, mapped to the one charging model. Payloads were schema-validated already. */

interface SampledValue201 {
  value: number;
  context?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  unitOfMeasure?: { unit?: string; multiplier?: number };
}
interface MeterValue201 {
  timestamp: string;
  sampledValue: SampledValue201[];
}
interface IdToken201 {
  idToken: string;
  type: string;
}
interface TransactionEvent201 {
  eventType: 'Started' | 'Updated' | 'Ended';
  timestamp: string;
  triggerReason: string;
  seqNo: number;
  offline?: boolean;
  transactionInfo: { transactionId: string; stoppedReason?: string; remoteStartId?: number };
  idToken?: IdToken201;
  evse?: { id: number; connectorId?: number };
  meterValue?: MeterValue201[];
}

const idTokenInfo = (a: Authorization) => ({
  status: authorizationStatus201(a.status),
  ...(a.expiresAt ? { cacheExpiryDateTime: a.expiresAt.toISOString() } : {}),
});

/** 2.0.1 puts the unit and a power-of-ten multiplier in unitOfMeasure (2.0.1 Part 2 §2.50). */
const meterValuesOf = (values: MeterValue201[] | undefined) =>
  values?.map((mv) => ({
    timestamp: mv.timestamp,
    sampledValue: mv.sampledValue.map((sv): RawSampledValue => ({
      ...sv,
      unit: sv.unitOfMeasure?.unit,
      multiplier: sv.unitOfMeasure?.multiplier,
    })),
  }));

/**
 * The Ended event's final register (E06: the Transaction.End reading), else its latest register
 * reading: what 1.6 calls meterStop.
 */
function finalRegister(samples: Sample[]): number | null {
  const end = samples.filter((s) => s.context === 'Transaction.End' && s.measurand === ENERGY_REGISTER && s.phase === null);
  const registers = snapshotsOf(end.length ? end : samples).filter((s) => s.registerWh !== null);
  return registers.at(-1)?.registerWh ?? null;
}

/** NoAuthorization tokens (free vend, E01) carry no identity to check. */
const tokenValue = (token: IdToken201 | undefined) => (token && token.type !== 'NoAuthorization' ? token.idToken : null);

/** Known 2.0.1 actions a station may send that this central system does not take (NotSupported, Part 4 §4.3). */
const UNSUPPORTED = [
  'ClearedChargingLimit',
  'Get15118EVCertificate',
  'GetCertificateStatus',
  'NotifyChargingLimit',
  'NotifyCustomerInformation',
  'NotifyDisplayMessages',
  'NotifyEVChargingNeeds',
  'NotifyEVChargingSchedule',
  'NotifyMonitoringReport',
  'NotifyReport',
  'PublishFirmwareStatusNotification',
  'ReportChargingProfiles',
  'ReservationStatusUpdate',
  'SignCertificate',
] as const;

export function serveOcpp201(env: HandlerEnv, conn: ChargerConnection): void {
  const { deps } = env;

  serve(
    env,
    conn,
    'BootNotification',
    async (_c, p: { chargingStation: { vendorName: string; model: string; serialNumber?: string; firmwareVersion?: string } }) =>
      handleBoot(env, conn, {
        vendor: p.chargingStation.vendorName,
        model: p.chargingStation.model,
        serialNumber: p.chargingStation.serialNumber ?? null,
        firmwareVersion: p.chargingStation.firmwareVersion ?? null,
      }),
    { beforeAcceptance: true },
  );

  serve(env, conn, 'Heartbeat', async () => ({ currentTime: new Date().toISOString() }));

  // 2.0.1 StatusNotification has no error code: faults come as NotifyEvent (kept below).
  serve(
    env,
    conn,
    'StatusNotification',
    async (_c, p: { timestamp: string; connectorStatus: string; evseId: number; connectorId: number }) => {
      await recordStatus(deps, stationOf(conn), {
        evseId: p.evseId,
        connectorId: p.connectorId,
        status: p.connectorStatus,
        errorCode: null,
        info: null,
        vendorId: null,
        vendorErrorCode: null,
        at: dateOr(p.timestamp),
      });
      return {};
    },
  );

  serve(env, conn, 'Authorize', async (_c, p: { idToken: IdToken201 }) => {
    const value = tokenValue(p.idToken);
    const authorization = value ? await authorizeToken(deps.db, stationOf(conn), value) : null;
    if (value && authorization) await noteRefusal(env, conn, 'Authorize', value, authorization, authorization.status);
    return { idTokenInfo: authorization ? idTokenInfo(authorization) : { status: 'Accepted' } };
  });

  /**
   * E01–E07: Started opens the session (idempotent on transactionId), Updated carries meter values
   * and late authorization, Ended closes it (idempotent). An Updated/Ended whose Started never
   * came opens the session itself, flagged. idTokenInfo is returned whenever an idToken was sent.
   */
  serve(env, conn, 'TransactionEvent', async (_c, p: TransactionEvent201) => {
    const station = stationOf(conn);
    const { transactionId } = p.transactionInfo;
    const at = dateOr(p.timestamp);
    const samples = samplesOf(meterValuesOf(p.meterValue));
    const idTag = tokenValue(p.idToken);
    const start = {
      transactionId,
      evseId: p.evse?.id ?? null,
      connectorId: p.evse?.connectorId ?? null,
      idTag,
      meterStartWh: null,
      startedAt: at,
      remoteStartId: p.transactionInfo.remoteStartId ?? null,
      offline: p.offline ?? false,
    };
    if (p.eventType === 'Started') {
      const { authorization } = await startSession(deps, station, { ...start, samples });
      if (idTag) await noteRefusal(env, conn, 'TransactionEvent', idTag, authorization, authorization?.status ?? 'Accepted');
      // A remote start's token was found by remoteStartId: the station sent no idToken to answer for.
      return authorization && idTag ? { idTokenInfo: idTokenInfo(authorization) } : {};
    }
    const session =
      (await sessionByTransaction(deps.db, station.chargerId, transactionId)) ??
      (await startSession(deps, station, { ...start, samples: [], missingStart: true })).session;
    const authorization = idTag ? await attachToken(deps, station, session, idTag) : null;
    // A token presented while charging (Updated, triggerReason Authorized); an Ended event's token only stops.
    if (idTag && p.eventType === 'Updated')
      await noteRefusal(env, conn, 'TransactionEvent', idTag, authorization, authorization?.status ?? 'Accepted');
    if (p.eventType === 'Updated') {
      await recordMeterValues(deps, station, {
        transactionId,
        evseId: session.evseId,
        connectorId: session.connectorId,
        samples,
      });
    } else {
      await stopSession(deps, station, {
        transactionId,
        stoppedAt: at,
        meterStopWh: finalRegister(samples),
        reason: p.transactionInfo.stoppedReason ?? null,
        idTag,
        samples,
      });
    }
    return authorization ? { idTokenInfo: idTokenInfo(authorization) } : {};
  });

  // J01: not tied to a transaction; attributed to the session active on that EVSE for live figures.
  serve(env, conn, 'MeterValues', async (_c, p: { evseId: number; meterValue: MeterValue201[] }) => {
    await recordMeterValues(deps, stationOf(conn), {
      transactionId: null,
      evseId: p.evseId,
      connectorId: null,
      samples: samplesOf(meterValuesOf(p.meterValue)),
      attachToActiveSession: p.evseId > 0,
    });
    return {};
  });

  // P01: a vendor extension we do not implement is answered UnknownVendorId, and kept in the log.
  serve(env, conn, 'DataTransfer', async (_c, p: { vendorId: string; messageId?: string; data?: unknown }) => {
    await keepEvent(env, conn, 'data_transfer', 'UnknownVendorId', p);
    return { status: 'UnknownVendorId' };
  });

  serve(env, conn, 'FirmwareStatusNotification', async (_c, p: { status: string }) =>
    keepEvent(env, conn, 'firmware_status', p.status, p),
  );
  serve(env, conn, 'LogStatusNotification', async (_c, p: { status: string }) => keepEvent(env, conn, 'log_status', p.status, p));
  serve(env, conn, 'SecurityEventNotification', async (_c, p: { type: string; timestamp: string }) =>
    keepEvent(env, conn, 'security_event', p.type, p, dateOr(p.timestamp)),
  );
  serve(env, conn, 'NotifyEvent', async (_c, p: { generatedAt: string }) =>
    keepEvent(env, conn, 'notify_event', null, p, dateOr(p.generatedAt)),
  );
  refuseUnsupported(env, conn, UNSUPPORTED);
}
