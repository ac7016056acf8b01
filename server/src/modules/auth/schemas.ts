import { Type } from 'typebox';
import { PERMISSIONS } from '../../domain/permissions.js';

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const MeBody = Type.Object({
  user: Type.Object({
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: Type.String(),
    roleName: Type.String(),
    organizationId: Type.Union([Type.String(), Type.Null()]),
    mustChangePassword: Type.Boolean(),
    phone: Type.Union([Type.String(), Type.Null()]),
  }),
  scope: Type.Object({
    kind: Type.String(),
    organizationIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
    siteIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
    chargerIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
  }),
  permissions: Type.Array(Type.Enum(PERMISSIONS), { description: 'computed permissions, see the permission table' }),
});

export const LoginReply = Type.Object({
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: 'seconds until the access token expires' }),
  me: MeBody,
});

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const UpdateProfileBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
  },
  { additionalProperties: false },
);
