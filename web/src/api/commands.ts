import { api } from './client';
import type { RequestBody, ResponseBody } from './contract';

/** Remote commands (docs/ocpp.md "Remote commands"); bodies as in server/src/modules/charging/command-schemas.ts. */
export interface CommandBodies {
  'remote-start': RequestBody<'/api/v1/chargers/{id}/commands/remote-start', 'post'>;
  'remote-stop': RequestBody<'/api/v1/chargers/{id}/commands/remote-stop', 'post'>;
  reset: RequestBody<'/api/v1/chargers/{id}/commands/reset', 'post'>;
  'unlock-connector': RequestBody<'/api/v1/chargers/{id}/commands/unlock-connector', 'post'>;
  'change-availability': RequestBody<'/api/v1/chargers/{id}/commands/change-availability', 'post'>;
  'get-configuration': RequestBody<'/api/v1/chargers/{id}/commands/get-configuration', 'post'>;
  'change-configuration': RequestBody<'/api/v1/chargers/{id}/commands/change-configuration', 'post'>;
  'get-variables': RequestBody<'/api/v1/chargers/{id}/commands/get-variables', 'post'>;
  'set-variables': RequestBody<'/api/v1/chargers/{id}/commands/set-variables', 'post'>;
  'trigger-message': RequestBody<'/api/v1/chargers/{id}/commands/trigger-message', 'post'>;
  'clear-cache': RequestBody<'/api/v1/chargers/{id}/commands/clear-cache', 'post'>;
  'set-charging-profile': RequestBody<'/api/v1/chargers/{id}/commands/set-charging-profile', 'post'>;
  'clear-charging-profile': RequestBody<'/api/v1/chargers/{id}/commands/clear-charging-profile', 'post'>;
  'get-composite-schedule': RequestBody<'/api/v1/chargers/{id}/commands/get-composite-schedule', 'post'>;
}
export type CommandName = keyof CommandBodies;

/** What the charger answered: the OCPP action sent and its reply as the charger sent it. */
export type CommandResult = ResponseBody<'/api/v1/chargers/{id}/commands/reset', 'post'>;

export const sendCommand = <C extends CommandName>(chargerId: string, command: C, body: CommandBodies[C]) =>
  api.post<CommandResult>(`/chargers/${chargerId}/commands/${command}`, body);
