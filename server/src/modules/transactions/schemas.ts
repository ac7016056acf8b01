import { Type, type Static, type TSchema } from 'typebox';
import { PageQuery, Uuid } from '../../http/schemas.js';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const LocalDate = (description: string) => Type.String({ format: 'date', description });

/** The one filter the list, the summary and the export share, so an export has exactly what the page shows. */
export const filterFields = {
  organizationId: Type.Optional(
    Type.Array(Uuid, { maxItems: 100, description: 'one or several organizations (repeat the parameter); default all in scope' }),
  ),
  siteId: Type.Optional(Uuid),
  chargerId: Type.Optional(Uuid),
  connectorId: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  userId: Type.Optional(Uuid),
  idTokenId: Type.Optional(Uuid),
  idTag: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'exact, case-insensitive' })),
  vehicleRef: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'exact, case-insensitive' })),
  status: Type.Optional(
    Type.Union([Type.Literal('active'), Type.Literal('completed'), Type.Literal('flagged')], {
      description: 'flagged: the session or its settlement carries a flag for review',
    }),
  ),
  from: Type.Optional(LocalDate("first day (inclusive) sessions started, in each session's organization's time zone")),
  to: Type.Optional(LocalDate("last day (inclusive) sessions started, in each session's organization's time zone")),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'searches the ID tag and the charger name' })),
};

export const TransactionFilterQuery = Type.Object(filterFields, { additionalProperties: false });
export type TransactionFilter = Static<typeof TransactionFilterQuery>;

export const TRANSACTION_SORTS = ['startedAt', 'stoppedAt', 'energyWh'] as const;

export const TransactionListQuery = Type.Object(
  {
    ...filterFields,
    page: PageQuery.page,
    pageSize: PageQuery.pageSize,
    order: PageQuery.order,
    sort: Type.Optional(Type.Union(TRANSACTION_SORTS.map((s) => Type.Literal(s)))),
  },
  { additionalProperties: false },
);
export type TransactionListFilter = Static<typeof TransactionListQuery>;

export const TransactionExportQuery = Type.Object(
  { ...filterFields, format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]) },
  { additionalProperties: false },
);

export const TransactionBody = Type.Object({
  id: Type.String({ description: 'the session id' }),
  organizationId: Type.String(),
  organizationName: Type.String(),
  timeZone: Type.String({ description: "the organization's time zone" }),
  siteId: Type.String(),
  siteName: Type.String(),
  chargerId: Type.String(),
  chargerName: Type.String(),
  connectorId: nullable(Type.Integer()),
  idTag: nullable(Type.String()),
  idTokenId: nullable(Type.String()),
  vehicleRef: nullable(Type.String()),
  userId: nullable(Type.String()),
  driverName: nullable(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('completed')]),
  flagged: Type.Boolean(),
  flags: Type.Array(Type.String(), { description: "the session's flag reason and the settlement's flags" }),
  startedAt: DateTime,
  stoppedAt: nullable(DateTime),
  durationSeconds: Type.Integer({ description: 'until now while active' }),
  idleSeconds: Type.Integer(),
  energyWh: Type.Integer(),
  settled: Type.Boolean(),
  currency: Type.String(),
  netMinor: nullable(Type.Integer({ description: 'null until settled' })),
  taxMinor: nullable(Type.Integer()),
  grossMinor: nullable(Type.Integer()),
});

const Revenue = Type.Object({
  currency: Type.String(),
  sessions: Type.Integer({ description: 'settled sessions in this currency' }),
  netMinor: Type.Integer(),
  taxMinor: Type.Integer(),
  grossMinor: Type.Integer(),
});

export const TransactionSummaryBody = Type.Object({
  sessions: Type.Integer(),
  activeSessions: Type.Integer(),
  energyWh: Type.Integer(),
  averageDurationSeconds: nullable(Type.Integer({ description: 'over completed sessions' })),
  idleSeconds: Type.Integer({ description: 'total idle time of settled sessions' }),
  averageIdleSeconds: nullable(Type.Integer({ description: 'over settled sessions' })),
  revenue: Type.Array(Revenue, { description: 'per currency; amounts in different currencies are never added' }),
  chargers: Type.Array(
    Type.Object({
      chargerId: Type.String(),
      chargerName: Type.String(),
      siteName: Type.String(),
      organizationName: Type.String(),
      sessions: Type.Integer(),
      energyWh: Type.Integer(),
      durationSeconds: Type.Integer({ description: 'total of completed sessions' }),
      idleSeconds: Type.Integer(),
      revenue: Type.Array(Revenue),
    }),
    { description: 'per charger, most energy first (at most 500)' },
  ),
  chargersTotal: Type.Integer({ description: 'chargers with sessions under the filter' }),
});
