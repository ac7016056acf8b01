import { Type, type Static, type TSchema } from 'typebox';
import { Uuid } from '../../http/schemas.js';

/** Remote commands in one vocabulary; ocpp/commands.ts maps each to the charger's OCPP version. */
const strict = <T extends Record<string, TSchema>>(properties: T) => Type.Object(properties, { additionalProperties: false });
const ConnectorNo = Type.Integer({
  minimum: 0,
  maximum: 99,
  description: 'OCPP connector id (1.6), or connector on the EVSE (2.0.1); 0 = the whole charger',
});
const EvseNo = Type.Integer({
  minimum: 0,
  maximum: 99,
  description: 'OCPP 2.0.1 EVSE id; for 1.6 chargers the connector id is used',
});
const Token = Type.String({
  minLength: 1,
  maxLength: 20,
  description: 'an ID token of the charger’s organization (OCPP 1.6 idTag: at most 20 characters)',
});
const Component = strict({
  component: Type.String({ minLength: 1, maxLength: 50 }),
  variable: Type.String({ minLength: 1, maxLength: 50 }),
  instance: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  evseId: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
});
const TriggerableMessage = Type.Union(
  [
    'BootNotification',
    'Heartbeat',
    'StatusNotification',
    'MeterValues',
    'FirmwareStatusNotification',
    'DiagnosticsStatusNotification',
    'LogStatusNotification',
  ].map((m) => Type.Literal(m)),
);

const Connector = {
  connectorId: Type.Optional(ConnectorNo),
  evseId: Type.Optional(EvseNo),
};
const ProfilePurpose = Type.Union([Type.Literal('tx'), Type.Literal('tx-default'), Type.Literal('charger-max')], {
  description:
    'tx: the session running on the connector (TxProfile); tx-default: every new session on the connector, or all with 0 (TxDefaultProfile); ' +
    'charger-max: the whole charger (1.6 ChargePointMaxProfile, 2.0.1 ChargingStationMaxProfile)',
});
const LimitUnit = Type.Union([Type.Literal('kW'), Type.Literal('A')], {
  description: 'kW is sent as W; A is per phase, with one decimal',
});

export const COMMAND_BODIES = {
  'remote-start': strict({ idTag: Token, connectorId: Type.Optional(ConnectorNo), evseId: Type.Optional(EvseNo) }),
  'remote-stop': strict({ sessionId: Uuid }),
  reset: strict({
    type: Type.Union([Type.Literal('soft'), Type.Literal('hard')], { description: '2.0.1: soft = OnIdle, hard = Immediate' }),
  }),
  'unlock-connector': strict({ connectorId: Type.Integer({ minimum: 1, maximum: 99 }), evseId: Type.Optional(EvseNo) }),
  'change-availability': strict({
    availability: Type.Union([Type.Literal('operative'), Type.Literal('inoperative')]),
    connectorId: Type.Optional(ConnectorNo),
    evseId: Type.Optional(EvseNo),
  }),
  'get-configuration': strict({
    keys: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 100 })),
  }),
  'change-configuration': strict({ key: Type.String({ minLength: 1, maxLength: 50 }), value: Type.String({ maxLength: 500 }) }),
  'get-variables': strict({ variables: Type.Array(Component, { minItems: 1, maxItems: 50 }) }),
  'set-variables': strict({
    variables: Type.Array(strict({ ...Component.properties, value: Type.String({ maxLength: 1000 }) }), {
      minItems: 1,
      maxItems: 50,
    }),
  }),
  'trigger-message': strict({
    message: TriggerableMessage,
    connectorId: Type.Optional(ConnectorNo),
    evseId: Type.Optional(EvseNo),
  }),
  'clear-cache': strict({}),
  'set-charging-profile': strict({
    purpose: ProfilePurpose,
    // Ranges are checked by the service, so a wrong limit gets CHARGING_PROFILE_INVALID (422) with the field.
    limit: Type.Number({ description: 'the power (kW) or current per phase (A) not to exceed; positive, at most 1000' }),
    unit: LimitUnit,
    ...Connector,
    durationSeconds: Type.Optional(
      Type.Integer({ description: 'how long the limit holds (60 s to 7 days); without it, until cleared or replaced' }),
    ),
    stackLevel: Type.Optional(Type.Integer({ description: 'OCPP stack level, 0–10; default 1 (0 is kept for load management)' })),
  }),
  'clear-charging-profile': strict({
    purpose: Type.Optional(ProfilePurpose),
    ...Connector,
  }),
  'get-composite-schedule': strict({
    ...Connector,
    durationSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 86_400, description: 'default 3600' })),
    unit: Type.Optional(LimitUnit),
  }),
} as const;

export type CommandName = keyof typeof COMMAND_BODIES;
export type CommandInput<C extends CommandName> = Static<(typeof COMMAND_BODIES)[C]>;
export const COMMAND_NAMES = Object.keys(COMMAND_BODIES) as CommandName[];

export const COMMAND_SUMMARIES: Record<CommandName, string> = {
  'remote-start': 'Start charging remotely (1.6 RemoteStartTransaction, 2.0.1 RequestStartTransaction)',
  'remote-stop': 'Stop a session remotely (1.6 RemoteStopTransaction, 2.0.1 RequestStopTransaction)',
  reset: 'Reboot the charger, soft or hard (Reset)',
  'unlock-connector': 'Release the cable lock of a connector (UnlockConnector)',
  'change-availability': 'Set the charger or a connector Operative / Inoperative (ChangeAvailability)',
  'get-configuration': 'Read configuration keys (1.6 GetConfiguration)',
  'change-configuration': 'Change one configuration key (1.6 ChangeConfiguration)',
  'get-variables': 'Read device-model variables (2.0.1 GetVariables)',
  'set-variables': 'Change device-model variables (2.0.1 SetVariables)',
  'trigger-message': 'Ask the charger to send a message now (TriggerMessage)',
  'clear-cache': 'Clear the charger’s authorization cache (ClearCache)',
  'set-charging-profile': 'Limit a session, a connector or the whole charger (SetChargingProfile)',
  'clear-charging-profile': 'Remove the limits set from here, by purpose and connector (ClearChargingProfile)',
  'get-composite-schedule': 'Read the limit the charger will apply, all profiles combined (GetCompositeSchedule)',
};

export const CommandResultBody = Type.Object({
  command: Type.String(),
  protocol: Type.String(),
  action: Type.String({ description: 'the OCPP action sent' }),
  response: Type.Unknown({ description: 'the charger’s answer, as it sent it' }),
});

export const CommandParams = Type.Object({ id: Uuid }, { additionalProperties: false });
