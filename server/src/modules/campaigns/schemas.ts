import { Type, type Static } from 'typebox';
import { PageQuery, Uuid } from '../../http/schemas.js';

const Instant = Type.String({ format: 'date-time' });
/** Checked in the service, so an out-of-range value gets CAMPAIGN_INVALID rather than a pattern error. */
const Percent = Type.String({ maxLength: 20, description: 'exact decimal fraction in (0, 1]: 0.1 is 10 % off' });
const FixedMinor = Type.Integer({ description: 'amount off in minor units of the organization’s currency; > 0' });

const editable = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  siteId: Type.Union([Uuid, Type.Null()], { description: 'null: every site of the organization' }),
  kind: Type.Union([Type.Literal('percent'), Type.Literal('fixed')]),
  percent: Type.Union([Percent, Type.Null()]),
  fixedMinor: Type.Union([FixedMinor, Type.Null()]),
  validFrom: Instant,
  validTo: Type.Union([Instant, Type.Null()], { description: 'exclusive; null = open-ended' }),
};

export const CreateCampaignBody = Type.Object(
  {
    organizationId: Uuid,
    name: editable.name,
    kind: editable.kind,
    validFrom: editable.validFrom,
    siteId: Type.Optional(editable.siteId),
    percent: Type.Optional(editable.percent),
    fixedMinor: Type.Optional(editable.fixedMinor),
    validTo: Type.Optional(editable.validTo),
  },
  { additionalProperties: false },
);
export const UpdateCampaignBody = Type.Partial(Type.Object(editable), { additionalProperties: false, minProperties: 1 });

export const CampaignBody = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  ...editable,
  createdAt: Instant,
});

export const CampaignListQuery = Type.Object(
  {
    ...PageQuery,
    organizationId: Type.Optional(Uuid),
    siteId: Type.Optional(Uuid),
    activeAt: Type.Optional(Instant),
    sort: Type.Optional(Type.Union([Type.Literal('validFrom'), Type.Literal('name')])),
  },
  { additionalProperties: false },
);

export type CreateCampaign = Static<typeof CreateCampaignBody>;
export type UpdateCampaign = Static<typeof UpdateCampaignBody>;
export type CampaignListFilter = Static<typeof CampaignListQuery>;
