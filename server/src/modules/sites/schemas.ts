import { Type, type Static, type TSchema } from 'typebox';
import { Decimal, PageQuery, Uuid } from '../../http/schemas.js';

/** Shapes match the columns: numeric(9,6) for coordinates, numeric(12,3) for the grid limit. */
const Coordinate = (description: string) => Decimal(description, '^-?\\d{1,3}(\\.\\d{1,6})?$');
const GridLimit = Decimal('grid connection limit in kW, at least 0', '^\\d{1,9}(\\.\\d{1,3})?$');
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const editable = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  addressLine: nullable(Type.String({ maxLength: 200 })),
  city: nullable(Type.String({ maxLength: 100 })),
  country: nullable(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code' })),
  latitude: nullable(Coordinate('decimal degrees, -90 to 90')),
  longitude: nullable(Coordinate('decimal degrees, -180 to 180')),
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone' }),
  gridLimitKw: nullable(GridLimit),
};

export const CreateSiteBody = Type.Object(
  {
    ...Type.Partial(Type.Object(editable)).properties,
    organizationId: Uuid,
    name: editable.name,
    timeZone: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone; defaults to the organization's" }),
    ),
  },
  { additionalProperties: false },
);

/** The organization of a site is fixed: its chargers carry the same organization. */
export const UpdateSiteBody = Type.Partial(Type.Object(editable, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});

export const SiteBody = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  organizationName: Type.String(),
  ...editable,
  chargerCount: Type.Integer({ description: 'chargers in service at this site that the caller can see' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const SiteListQuery = Type.Object(
  {
    ...PageQuery,
    organizationId: Type.Optional(Uuid),
    sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('city'), Type.Literal('createdAt')])),
  },
  { additionalProperties: false },
);

export type CreateSite = Static<typeof CreateSiteBody>;
export type UpdateSite = Static<typeof UpdateSiteBody>;
export type SiteListFilter = Static<typeof SiteListQuery>;
