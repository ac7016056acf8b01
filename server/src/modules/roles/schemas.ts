import { Type, type Static } from 'typebox';
import { BUILT_IN_ROLES, PERMISSIONS } from '../../domain/permissions.js';
import { Uuid } from '../../http/schemas.js';

export const PermissionKey = Type.Enum(PERMISSIONS);
const BuiltInKey = Type.Enum(BUILT_IN_ROLES);

export const BuiltInRoleBody = Type.Object({
  builtIn: Type.Literal(true),
  key: BuiltInKey,
  name: Type.String(),
  description: Type.String(),
  scope: Type.Enum(['platform', 'organization', 'assigned-chargers', 'self'], { description: 'how far the role reaches' }),
  permissions: Type.Array(PermissionKey),
  assignable: Type.Boolean({ description: 'whether the caller may give this role to a user' }),
});

export const CustomRoleBody = Type.Object({
  builtIn: Type.Literal(false),
  key: Type.Literal('custom', { description: 'the `role` to send with `customRoleId` when creating a user' }),
  id: Type.String(),
  organizationId: Type.String(),
  organizationName: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  scope: Type.Enum(['organization', 'sites'], { description: 'the whole organization tree, or only the chosen sites' }),
  permissions: Type.Array(PermissionKey),
  siteIds: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null: the whole organization tree' }),
  userCount: Type.Integer(),
  assignable: Type.Boolean({ description: 'whether the caller may give this role to a user' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const RoleBody = Type.Union([BuiltInRoleBody, CustomRoleBody]);

export const RoleListQuery = Type.Object({ organizationId: Type.Optional(Uuid) }, { additionalProperties: false });

/** A custom role's id, or a built-in role's key (readable, never writable). */
export const RoleParams = Type.Object({ id: Type.Union([Uuid, BuiltInKey]) }, { additionalProperties: false });

const editable = {
  name: Type.String({ minLength: 1, maxLength: 80 }),
  description: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  permissions: Type.Array(PermissionKey, { maxItems: PERMISSIONS.length, uniqueItems: true }),
  siteIds: Type.Union([Type.Array(Uuid, { minItems: 1, maxItems: 500, uniqueItems: true }), Type.Null()], {
    description: 'limit the role to these sites of its organization; null or absent: the whole organization tree',
  }),
};

export const CreateRoleBody = Type.Object(
  {
    organizationId: Uuid,
    name: editable.name,
    permissions: editable.permissions,
    description: Type.Optional(editable.description),
    siteIds: Type.Optional(editable.siteIds),
  },
  { additionalProperties: false },
);
export const UpdateRoleBody = Type.Partial(Type.Object(editable), { additionalProperties: false, minProperties: 1 });

export const PermissionBody = Type.Object({
  key: PermissionKey,
  area: Type.String({ description: 'the group it is listed under, e.g. "Chargers"' }),
  name: Type.String({ description: 'its name in words, e.g. "Assign location owners"' }),
  description: Type.String({ description: 'one line on what it allows' }),
  held: Type.Boolean({ description: 'the caller has this permission' }),
  grantable: Type.Boolean({ description: 'the caller may put this permission in a custom role' }),
});

export type BuiltInRolePresented = Static<typeof BuiltInRoleBody>;
export type CustomRolePresented = Static<typeof CustomRoleBody>;
export type RoleListFilter = Static<typeof RoleListQuery>;
export type CreateRole = Static<typeof CreateRoleBody>;
export type UpdateRole = Static<typeof UpdateRoleBody>;
