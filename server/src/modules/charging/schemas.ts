import { Type, type Static } from 'typebox';
import { MAX_CHARGER_PASSWORD_LENGTH, MIN_CHARGER_PASSWORD_LENGTH } from '../../auth/charger-passwords.js';
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

export const RejectedChargerBody = Type.Object({
  id: Type.String(),
  ocppIdentity: Type.String(),
  protocol: NullableText,
  vendor: NullableText,
  model: NullableText,
  remoteAddress: NullableText,
  firstSeenAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time', description: 'last seen while it was unclaimed' }),
  rejectedAt: Type.String({ format: 'date-time' }),
});

export const ClaimBody = Type.Object(
  {
    organizationId: Uuid,
    siteId: Uuid,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    /** OCPP 2.0.1's BasicAuthPassword is 16 to 40 characters. */
    ocppPassword: Type.Optional(Type.String({ minLength: MIN_CHARGER_PASSWORD_LENGTH, maxLength: MAX_CHARGER_PASSWORD_LENGTH })),
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

export const AuthFailureQuery = Type.Object(
  { sinceHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24, default: 24, description: 'how far back; kept a day' })) },
  { additionalProperties: false },
);

const RefusalReason = Type.Union([
  Type.Literal('unknown_identity'),
  Type.Literal('bad_password'),
  Type.Literal('no_password'),
  Type.Literal('rejected'),
]);

export const AuthFailureGroupBody = Type.Object({
  identity: Type.String({ description: 'the identity as presented (the last path segment)' }),
  remoteAddress: Type.String(),
  count: Type.Integer(),
  firstAt: Type.String({ format: 'date-time' }),
  lastAt: Type.String({ format: 'date-time' }),
  reasons: Type.Array(RefusalReason),
  lastReason: RefusalReason,
  knownCharger: Type.Boolean({ description: 'the identity is a registered charger' }),
  chargerId: NullableText,
  chargerName: NullableText,
  lockedOut: Type.Boolean({ description: 'refused with 429 now, before any password check, until failures age out' }),
});
export type AuthFailureGroup = Static<typeof AuthFailureGroupBody>;
