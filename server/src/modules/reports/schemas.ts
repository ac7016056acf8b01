import { Type, type Static } from 'typebox';
import { DIMENSION_KEYS, METRIC_KEYS } from '../../domain/reports/catalogue.js';
import { MAX_DIMENSIONS, RELATIVE_PERIODS } from '../../domain/reports/plan.js';
import { filterFields } from '../transactions/schemas.js';

const LocalDate = (description: string) => Type.String({ format: 'date', description });

/** The Transactions page's filter, without its days: the report's period replaces them. */
const { from: _from, to: _to, ...reportFilterFields } = filterFields;
export const ReportFilter = Type.Object(reportFilterFields, { additionalProperties: false });

const Key = (description: string) => Type.String({ minLength: 1, maxLength: 40, description });

export const ReportDefinitionBody = Type.Object(
  {
    dimensions: Type.Array(Key(`one of ${DIMENSION_KEYS.join(', ')}`), {
      maxItems: MAX_DIMENSIONS + 2,
      description: `up to ${MAX_DIMENSIONS}, in the order rows are grouped`,
    }),
    metrics: Type.Array(Key(`one of ${METRIC_KEYS.join(', ')}`), { minItems: 1, maxItems: METRIC_KEYS.length + 2 }),
    period: Type.Union([
      Type.Object({ relative: Type.Union(RELATIVE_PERIODS.map((p) => Type.Literal(p))) }, { additionalProperties: false }),
      Type.Object(
        {
          from: LocalDate("first day (inclusive), in each session's organization's time zone"),
          to: LocalDate('last day (inclusive); at most 5 years after "from"'),
        },
        { additionalProperties: false },
      ),
    ]),
    filter: Type.Optional(ReportFilter),
    sort: Type.Optional(
      Type.Object(
        {
          by: Key('a dimension or metric of the report'),
          order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
        },
        { additionalProperties: false },
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'top N rows (default 1000)' })),
  },
  { additionalProperties: false },
);
export type ReportDefinitionInput = Static<typeof ReportDefinitionBody>;

const Figures = Type.Record(Type.String(), Type.Union([Type.Integer(), Type.Null()]), {
  description:
    'metric key → figure: sessions, Wh, seconds, or money in minor units of `currency`; null: no completed session to average',
});

export const ReportPreviewBody = Type.Object({
  period: Type.Object({
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    timeZone: Type.String({ description: 'the zone "today" was read in; each session is counted on its organization’s clock' }),
    relative: Type.Union([Type.String(), Type.Null()]),
  }),
  dimensions: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
  metrics: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), unit: Type.String() })),
  sort: Type.Object({ by: Type.String(), order: Type.String() }),
  rows: Type.Array(
    Type.Object({
      keys: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
      labels: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
      currency: Type.Union([Type.String(), Type.Null()]),
      values: Figures,
    }),
  ),
  totals: Type.Array(Type.Object({ currency: Type.Union([Type.String(), Type.Null()]), values: Figures })),
  truncated: Type.Boolean({ description: 'more rows matched than `limit`; the totals still count them all' }),
});

const Choice = Type.Object({ key: Type.String(), label: Type.String(), description: Type.String() });
export const ReportCatalogueBody = Type.Object({
  dimensions: Type.Array(Type.Object({ ...Choice.properties, kind: Type.String() })),
  metrics: Type.Array(Type.Object({ ...Choice.properties, unit: Type.String() })),
  periods: Type.Array(Type.String()),
  maxDimensions: Type.Integer(),
});
