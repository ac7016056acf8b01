import type { PaymentsDeps } from '../payments/attempts.js';
import type { SpentTickets } from '../../live/tickets.js';
import type { Db } from '../../db/client.js';
import type { AuthorizationStatus } from '../../domain/id-tokens.js';
import type { Sample } from '../../domain/meter.js';
import type { EventBus } from '../../live/bus.js';

export type OcppProtocol = 'ocpp1.6' | 'ocpp2.0.1';

/** A registered charger as the charging service sees it: one model for both OCPP versions. */
export interface Station {
  chargerId: string;
  organizationId: string;
  siteId: string;
  identity: string;
  protocol: OcppProtocol;
}

/** What the charging service needs: the database and the bus it publishes to after commit. */
export interface ChargingDeps {
  db: Db;
  bus: EventBus;
  /** Charger timestamps further than this from the server clock (or back from the last reading) are flagged; default 10 min. */
  clockSkewMs?: number;
  /** Holds at session start (modules/payments/holds.ts); absent, no money is held. */
  payments?: PaymentsDeps;
}

export interface Authorization {
  status: AuthorizationStatus;
  expiresAt: Date | null;
  tokenId: string | null;
  userId: string | null;
  vehicleRef: string | null;
}

export interface SessionStart {
  /** 2.0.1: the charger's transaction id; 1.6: absent, the central system assigns one. */
  transactionId?: string;
  evseId: number | null;
  connectorId: number | null;
  idTag: string | null;
  meterStartWh: number | null;
  startedAt: Date;
  remoteStartId?: number | null;
  offline?: boolean;
  samples?: Sample[];
  /** Created from an Updated/Ended event because the Started event never came. */
  missingStart?: boolean;
}

export interface SessionStop {
  transactionId: string;
  stoppedAt: Date;
  meterStopWh: number | null;
  reason: string | null;
  idTag: string | null;
  samples: Sample[];
}

export interface BootInfo {
  vendor: string;
  model: string;
  serialNumber: string | null;
  firmwareVersion: string | null;
}

export interface StatusReport {
  evseId: number;
  connectorId: number;
  status: string;
  errorCode: string | null;
  info: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
  at: Date;
}

/** The charger's answer to a remote command, and the OCPP action that carried it. */
export interface CommandAnswer {
  protocol: OcppProtocol;
  action: string;
  response: unknown;
}

/**
 * The connected chargers, as the API sees them: implemented by the OCPP gateway. `send` throws
 * AppError CHARGER_OFFLINE, CHARGER_TIMEOUT, CHARGER_ERROR or COMMAND_UNSUPPORTED.
 */
export interface ChargerLink {
  protocolOf(identity: string): OcppProtocol | null;
  send(identity: string, command: string, input: Record<string, unknown>): Promise<CommandAnswer>;
  /** A claimed charger that is still connected as Pending is asked to boot again. */
  requestBoot(identity: string): void;
}

/** Present where the process runs the OCPP gateway; absent when only the API document is built. */
export interface ChargingRuntime {
  bus: EventBus;
  link: ChargerLink;
  /** Redeemed stream tickets, shared by all instances when they share Redis; per process when absent. */
  spentTickets?: SpentTickets;
}
