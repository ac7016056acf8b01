import { randomInt } from 'node:crypto';
import { AppError } from '../errors.js';
import type { CommandInput, CommandName } from '../modules/charging/command-schemas.js';
import type { PreparedProfile } from '../modules/charging/charging-profile-requests.js';
import type { OcppProtocol } from '../modules/charging/types.js';
import {
  clearChargingProfile16,
  clearChargingProfile201,
  getCompositeSchedule16,
  getCompositeSchedule201,
  setChargingProfile16,
  setChargingProfile201,
} from './charging-profile-calls.js';

export interface OcppCall {
  action: string;
  payload: Record<string, unknown>;
}

const unsupported = (command: string, protocol: OcppProtocol) =>
  new AppError('COMMAND_UNSUPPORTED', `${command} does not exist in ${protocol === 'ocpp1.6' ? 'OCPP 1.6' : 'OCPP 2.0.1'}`, {
    command,
    protocol,
  });

/**
 * 2.0.1 EVSE addressing: { id, connectorId? }, or nothing for the whole station. A connector id
 * alone is read the 1.6 way (the connector is the EVSE), so one request works for both versions.
 */
function evseOf(evseId: number | undefined, connectorId: number | undefined) {
  if (evseId) return { evse: { id: evseId, ...(connectorId ? { connectorId } : {}) } };
  return connectorId ? { evse: { id: connectorId } } : {};
}

/** 2.0.1 trigger names differ: diagnostics are "logs" (N01), and there is no DiagnosticsStatusNotification. */
const TRIGGER_201: Record<string, string> = { DiagnosticsStatusNotification: 'LogStatusNotification' };

function ocpp16(command: CommandName, input: Record<string, unknown>): OcppCall {
  switch (command) {
    case 'remote-start': {
      const i = input as CommandInput<'remote-start'>;
      const connectorId = i.connectorId ?? i.evseId;
      return { action: 'RemoteStartTransaction', payload: { idTag: i.idTag, ...(connectorId ? { connectorId } : {}) } };
    }
    case 'remote-stop':
      return {
        action: 'RemoteStopTransaction',
        payload: { transactionId: Number((input as { transactionId: string }).transactionId) },
      };
    case 'reset':
      return { action: 'Reset', payload: { type: (input as CommandInput<'reset'>).type === 'hard' ? 'Hard' : 'Soft' } };
    case 'unlock-connector':
      return { action: 'UnlockConnector', payload: { connectorId: (input as CommandInput<'unlock-connector'>).connectorId } };
    case 'change-availability': {
      const i = input as CommandInput<'change-availability'>;
      return {
        action: 'ChangeAvailability',
        payload: {
          connectorId: i.connectorId ?? i.evseId ?? 0,
          type: i.availability === 'operative' ? 'Operative' : 'Inoperative',
        },
      };
    }
    case 'get-configuration': {
      const keys = (input as CommandInput<'get-configuration'>).keys;
      return { action: 'GetConfiguration', payload: keys?.length ? { key: keys } : {} };
    }
    case 'change-configuration': {
      const i = input as CommandInput<'change-configuration'>;
      return { action: 'ChangeConfiguration', payload: { key: i.key, value: i.value } };
    }
    case 'trigger-message': {
      const i = input as CommandInput<'trigger-message'>;
      if (i.message === 'LogStatusNotification') throw unsupported('trigger-message LogStatusNotification', 'ocpp1.6');
      const connectorId = i.connectorId ?? i.evseId;
      return { action: 'TriggerMessage', payload: { requestedMessage: i.message, ...(connectorId ? { connectorId } : {}) } };
    }
    case 'clear-cache':
      return { action: 'ClearCache', payload: {} };
    case 'set-charging-profile':
      return setChargingProfile16(input as unknown as PreparedProfile);
    case 'clear-charging-profile':
      return clearChargingProfile16(input as CommandInput<'clear-charging-profile'>);
    case 'get-composite-schedule':
      return getCompositeSchedule16(input as CommandInput<'get-composite-schedule'>);
    default:
      throw unsupported(command, 'ocpp1.6');
  }
}

const component = (c: { component: string; variable: string; instance?: string; evseId?: number }) => ({
  component: {
    name: c.component,
    ...(c.instance ? { instance: c.instance } : {}),
    ...(c.evseId ? { evse: { id: c.evseId } } : {}),
  },
  variable: { name: c.variable },
});

function ocpp201(command: CommandName, input: Record<string, unknown>): OcppCall {
  switch (command) {
    case 'remote-start': {
      const i = input as CommandInput<'remote-start'> & { remoteStartId?: number };
      const evseId = i.evseId ?? i.connectorId;
      // F01: remoteStartId lets the station's TransactionEvent be matched to this request (remembered by the caller).
      return {
        action: 'RequestStartTransaction',
        payload: {
          remoteStartId: i.remoteStartId ?? randomInt(1, 2 ** 31 - 1),
          idToken: { idToken: i.idTag, type: 'Central' },
          ...(evseId ? { evseId } : {}),
        },
      };
    }
    case 'remote-stop':
      return { action: 'RequestStopTransaction', payload: { transactionId: (input as { transactionId: string }).transactionId } };
    case 'reset':
      return { action: 'Reset', payload: { type: (input as CommandInput<'reset'>).type === 'hard' ? 'Immediate' : 'OnIdle' } };
    case 'unlock-connector': {
      const i = input as CommandInput<'unlock-connector'>;
      return { action: 'UnlockConnector', payload: { evseId: i.evseId ?? 1, connectorId: i.connectorId } };
    }
    case 'change-availability': {
      const i = input as CommandInput<'change-availability'>;
      return {
        action: 'ChangeAvailability',
        payload: {
          operationalStatus: i.availability === 'operative' ? 'Operative' : 'Inoperative',
          ...evseOf(i.evseId, i.connectorId),
        },
      };
    }
    case 'get-variables':
      return {
        action: 'GetVariables',
        payload: { getVariableData: (input as CommandInput<'get-variables'>).variables.map(component) },
      };
    case 'set-variables':
      return {
        action: 'SetVariables',
        payload: {
          setVariableData: (input as CommandInput<'set-variables'>).variables.map((v) => ({
            ...component(v),
            attributeValue: v.value,
          })),
        },
      };
    case 'trigger-message': {
      const i = input as CommandInput<'trigger-message'>;
      return {
        action: 'TriggerMessage',
        payload: { requestedMessage: TRIGGER_201[i.message] ?? i.message, ...evseOf(i.evseId, i.connectorId) },
      };
    }
    case 'clear-cache':
      return { action: 'ClearCache', payload: {} };
    case 'set-charging-profile':
      return setChargingProfile201(input as unknown as PreparedProfile);
    case 'clear-charging-profile':
      return clearChargingProfile201(input as CommandInput<'clear-charging-profile'>);
    case 'get-composite-schedule':
      return getCompositeSchedule201(input as CommandInput<'get-composite-schedule'>);
    default:
      throw unsupported(command, 'ocpp2.0.1');
  }
}

/** One API command, as the OCPP call of the charger's version. */
export function ocppCallFor(protocol: OcppProtocol, command: CommandName, input: Record<string, unknown>): OcppCall {
  return protocol === 'ocpp1.6' ? ocpp16(command, input) : ocpp201(command, input);
}
