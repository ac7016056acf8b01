import { Type, type Static } from 'typebox';
import { PageQuery, Uuid } from '../../http/schemas.js';
import { Gateway } from '../payment-methods/schemas.js';

const nullableText = (options: { maxLength: number; description?: string }) => Type.Union([Type.String(options), Type.Null()]);
const Kind = Type.Union([Type.Literal('rfid'), Type.Literal('app'), Type.Literal('vehicle')], {
  description: 'RFID card, app token, or fleet-vehicle token',
});
const Status = Type.Union([Type.Literal('active'), Type.Literal('blocked')]);

const editable = {
  label: nullableText({ maxLength: 120 }),
  userId: Type.Union([Uuid, Type.Null()], { description: 'the driver the token belongs to' }),
  vehicleRef: nullableText({ maxLength: 60, description: 'fleet vehicle: plate or fleet number' }),
  tokenGroup: nullableText({
    maxLength: 120,
    description: 'a free label grouping tokens (a fleet, a department); messages to drivers can address a group',
  }),
  status: Status,
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
};

export const CreateIdTokenBody = Type.Object(
  {
    ...Type.Partial(Type.Object(editable)).properties,
    organizationId: Uuid,
    /** OCPP 1.6 idTag is at most 20 characters (2.0.1 allows 36); printable, no spaces. */
    token: Type.String({
      pattern: '^[\\x21-\\x7E]{1,20}$',
      description: 'the idTag / idToken value, matched case-insensitively',
    }),
    kind: Kind,
  },
  { additionalProperties: false },
);

export const UpdateIdTokenBody = Type.Partial(Type.Object(editable, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});

export const IdTokenBody = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  token: Type.String(),
  kind: Kind,
  ...editable,
  userName: Type.Union([Type.String(), Type.Null()], { description: 'the name of the driver the token belongs to' }),
  paymentGateway: Type.Union([Gateway, Type.Null()], { description: "the token's own payment method; null when none is set" }),
  /** What a session with this token is settled with: the token's own method, else its driver's, else manual. */
  effectiveGateway: Gateway,
  paymentSource: Type.Union([Type.Literal('id_token'), Type.Literal('user'), Type.Literal('default')]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const IdTokenListQuery = Type.Object(
  {
    ...PageQuery,
    organizationId: Type.Optional(Uuid),
    status: Type.Optional(Status),
    kind: Type.Optional(Kind),
  },
  { additionalProperties: false },
);

export type CreateIdToken = Static<typeof CreateIdTokenBody>;
export type UpdateIdToken = Static<typeof UpdateIdTokenBody>;
export type IdTokenFilter = Static<typeof IdTokenListQuery>;
