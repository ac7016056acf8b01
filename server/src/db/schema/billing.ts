import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations } from './organizations.js';
import { sites } from './sites.js';
import { users } from './users.js';

const minor = (name: string) => bigint(name, { mode: 'bigint' }).notNull();

/** A billing period by its local dates (end exclusive). */
export interface StoredPeriodDates {
  periodStartDate: string;
  periodEndDate: string;
}

export interface StoredInvoiceLine {
  kind: 'platform_commission' | 'gateway_charges' | 'credit';
  description: string;
  amountMinor: number;
  /** Set on a prior-period line group: late sessions of an earlier period whose invoice was already sent. */
  priorPeriod?: StoredPeriodDates | null;
}

export interface StoredInvoiceTaxLine {
  name: string;
  rate: string;
  compound: boolean;
  baseMinor: number;
  amountMinor: number;
}

/** A partner invoice's statement (docs/finance.md §8), amounts in minor units. */
export interface StoredStatement {
  sessions: number;
  energyWh: number;
  grossCollectedMinor: number;
  taxesCollectedMinor: number;
  netRevenueMinor: number;
  locationOwnerCommissionsMinor: number;
  payoutMinor: number;
  /** The late sessions counted above, per original period (absent on invoices stored before this existed). */
  priorPeriods?: (StoredPeriodDates & { sessions: number; energyWh: number; netRevenueMinor: number })[];
}

/** Who the invoice is addressed to, frozen when it is sent. */
export interface BillTo {
  name: string;
  addressLine: string | null;
  city: string | null;
  country: string | null;
  taxId: string | null;
  contactEmail: string | null;
}

/**
 * The platform's invoices to organizations and credit notes against them (docs/finance.md §8, §9). A draft has no
 * number and may be regenerated; Send gives it the next gap-free number of its issuer, series and year and
 * freezes it. Overdue is derived (sent, unpaid, past `dueDate`), never stored.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: ['invoice', 'credit_note'] })
      .notNull()
      .default('invoice'),
    /** For a credit note: the sent invoice it corrects. */
    creditedInvoiceId: uuid('credited_invoice_id').references((): AnyPgColumn => invoices.id, { onDelete: 'restrict' }),
    status: text('status', { enum: ['draft', 'sent', 'paid'] })
      .notNull()
      .default('draft'),
    issuer: text('issuer').notNull().default('platform'),
    /** e.g. INV-2026-000042 or CN-2026-000003; null while a draft. */
    number: text('number'),
    numberYear: integer('number_year'),
    numberSeq: integer('number_seq'),
    /** Local dates in the organization's time zone: first day, and the first day after (the issue date). */
    periodStartDate: date('period_start_date').notNull(),
    periodEndDate: date('period_end_date').notNull(),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    currency: text('currency').notNull(),
    issueDate: date('issue_date'),
    dueDate: date('due_date'),
    lines: jsonb('lines').$type<StoredInvoiceLine[]>().notNull(),
    taxLines: jsonb('tax_lines').$type<StoredInvoiceTaxLine[]>().notNull(),
    subtotalMinor: minor('subtotal_minor'),
    taxMinor: minor('tax_minor'),
    totalMinor: minor('total_minor'),
    statement: jsonb('statement').$type<StoredStatement>().notNull(),
    billTo: jsonb('bill_to').$type<BillTo>().notNull(),
    paidMinor: bigint('paid_minor', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    /** Why a credit note was issued. */
    reason: text('reason'),
    generatedAt: timestamp('generated_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('invoices_org_period_uq')
      .on(t.organizationId, t.periodStartDate)
      .where(sql`${t.kind} = 'invoice'`),
    uniqueIndex('invoices_number_uq')
      .on(t.issuer, t.number)
      .where(sql`${t.number} IS NOT NULL`),
    index('invoices_status_due_idx').on(t.status, t.dueDate),
    index('invoices_org_period_idx').on(t.organizationId, t.periodStartDate),
  ],
);

/** The last number given per issuer, series (INV, CN) and year; Send takes the next one under a row lock. */
export const invoiceNumberSequences = pgTable(
  'invoice_number_sequences',
  {
    issuer: text('issuer').notNull(),
    series: text('series').notNull(),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'invoice_number_sequences_pk', columns: [t.issuer, t.series, t.year] })],
);

export const invoicePayments = pgTable(
  'invoice_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'restrict' }),
    amountMinor: minor('amount_minor'),
    paidOn: date('paid_on').notNull(),
    reference: text('reference'),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('invoice_payments_invoice_idx').on(t.invoiceId)],
);

/**
 * A bulk invoicing run: from the Invoices page (progress shown from these counters) or the scheduler.
 * A scheduled run carries a `runKey` (e.g. the local date it ran for); the unique key lets exactly one
 * server instance claim it.
 */
export const invoiceRuns = pgTable(
  'invoice_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trigger: text('trigger', { enum: ['manual', 'scheduled'] }).notNull(),
    runKey: text('run_key'),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    claimedBy: text('claimed_by'),
    status: text('status', { enum: ['running', 'finished', 'failed'] })
      .notNull()
      .default('running'),
    total: integer('total').notNull().default(0),
    generated: integer('generated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    errors: jsonb('errors')
      .$type<{ organizationId: string; message: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('invoice_runs_key_uq')
      .on(t.runKey)
      .where(sql`${t.runKey} IS NOT NULL`),
  ],
);

/** Money paid out to an organization (docs/finance.md §11), with its ledger postings. */
export const payouts = pgTable(
  'payouts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    currency: text('currency').notNull(),
    amountMinor: minor('amount_minor'),
    paidOn: date('paid_on').notNull(),
    reference: text('reference'),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('payouts_org_idx').on(t.organizationId, t.paidOn)],
);

/**
 * A discount campaign of an organization, optionally limited to one site: `percent` of the lines total
 * or a `fixedMinor` amount off, for sessions that start within [validFrom, validTo).
 */
export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['percent', 'fixed'] }).notNull(),
    percent: numeric('percent', { precision: 9, scale: 6 }),
    fixedMinor: bigint('fixed_minor', { mode: 'bigint' }),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('campaigns_org_idx').on(t.organizationId, t.validFrom)],
);
