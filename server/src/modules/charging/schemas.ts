import { Type, type Static } from 'typebox';
import { Uuid } from '../../http/schemas.js';

const NullableText = Type.Union([Type.String(), Type.Null()]);

export const UnclaimedChargerBody = Type.Object({
  id: Type.String(),
  ocppIdentity: Type.String(),
  protocol: NullableText,
  vendor: NullableText,
  model: NullableText,
  serialNumber: NullableText,
  firmwareVersion: NullableText,
  remoteAddress: NullableText,
  presentedPassword: Type.Boolean({
    description: 'it sent a password, which the claimed charger keeps unless a new one is given',
  }),
  bootCount: Type.Integer(),
  firstSeenAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
});

export const ClaimBody = Type.Object(
  {
    organizationId: Uuid,
    siteId: Uuid,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    /** OCPP 2.0.1 caps BasicAuthPassword at 40 characters. */
    ocppPassword: Type.Optional(Type.String({ minLength: 12, maxLength: 40 })),
  },
  { additionalProperties: false },
);

export const ClaimedBody = Type.Object({
  id: Type.String(),
  ocppIdentity: Type.String(),
  name: Type.String(),
  organizationId: Type.String(),
  siteId: Type.String(),
});

export type Claim = Static<typeof ClaimBody>;
