import { Type, type Static } from 'typebox';
import { GATEWAY_KINDS } from '../../db/schema/index.js';
import { Uuid } from '../../http/schemas.js';

/** Empty is as if left out (on a change: keep the stored value). */
const Secret = (description: string) => Type.String({ maxLength: 500, description });

/** Write-only: never in a response. Which fields a gateway needs: docs/payments.md "Gateway configuration". */
const CredentialsInput = Type.Object(
  {
    merchantId: Type.Optional(Secret('CyberSource and Amex (MPGS): the merchant id')),
    keyId: Type.Optional(Secret('CyberSource: the REST shared-secret key id')),
    sharedSecret: Type.Optional(Secret('CyberSource: the shared secret, base64')),
    apiPassword: Type.Optional(Secret('Amex (MPGS): the integration API password')),
    apiKey: Type.Optional(Secret('Dialog Fuel Card: the API key')),
  },
  { additionalProperties: false },
);

const MinorAmount = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Bin = Type.String({ pattern: '^\\d{1,8}$', description: 'leading card digits (BIN), up to 8' });

export const Routing = Type.Object(
  {
    brands: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z][a-z_]{1,19}$', description: 'card brand, lower case: visa, mastercard, amex' }), {
        maxItems: 20,
      }),
    ),
    binRanges: Type.Optional(Type.Array(Type.Object({ from: Bin, to: Bin }, { additionalProperties: false }), { maxItems: 100 })),
    currencies: Type.Optional(Type.Array(Type.String({ maxLength: 3 }), { maxItems: 50 })),
    minAmountMinor: Type.Optional(MinorAmount),
    maxAmountMinor: Type.Optional(MinorAmount),
  },
  { additionalProperties: false, description: 'which payments this configuration takes: every rule given must hold' },
);

const editable = {
  label: Type.String({ minLength: 1, maxLength: 120 }),
  mode: Type.Union([Type.Literal('test'), Type.Literal('live')]),
  enabled: Type.Boolean(),
  baseUrl: Type.Union([Type.String({ maxLength: 500 }), Type.Null()], {
    description: 'http(s) URL of the gateway; required except for manual',
  }),
  credentials: CredentialsInput,
  rateLimitPerSecond: Type.Integer({ minimum: 1, maximum: 1000, description: 'requests per second this server sends' }),
  currencies: Type.Array(Type.String({ maxLength: 3, description: 'ISO 4217 code' }), { maxItems: 50 }),
  routing: Routing,
  priority: Type.Integer({ minimum: 0, maximum: 100_000, description: 'lower goes first' }),
  fallbackConfigId: Type.Union([Uuid, Type.Null()], { description: 'the configuration that takes over when this one fails' }),
};

export const CreateGatewayConfigBody = Type.Object(
  {
    organizationId: Type.Union([Uuid, Type.Null()], { description: 'null: platform-wide' }),
    // A string, not the enum, so an unknown gateway gets GATEWAY_UNKNOWN rather than a schema error.
    gateway: Type.String({ maxLength: 40, description: GATEWAY_KINDS.join(' | ') }),
    label: editable.label,
    mode: Type.Optional(editable.mode),
    enabled: Type.Optional(editable.enabled),
    baseUrl: Type.Optional(editable.baseUrl),
    credentials: Type.Optional(editable.credentials),
    rateLimitPerSecond: Type.Optional(editable.rateLimitPerSecond),
    currencies: Type.Optional(editable.currencies),
    routing: Type.Optional(editable.routing),
    priority: Type.Optional(editable.priority),
    fallbackConfigId: Type.Optional(editable.fallbackConfigId),
  },
  { additionalProperties: false },
);

/** The organization and the gateway are fixed at creation; omitted credential fields keep their stored values. */
export const UpdateGatewayConfigBody = Type.Partial(Type.Object(editable), { additionalProperties: false });

export const GatewayConfigBody = Type.Object({
  id: Uuid,
  organizationId: Type.Union([Uuid, Type.Null()]),
  organizationName: Type.Union([Type.String(), Type.Null()]),
  gateway: Type.Enum([...GATEWAY_KINDS]),
  label: Type.String(),
  mode: editable.mode,
  enabled: Type.Boolean(),
  baseUrl: Type.Union([Type.String(), Type.Null()]),
  /** e.g. { merchantId: "lan…01", sharedSecret: "••••" }; the credentials themselves are never returned. */
  credentialsMasked: Type.Record(Type.String(), Type.String()),
  rateLimitPerSecond: Type.Integer(),
  currencies: Type.Array(Type.String()),
  routing: Routing,
  priority: Type.Integer(),
  fallbackConfigId: Type.Union([Uuid, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const GatewayConfigListQuery = Type.Object(
  {
    organizationId: Type.Optional(Uuid),
    gateway: Type.Optional(Type.Enum([...GATEWAY_KINDS])),
  },
  { additionalProperties: false },
);

export type CreateGatewayConfig = Static<typeof CreateGatewayConfigBody>;
export type UpdateGatewayConfig = Static<typeof UpdateGatewayConfigBody>;
export type RoutingInput = Static<typeof Routing>;
