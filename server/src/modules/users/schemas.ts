import { Type, type Static } from 'typebox';
import { BUILT_IN_ROLES } from '../../domain/permissions.js';
import { PageQuery, Uuid } from '../../http/schemas.js';

export const RoleKeyEnum = Type.Enum([...BUILT_IN_ROLES, 'custom']);
const Password = Type.String({ minLength: 1, maxLength: 200, description: '10 to 72 characters' });

const editable = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  phone: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
  role: RoleKeyEnum,
  organizationId: Type.Union([Uuid, Type.Null()], {
    description:
      'required for cpo, location_owner, driver and custom; null for platform roles (admin, technical, accounts, network_manager)',
  }),
  customRoleId: Type.Union([Uuid, Type.Null()], {
    description: 'required with role "custom": a custom role of the same organization',
  }),
  organizationRestriction: Type.Union([Type.Array(Uuid, { minItems: 1, maxItems: 500, uniqueItems: true }), Type.Null()], {
    description: 'platform roles only: the organizations the user is limited to; null for all',
  }),
};

export const CreateUserBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: editable.name,
    role: editable.role,
    password: Password,
    organizationId: Type.Optional(editable.organizationId),
    customRoleId: Type.Optional(editable.customRoleId),
    organizationRestriction: Type.Optional(editable.organizationRestriction),
    phone: Type.Optional(editable.phone),
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Partial(Type.Object(editable), { additionalProperties: false, minProperties: 1 });

export const ResetPasswordBody = Type.Object({ password: Password }, { additionalProperties: false });

export const UserBody = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: RoleKeyEnum,
  roleName: Type.String({ description: 'the built-in role name, or the custom role name' }),
  customRoleId: Type.Union([Type.String(), Type.Null()]),
  organizationId: Type.Union([Type.String(), Type.Null()]),
  organizationName: Type.Union([Type.String(), Type.Null()]),
  organizationRestriction: Type.Union([Type.Array(Type.String()), Type.Null()]),
  disabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  phone: Type.Union([Type.String(), Type.Null()]),
  lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const UserListQuery = Type.Object(
  {
    ...PageQuery,
    organizationId: Type.Optional(Uuid),
    role: Type.Optional(RoleKeyEnum),
    customRoleId: Type.Optional(Uuid),
    disabled: Type.Optional(Type.Boolean()),
    sort: Type.Optional(
      Type.Union([Type.Literal('name'), Type.Literal('email'), Type.Literal('role'), Type.Literal('createdAt')]),
    ),
  },
  { additionalProperties: false },
);

export type CreateUser = Static<typeof CreateUserBody>;
export type UpdateUser = Static<typeof UpdateUserBody>;
export type UserListFilter = Static<typeof UserListQuery>;
export type UserPresented = Static<typeof UserBody>;
