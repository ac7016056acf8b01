import { Type, type Static } from 'typebox';
import { GATEWAY_KINDS, PAYMENT_TYPES, RECONCILIATION_OUTCOMES } from '../../db/schema/index.js';
import { PageQuery, Page, Uuid } from '../../http/schemas.js';
import { MAX_REPORT_BYTES } from './report.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Gateway = Type.Enum(GATEWAY_KINDS);
const Outcome = Type.Enum(RECONCILIATION_OUTCOMES);

export const CreateReconciliationBody = Type.Object(
  {
    gateway: Gateway,
    organizationId: Type.Optional(Uuid),
    periodFrom: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'start (inclusive); default: the local start of the first day in the file',
      }),
    ),
    periodTo: Type.Optional(
      Type.String({ format: 'date-time', description: 'end (exclusive); default: the local end of the last day in the file' }),
    ),
    fileName: Type.String({ minLength: 1, maxLength: 255 }),
    content: Type.String({ description: `the report's CSV text, at most ${MAX_REPORT_BYTES / 1024 / 1024} MB (UTF-8)` }),
  },
  { additionalProperties: false },
);
export type CreateReconciliation = Static<typeof CreateReconciliationBody>;

export const ListQuery = Type.Object(
  {
    organizationId: Type.Optional(Uuid),
    gateway: Type.Optional(Gateway),
    page: PageQuery.page,
    pageSize: PageQuery.pageSize,
  },
  { additionalProperties: false },
);

export const DetailQuery = Type.Object(
  {
    outcome: Type.Optional(Outcome),
    page: PageQuery.page,
    pageSize: PageQuery.pageSize,
  },
  { additionalProperties: false },
);

const Counts = Type.Object({
  matched: Type.Integer(),
  missing_ours: Type.Integer(),
  missing_theirs: Type.Integer(),
  amount_mismatch: Type.Integer(),
});

export const ReconciliationBody = Type.Object({
  id: Type.String(),
  organizationId: Nullable(Type.String()),
  organizationName: Nullable(Type.String({ description: 'null: every organization in scope' })),
  timeZone: Type.String({ description: "the organization's zone (UTC for all organizations): the period's days are in it" }),
  gateway: Gateway,
  fileName: Type.String(),
  periodFrom: Type.String({ format: 'date-time' }),
  periodTo: Type.String({ format: 'date-time' }),
  counts: Counts,
  importedBy: Nullable(Type.String({ description: "the importing user's name" })),
  createdAt: Type.String({ format: 'date-time' }),
});

export const ReconciliationListBody = Page(ReconciliationBody);

const Totals = Type.Object({
  outcome: Outcome,
  currency: Type.String(),
  lines: Type.Integer(),
  theirAmountMinor: Type.Integer({ description: 'sum of the report amounts (refunds negative)' }),
  ourAmountMinor: Type.Integer({ description: 'sum of our payment amounts (refunds negative)' }),
});

export const LineBody = Type.Object({
  id: Type.Integer(),
  outcome: Outcome,
  reference: Nullable(Type.String()),
  row: Nullable(Type.Integer({ description: "the report's data row (1 = the first after the header)" })),
  currency: Nullable(Type.String()),
  theirAmountMinor: Nullable(Type.Integer()),
  ourAmountMinor: Nullable(Type.Integer()),
  differenceMinor: Nullable(Type.Integer({ description: 'theirs − ours, when both are there' })),
  payment: Nullable(
    Type.Object({
      id: Type.String(),
      type: Type.Enum(PAYMENT_TYPES),
      currency: Type.String(),
      createdAt: Type.String({ format: 'date-time' }),
      sessionId: Nullable(Type.String()),
      sessionTransactionId: Nullable(Type.String()),
    }),
  ),
});

export const ReconciliationDetailBody = Type.Object({
  reconciliation: ReconciliationBody,
  totals: Type.Array(Totals),
  lines: Page(LineBody),
});

export const CreatedReconciliationBody = Type.Object({
  reconciliation: ReconciliationBody,
  totals: Type.Array(Totals),
  skippedRows: Type.Integer({ description: 'report rows of a type that moves no money (authorizations, voids), not matched' }),
});
