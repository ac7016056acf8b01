import { Type, type Static } from 'typebox';
import { Decimal, NonNegativeDecimal, PageQuery, Rate, Uuid } from '../../http/schemas.js';
import { Gateway } from '../payment-methods/schemas.js';

export const Tax = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40 }),
    rate: Rate('exact decimal fraction, 0.18 = 18 %'),
    compound: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const GatewayCharge = Type.Object(
  {
    gateway: Gateway,
    percent: Rate('fraction of gross, 0.025 = 2.5 %'),
    fixed: Type.Integer({ minimum: 0, description: 'fixed fee per payment in minor units' }),
  },
  { additionalProperties: false },
);

const editable = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  parentId: Type.Union([Uuid, Type.Null()]),
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' }),
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone' }),
  addressLine: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  city: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
  country: Type.Union([Type.String({ pattern: '^[A-Z]{2}$' }), Type.Null()]),
  taxId: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
  contactEmail: Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()]),
  billingCycle: Type.Union([Type.Literal('weekly'), Type.Literal('monthly'), Type.Literal('quarterly')]),
  billingDay: Type.Integer({ minimum: 1, maximum: 28 }),
  paymentTermsDays: Type.Integer({ minimum: 0, maximum: 365 }),
  taxes: Type.Array(Tax, { maxItems: 10 }),
  energyCostPerKwh: NonNegativeDecimal('what the organization pays its utility per kWh, major units'),
  gatewayCharges: Type.Array(GatewayCharge, { maxItems: 5 }),
  gatewayFeeBearer: Type.Union([Type.Literal('organization'), Type.Literal('platform')]),
};

export const CreateOrganizationBody = Type.Object(
  {
    ...Type.Partial(Type.Object(editable)).properties,
    name: editable.name,
    currency: editable.currency,
    timeZone: editable.timeZone,
  },
  { additionalProperties: false },
);
export const UpdateOrganizationBody = Type.Partial(Type.Object(editable, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});

export const OrganizationBody = Type.Object({
  id: Type.String(),
  ...editable,
  hasLogo: Type.Boolean(),
  logoUrl: Type.Union([Type.String(), Type.Null()]),
  siteCount: Type.Integer(),
  chargerCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const OrganizationListQuery = Type.Object(
  {
    ...PageQuery,
    parentId: Type.Optional(Uuid),
    sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('createdAt'), Type.Literal('currency')])),
  },
  { additionalProperties: false },
);

const contractFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  kind: Type.Union([Type.Literal('percent_of_net'), Type.Literal('per_kwh'), Type.Literal('kwh_tiers')]),
  percent: Type.Union([Rate('fraction of net'), Type.Null()]),
  perKwh: Type.Union([Decimal('rate per kWh, major units'), Type.Null()]),
  tiers: Type.Union([
    Type.Array(
      Type.Object(
        { fromKwh: NonNegativeDecimal('tier starts at this kWh in the billing period'), percent: Rate('fraction of net') },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
    Type.Null(),
  ]),
  effectiveFrom: Type.String({ format: 'date' }),
  effectiveTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  renewalNoticeDays: Type.Integer({ minimum: 0, maximum: 365 }),
};
export const CreateContractBody = Type.Object(
  {
    name: contractFields.name,
    kind: contractFields.kind,
    effectiveFrom: contractFields.effectiveFrom,
    percent: Type.Optional(contractFields.percent),
    perKwh: Type.Optional(contractFields.perKwh),
    tiers: Type.Optional(contractFields.tiers),
    effectiveTo: Type.Optional(contractFields.effectiveTo),
    renewalNoticeDays: Type.Optional(contractFields.renewalNoticeDays),
  },
  { additionalProperties: false },
);
export const UpdateContractBody = Type.Partial(Type.Object(contractFields), { additionalProperties: false, minProperties: 1 });
export const ContractBody = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  ...contractFields,
  createdAt: Type.String(),
});
export const ContractParams = Type.Object({ id: Uuid, contractId: Uuid }, { additionalProperties: false });

export type CreateOrganization = Static<typeof CreateOrganizationBody>;
export type UpdateOrganization = Static<typeof UpdateOrganizationBody>;
export type OrganizationListFilter = Static<typeof OrganizationListQuery>;
export type CreateContract = Static<typeof CreateContractBody>;
export type UpdateContract = Static<typeof UpdateContractBody>;
