import { type Static, Type } from 'typebox';
import { Uuid } from '../../http/schemas.js';
import { BUCKETS, PERIOD_KEYS } from './periods.js';

const literals = <T extends readonly string[]>(values: T, options: { default?: T[number]; description?: string } = {}) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  );

const Period = literals(PERIOD_KEYS, {
  description:
    'rolling 24h, 7d, 30d, 365d ending now; or calendar today, week (ISO, from Monday), month, year in each organization’s time zone',
});
const LocalDate = Type.String({ format: 'date', description: 'YYYY-MM-DD, a local date' });

const Filters = {
  organizationId: Type.Optional(Uuid),
  siteId: Type.Optional(Uuid),
};

export const RevenueQuery = Type.Object(
  {
    period: Period,
    groupBy: Type.Optional(literals(['charger', 'site', 'organization'] as const, { default: 'charger' })),
    ...Filters,
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    sort: Type.Optional(
      literals(['net', 'gross', 'energy', 'sessions', 'margin', 'profitability', 'name'] as const, {
        default: 'net',
        description: 'margin and profitability rank by net for a location owner, who does not see them',
      }),
    ),
    order: Type.Optional(literals(['asc', 'desc'] as const, { default: 'desc' })),
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);
export type RevenueQueryInput = Static<typeof RevenueQuery>;

export const SummaryQuery = Type.Object(Filters, { additionalProperties: false });
export type SummaryQueryInput = Static<typeof SummaryQuery>;

export const TimeSeriesQuery = Type.Object(
  {
    bucket: Type.Optional(literals(BUCKETS, { default: 'day' })),
    from: Type.Optional(LocalDate),
    to: Type.Optional(LocalDate),
    ...Filters,
    chargerId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type TimeSeriesQueryInput = Static<typeof TimeSeriesQuery>;

const Money = (description: string) => Type.Integer({ description: `${description}, minor units of currency` });
const Figures = {
  currency: Type.String(),
  sessions: Type.Integer(),
  energyWh: Type.Integer(),
  netMinor: Money('net revenue'),
  grossMinor: Money('gross (what drivers paid)'),
  taxMinor: Money('taxes'),
};
/** One of the operator's internal figures (docs/finance.md §15): null for a location owner. */
const Internal = (description: string) =>
  Type.Union([Type.Integer(), Type.Null()], {
    description: `${description}, minor units of currency; null for a location owner, who does not see the operator's internal figures`,
  });
const SettlementFigures = {
  ...Figures,
  gatewayFeeMinor: Internal('gateway fees'),
  platformCommissionMinor: Internal('platform commission'),
  locationOwnerCommissionMinor: Money('location-owner commission'),
  partnerShareMinor: Internal('partner share'),
  energyCostMinor: Internal('energy cost'),
  marginMinor: Internal('margin = partner share − energy cost'),
};

export const RevenueRowBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  organizationId: Type.String(),
  organizationName: Type.String(),
  siteId: Type.Union([Type.String(), Type.Null()]),
  siteName: Type.Union([Type.String(), Type.Null()]),
  ...SettlementFigures,
  profitability: Type.Union([Type.String(), Type.Null()], {
    description: 'margin ÷ net as an exact decimal (4 places); null without net revenue, and for a location owner',
  }),
});

export const RevenueBody = Type.Object({
  period: Type.String(),
  groupBy: Type.String(),
  asOf: Type.String({ format: 'date-time' }),
  items: Type.Array(RevenueRowBody),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const SummaryBody = Type.Object({
  asOf: Type.String({ format: 'date-time' }),
  tiles: Type.Array(Type.Object({ period: Type.String(), ...SettlementFigures }), {
    description: 'one per period (today, week, month, year, 24h, 7d) and currency; currencies are never added together',
  }),
});

export const TimeSeriesBody = Type.Object({
  bucket: Type.String(),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  items: Type.Array(Type.Object({ bucketStart: Type.String({ format: 'date' }), ...Figures })),
});
