import type { RawSampledValue } from '../domain/meter.js';
import { authorizationStatus16 } from '../domain/id-tokens.js';
import { authorizeToken, recordMeterValues, startSession, stopSession } from '../modules/charging/sessions.js';
import { recordStatus } from '../modules/charging/stations.js';
import type { Authorization } from '../modules/charging/types.js';
import { type ChargerConnection, type HandlerEnv, dateOr, refuseUnsupported, serve } from './connection.js';
import { handleBoot, keepEvent, noteRefusal, samplesOf, stationOf } from './shared.js';

/** OCPP 1.6J messages a charge point sends, mapped to the one charging model. Payloads were schema-validated already. */

interface MeterValue16 {
  timestamp: string;
  sampledValue: RawSampledValue[];
}

const idTagInfo = (a: Authorization) => ({
  status: authorizationStatus16(a.status),
  ...(a.expiresAt ? { expiryDate: a.expiresAt.toISOString() } : {}),
});

/** 1.6 has no EVSEs: each connector is treated as its own EVSE (the 2.0.1 migration mapping). */
const place = (connectorId: number) => ({ evseId: connectorId, connectorId });

export function serveOcpp16(env: HandlerEnv, conn: ChargerConnection): void {
  const { deps } = env;

  serve(
    env,
    conn,
    'BootNotification',
    async (
      _c,
      p: {
        chargePointVendor: string;
        chargePointModel: string;
        chargePointSerialNumber?: string;
        chargeBoxSerialNumber?: string;
        firmwareVersion?: string;
      },
    ) =>
      handleBoot(env, conn, {
        vendor: p.chargePointVendor,
        model: p.chargePointModel,
        serialNumber: p.chargePointSerialNumber ?? p.chargeBoxSerialNumber ?? null,
        firmwareVersion: p.firmwareVersion ?? null,
      }),
    { beforeAcceptance: true },
  );

  serve(env, conn, 'Heartbeat', async () => ({ currentTime: new Date().toISOString() }));

  serve(
    env,
    conn,
    'StatusNotification',
    async (
      _c,
      p: {
        connectorId: number;
        errorCode: string;
        status: string;
        info?: string;
        timestamp?: string;
        vendorId?: string;
        vendorErrorCode?: string;
      },
    ) => {
      await recordStatus(deps, stationOf(conn), {
        ...place(p.connectorId),
        status: p.status,
        errorCode: p.errorCode,
        info: p.info ?? null,
        vendorId: p.vendorId ?? null,
        vendorErrorCode: p.vendorErrorCode ?? null,
        at: dateOr(p.timestamp),
      });
      return {};
    },
  );

  serve(env, conn, 'Authorize', async (_c, p: { idTag: string }) => {
    const authorization = await authorizeToken(deps.db, stationOf(conn), p.idTag);
    const answer = idTagInfo(authorization);
    await noteRefusal(env, conn, 'Authorize', p.idTag, authorization, answer.status);
    return { idTagInfo: answer };
  });

  // §6.45: the central system assigns the transactionId; a repeated start gets the same one back.
  serve(
    env,
    conn,
    'StartTransaction',
    async (_c, p: { connectorId: number; idTag: string; meterStart: number; timestamp: string }) => {
      const { session, authorization } = await startSession(deps, stationOf(conn), {
        ...place(p.connectorId),
        idTag: p.idTag,
        meterStartWh: p.meterStart,
        startedAt: dateOr(p.timestamp),
      });
      const answer = idTagInfo(authorization!);
      await noteRefusal(env, conn, 'StartTransaction', p.idTag, authorization, answer.status);
      return { transactionId: Number(session.transactionId), idTagInfo: answer };
    },
  );

  // §4.10: the central system cannot refuse a stop; it only confirms it (idTagInfo when an idTag came).
  serve(
    env,
    conn,
    'StopTransaction',
    async (
      _c,
      p: {
        transactionId: number;
        meterStop: number;
        timestamp: string;
        idTag?: string;
        reason?: string;
        transactionData?: MeterValue16[];
      },
    ) => {
      const station = stationOf(conn);
      const outcome = await stopSession(deps, station, {
        transactionId: String(p.transactionId),
        stoppedAt: dateOr(p.timestamp),
        meterStopWh: p.meterStop,
        // §7.45: a StopTransaction without a reason was stopped Local.
        reason: p.reason ?? 'Local',
        idTag: p.idTag ?? null,
        samples: samplesOf(p.transactionData),
      });
      if (outcome.kind === 'unknown')
        env.log.warn({ identity: conn.identity, transactionId: p.transactionId }, 'StopTransaction for an unknown transaction');
      return p.idTag ? { idTagInfo: idTagInfo(await authorizeToken(deps.db, station, p.idTag)) } : {};
    },
  );

  serve(env, conn, 'MeterValues', async (_c, p: { connectorId: number; transactionId?: number; meterValue: MeterValue16[] }) => {
    await recordMeterValues(deps, stationOf(conn), {
      transactionId: p.transactionId === undefined ? null : String(p.transactionId),
      ...place(p.connectorId),
      samples: samplesOf(p.meterValue),
      attachToActiveSession: p.connectorId > 0,
    });
    return {};
  });

  // §4.3: a vendor extension we do not implement is answered UnknownVendorId, and kept in the log.
  serve(env, conn, 'DataTransfer', async (_c, p: { vendorId: string; messageId?: string; data?: string }) => {
    await keepEvent(env, conn, 'data_transfer', 'UnknownVendorId', p);
    return { status: 'UnknownVendorId' };
  });

  serve(env, conn, 'FirmwareStatusNotification', async (_c, p: { status: string }) =>
    keepEvent(env, conn, 'firmware_status', p.status, p),
  );
  serve(env, conn, 'DiagnosticsStatusNotification', async (_c, p: { status: string }) =>
    keepEvent(env, conn, 'diagnostics_status', p.status, p),
  );
  // The 1.6 security extension (whitepaper edition 3) messages.
  serve(env, conn, 'SecurityEventNotification', async (_c, p: { type: string; timestamp: string }) =>
    keepEvent(env, conn, 'security_event', p.type, p, dateOr(p.timestamp)),
  );
  serve(env, conn, 'LogStatusNotification', async (_c, p: { status: string }) => keepEvent(env, conn, 'log_status', p.status, p));
  serve(env, conn, 'SignedFirmwareStatusNotification', async (_c, p: { status: string }) =>
    keepEvent(env, conn, 'firmware_status', p.status, p),
  );
  refuseUnsupported(env, conn, ['SignCertificate']);
}
