import { Type, type Static } from 'typebox';
import { PageQuery, Uuid } from '../../http/schemas.js';

const LocalDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Minor = (description?: string) => Type.Integer(description ? { description } : {});
const Status = Type.Union([Type.Literal('draft'), Type.Literal('sent'), Type.Literal('paid'), Type.Literal('overdue')]);
const Kind = Type.Union([Type.Literal('invoice'), Type.Literal('credit_note')]);

const PeriodDates = Type.Object({
  periodStartDate: LocalDate,
  periodEndDate: Type.String({ format: 'date', description: 'exclusive: the first day after the period' }),
});

export const InvoiceSummaryBody = Type.Object({
  id: Type.String(),
  kind: Kind,
  number: Nullable(Type.String()),
  organizationId: Type.String(),
  organizationName: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('sent'), Type.Literal('paid')]),
  displayStatus: Status,
  periodStartDate: LocalDate,
  periodEndDate: Type.String({ format: 'date', description: 'exclusive: the first day after the period' }),
  issueDate: Nullable(LocalDate),
  dueDate: Nullable(LocalDate),
  currency: Type.String(),
  subtotalMinor: Minor(),
  taxMinor: Minor(),
  totalMinor: Minor(),
  paidMinor: Minor(),
  creditedMinor: Minor('total of the credit notes issued against this invoice'),
  amountDueMinor: Minor(
    'total − payments − credit notes (docs/finance.md §10); Paid when it reaches zero; negative only when a credit note followed full payment (returned through the payout); 0 for a credit note',
  ),
  creditableMinor: Minor('what further credit notes may still credit, excluding tax: subtotal − credited subtotals'),
  creditedInvoiceId: Nullable(Type.String()),
  creditedInvoiceNumber: Nullable(Type.String()),
  generatedAt: Type.String({ format: 'date-time' }),
  sentAt: Nullable(Type.String({ format: 'date-time' })),
  paidAt: Nullable(Type.String({ format: 'date-time' })),
});

export const InvoiceDetailBody = Type.Intersect([
  InvoiceSummaryBody,
  Type.Object({
    lines: Type.Array(
      Type.Object({
        kind: Type.Union([Type.Literal('platform_commission'), Type.Literal('gateway_charges'), Type.Literal('credit')]),
        description: Type.String(),
        amountMinor: Minor(),
        priorPeriod: Type.Union([PeriodDates, Type.Null()], {
          description:
            'set on a prior-period line group: sessions that ended in this earlier period after its invoice was sent (late sessions)',
        }),
      }),
    ),
    taxLines: Type.Array(
      Type.Object({
        name: Type.String(),
        rate: Type.String({ description: 'exact decimal fraction: "0.18" is 18 %' }),
        compound: Type.Boolean(),
        baseMinor: Minor(),
        amountMinor: Minor(),
      }),
    ),
    statement: Type.Object({
      sessions: Type.Integer(),
      energyWh: Type.Integer(),
      grossCollectedMinor: Minor(),
      taxesCollectedMinor: Minor(),
      netRevenueMinor: Minor(),
      locationOwnerCommissionsMinor: Minor(),
      payoutMinor: Minor('net revenue − invoice total − location-owner commissions'),
      priorPeriods: Type.Array(
        Type.Intersect([
          PeriodDates,
          Type.Object({ sessions: Type.Integer(), energyWh: Type.Integer(), netRevenueMinor: Minor() }),
        ]),
        { description: 'the late sessions included in the figures above, per original period' },
      ),
    }),
    billTo: Type.Object({
      name: Type.String(),
      addressLine: Nullable(Type.String()),
      city: Nullable(Type.String()),
      country: Nullable(Type.String()),
      taxId: Nullable(Type.String()),
      contactEmail: Nullable(Type.String()),
    }),
    reason: Nullable(Type.String()),
    payments: Type.Array(
      Type.Object({ id: Type.String(), amountMinor: Minor(), paidOn: LocalDate, reference: Nullable(Type.String()) }),
    ),
    creditNotes: Type.Array(InvoiceSummaryBody),
  }),
]);

export const InvoiceListQuery = Type.Object(
  {
    ...PageQuery,
    organizationId: Type.Optional(Uuid),
    status: Type.Optional(Status),
    kind: Type.Optional(Kind),
    periodFrom: Type.Optional(LocalDate),
    periodTo: Type.Optional(LocalDate),
    sort: Type.Optional(
      Type.Union([
        Type.Literal('periodStartDate'),
        Type.Literal('number'),
        Type.Literal('organizationName'),
        Type.Literal('totalMinor'),
        Type.Literal('dueDate'),
        Type.Literal('generatedAt'),
      ]),
    ),
  },
  { additionalProperties: false },
);

export const GenerateInvoiceBody = Type.Object(
  {
    organizationId: Uuid,
    periodStartDate: Type.Optional(LocalDate),
  },
  { additionalProperties: false },
);

export const RecordPaymentBody = Type.Object(
  {
    amountMinor: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    paidOn: LocalDate,
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const CreditNoteBody = Type.Object(
  {
    amountMinor: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'excluding tax' }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);

export const InvoiceRunBody = Type.Object({
  id: Type.String(),
  trigger: Type.Union([Type.Literal('manual'), Type.Literal('scheduled')]),
  status: Type.Union([Type.Literal('running'), Type.Literal('finished'), Type.Literal('failed')]),
  total: Type.Integer(),
  generated: Type.Integer(),
  skipped: Type.Integer(),
  failed: Type.Integer(),
  errors: Type.Array(Type.Object({ organizationId: Type.String(), message: Type.String() })),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const InvoiceRunListQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })) },
  { additionalProperties: false },
);

export type InvoiceListFilter = Static<typeof InvoiceListQuery>;
export type GenerateInvoice = Static<typeof GenerateInvoiceBody>;
export type RecordPayment = Static<typeof RecordPaymentBody>;
export type CreditNoteInput = Static<typeof CreditNoteBody>;
export type InvoiceSummary = Static<typeof InvoiceSummaryBody>;
export type InvoiceDetail = Static<typeof InvoiceDetailBody>;
