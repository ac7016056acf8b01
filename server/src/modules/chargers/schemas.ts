import { Type, type Static, type TSchema } from 'typebox';
import { MAX_CHARGER_PASSWORD_LENGTH, MIN_CHARGER_PASSWORD_LENGTH } from '../../auth/charger-passwords.js';
import { Decimal, PageQuery, Rate, Uuid } from '../../http/schemas.js';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The identity is the last segment of the charger's WebSocket URL, so only URL-safe characters. */
const OcppIdentity = Type.String({
  pattern: '^[A-Za-z0-9._:-]{1,48}$',
  description: '1–48 characters: letters, digits, . _ : -',
});
const AdminStatus = Type.Union([Type.Literal('active'), Type.Literal('inactive'), Type.Literal('maintenance')]);
const ConnectorType = Type.Union([
  Type.Literal('Type2'),
  Type.Literal('CCS2'),
  Type.Literal('CHAdeMO'),
  Type.Literal('Type1'),
  Type.Literal('CCS1'),
  Type.Literal('GBT'),
  Type.Literal('Schuko'),
]);
/** numeric(10,3) in the database. */
const MaxPowerKw = Decimal('maximum power in kW, more than 0', '^\\d{1,7}(\\.\\d{1,3})?$');

export const ConnectorInput = Type.Object(
  {
    connectorId: Type.Integer({ minimum: 1, maximum: 99, description: 'OCPP connector id, from 1' }),
    evseId: Type.Optional(Type.Integer({ minimum: 1, maximum: 99, description: 'OCPP 2.0.1 EVSE id; 1 when omitted' })),
    type: ConnectorType,
    maxPowerKw: MaxPowerKw,
  },
  { additionalProperties: false },
);
const Connectors = Type.Array(ConnectorInput, { maxItems: 32 });

const editable = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  siteId: Uuid,
  vendor: nullable(Type.String({ maxLength: 100 })),
  model: nullable(Type.String({ maxLength: 100 })),
  serialNumber: nullable(Type.String({ maxLength: 100 })),
  firmwareVersion: nullable(Type.String({ maxLength: 100 })),
  connectors: Connectors,
};

export const CreateChargerBody = Type.Object(
  {
    ...Type.Partial(Type.Object(editable)).properties,
    organizationId: Uuid,
    siteId: editable.siteId,
    ocppIdentity: OcppIdentity,
    name: editable.name,
  },
  { additionalProperties: false },
);

/** `connectors` replaces the whole list; connectors keep their ids when their connectorId stays. */
export const UpdateChargerBody = Type.Partial(Type.Object(editable, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});

export const VisibilityBody = Type.Object({ visible: Type.Boolean() }, { additionalProperties: false });
export const AdminStatusBody = Type.Object({ adminStatus: AdminStatus }, { additionalProperties: false });
export const LocationOwnerBody = Type.Object(
  {
    userId: nullable(Uuid),
    share: Type.Optional(nullable(Rate("the location owner's share as a fraction, 0.15 = 15 %; required with a user"))),
  },
  { additionalProperties: false },
);
/** OCPP security profile 1 (basic auth): OCPP 2.0.1's BasicAuthPassword is 16 to 40 characters. */
export const OcppPasswordBody = Type.Object(
  { password: Type.String({ minLength: MIN_CHARGER_PASSWORD_LENGTH, maxLength: MAX_CHARGER_PASSWORD_LENGTH }) },
  { additionalProperties: false },
);

const ConnectorBody = Type.Object({
  id: Type.String(),
  connectorId: Type.Integer(),
  evseId: Type.Integer(),
  type: ConnectorType,
  maxPowerKw: Type.String(),
});

export const ChargerBody = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  organizationName: Type.String(),
  siteId: Type.String(),
  siteName: Type.String(),
  ocppIdentity: Type.String(),
  name: Type.String(),
  vendor: nullable(Type.String()),
  model: nullable(Type.String()),
  serialNumber: nullable(Type.String()),
  firmwareVersion: nullable(Type.String()),
  adminStatus: AdminStatus,
  visible: Type.Boolean(),
  hasOcppPassword: Type.Boolean(),
  locationOwner: nullable(Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() })),
  locationOwnerShare: nullable(Type.String()),
  retiredAt: nullable(Type.String({ format: 'date-time' })),
  connectors: Type.Array(ConnectorBody),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ChargerListQuery = Type.Object(
  {
    ...PageQuery,
    organizationId: Type.Optional(Uuid),
    siteId: Type.Optional(Uuid),
    adminStatus: Type.Optional(AdminStatus),
    visible: Type.Optional(Type.Boolean()),
    includeRetired: Type.Optional(Type.Boolean({ default: false, description: 'also list retired chargers' })),
    sort: Type.Optional(
      Type.Union([
        Type.Literal('name'),
        Type.Literal('ocppIdentity'),
        Type.Literal('adminStatus'),
        Type.Literal('createdAt'),
        Type.Literal('site'),
        Type.Literal('organization'),
        Type.Literal('visible'),
      ]),
    ),
  },
  { additionalProperties: false },
);

export type ConnectorList = Static<typeof Connectors>;
export type CreateCharger = Static<typeof CreateChargerBody>;
export type UpdateCharger = Static<typeof UpdateChargerBody>;
export type ChargerListFilter = Static<typeof ChargerListQuery>;
export type AdminStatusValue = Static<typeof AdminStatus>;
export type LocationOwnerAssignment = Static<typeof LocationOwnerBody>;

export const LocationOwnerCandidate = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  organizationId: Type.Union([Type.String(), Type.Null()]),
});
