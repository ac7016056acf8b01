import { api } from './client';

/** Remote commands (docs/ocpp.md "Remote commands"); bodies as in server/src/modules/charging/command-schemas.ts. */
export interface CommandBodies {
  'remote-start': { idTag: string; connectorId?: number };
  'remote-stop': { sessionId: string };
  reset: { type: 'soft' | 'hard' };
  'unlock-connector': { connectorId: number };
  'change-availability': { availability: 'operative' | 'inoperative'; connectorId?: number };
  'get-configuration': { keys?: string[] };
  'trigger-message': { message: 'StatusNotification' | 'Heartbeat' | 'MeterValues' | 'BootNotification'; connectorId?: number };
  'clear-cache': Record<string, never>;
}
export type CommandName = keyof CommandBodies;

export interface CommandResult {
  command: string;
  protocol: string;
  /** the OCPP action sent */
  action: string;
  /** the charger's answer, as it sent it */
  response: unknown;
}

export const sendCommand = <C extends CommandName>(chargerId: string, command: C, body: CommandBodies[C]) =>
  api.post<CommandResult>(`/chargers/${chargerId}/commands/${command}`, body);
