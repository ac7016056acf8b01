import { DateTime } from 'luxon';
import type { Db, Executor } from '../../db/client.js';
import type { InvoiceInsert } from './queries.js';
import {
  type InvoiceLine,
  type InvoiceSession,
  type PartnerInvoiceFigures,
  partnerInvoiceFigures,
} from '../../domain/finance/invoice.js';
import { type BillingPeriod, type BillingSchedule, billingPeriodFor } from '../../domain/finance/periods.js';
import { type Scope, canReachOrganization } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { formatPeriod } from './pdf-format.js';
import { auditSnapshot } from './present.js';
import {
  type InvoiceRow,
  claimableSessions,
  claimSessions,
  insertDraft,
  invoiceForPeriod,
  lockInvoice,
  organizationForInvoicing,
  releaseSessions,
  updateInvoice,
} from './queries.js';
import { invoiceScope } from './service.js';

type Organization = NonNullable<Awaited<ReturnType<typeof organizationForInvoicing>>>;

const LINE_DESCRIPTIONS = { platform_commission: 'Platform commission', gateway_charges: 'Gateway charges' } as const;

const scheduleOf = (org: Organization): BillingSchedule => ({
  cycle: org.billingCycle,
  billingDay: org.billingDay,
  timeZone: org.timeZone,
});

/**
 * The billing period asked for (it must start on one of the organization's billing days), or by default
 * the most recent one that has closed. A period still running cannot be invoiced.
 */
export function closedPeriodFor(org: Organization, periodStartDate: string | undefined, now: Date): BillingPeriod {
  const schedule = scheduleOf(org);
  let period: BillingPeriod;
  if (periodStartDate) {
    const start = DateTime.fromISO(periodStartDate, { zone: org.timeZone });
    period = billingPeriodFor(start.toJSDate(), schedule);
    if (!start.isValid || period.startDate !== periodStartDate) {
      throw new AppError(
        'PERIOD_MISMATCH',
        `${periodStartDate} does not start a ${org.billingCycle} billing period of this organization (billing day ${org.billingDay}); the period around it starts ${period.startDate}`,
        { field: 'periodStartDate', expected: period.startDate },
      );
    }
  } else {
    const current = billingPeriodFor(now, schedule);
    period = billingPeriodFor(new Date(current.start.getTime() - 1), schedule);
  }
  if (period.end.getTime() > now.getTime()) {
    throw new AppError(
      'PERIOD_NOT_CLOSED',
      `The period starting ${period.startDate} ends ${period.endDate}; invoice it after that`,
      {
        field: 'periodStartDate',
      },
    );
  }
  return period;
}

/** "Platform commission", or for a prior-period group "Platform commission — prior period 2 Mar 2026 – 8 Mar 2026 (late sessions)". */
export function lineDescription(line: InvoiceLine): string {
  const what = LINE_DESCRIPTIONS[line.kind];
  if (!line.priorPeriod) return what;
  const { periodStartDate, periodEndDate } = line.priorPeriod;
  return `${what} — prior period ${formatPeriod(periodStartDate, periodEndDate)} (late sessions)`;
}

/** The stored form of a partner invoice's figures, docs/finance.md §8 (JSON holds numbers, the columns bigints). */
function storedFigures(f: PartnerInvoiceFigures) {
  const { statement: st } = f;
  return {
    currency: f.currency,
    lines: f.lines.map((l) => ({
      kind: l.kind,
      description: lineDescription(l),
      amountMinor: Number(l.amountMinor),
      priorPeriod: l.priorPeriod,
    })),
    taxLines: f.taxLines.map((t) => ({
      name: t.name,
      rate: t.rate.toFixed(),
      compound: t.compound,
      baseMinor: Number(t.baseMinor),
      amountMinor: Number(t.amountMinor),
    })),
    subtotalMinor: f.subtotalMinor,
    taxMinor: f.taxMinor,
    totalMinor: f.totalMinor,
    statement: {
      sessions: st.sessions,
      energyWh: st.energyWh,
      grossCollectedMinor: Number(st.grossCollectedMinor),
      taxesCollectedMinor: Number(st.taxesCollectedMinor),
      netRevenueMinor: Number(st.netRevenueMinor),
      locationOwnerCommissionsMinor: Number(st.locationOwnerCommissionsMinor),
      payoutMinor: Number(st.payoutMinor),
      priorPeriods: st.priorPeriods.map((p) => ({ ...p, netRevenueMinor: Number(p.netRevenueMinor) })),
    } satisfies InvoiceInsert['statement'],
  };
}

const billToOf = (org: Organization) => ({
  name: org.name,
  addressLine: org.addressLine,
  city: org.city,
  country: org.country,
  taxId: org.taxId,
  contactEmail: org.contactEmail,
});

const periodOf = (period: BillingPeriod) => ({
  periodStartDate: period.startDate,
  periodEndDate: period.endDate,
  periodStart: period.start,
  periodEnd: period.end,
});

/**
 * Claims the sessions the invoice bills and stores its figures (inside the caller's transaction): the
 * period's own sessions, then the late ones of earlier periods, each labelled with the period it ended in.
 */
async function billSessions(tx: Executor, org: Organization, period: BillingPeriod, invoiceId: string) {
  const claimed = await claimSessions(tx, invoiceId, org.id, org.currency, period);
  const sessions: InvoiceSession[] = claimed.map((s) => {
    if (s.stoppedAt.getTime() >= period.start.getTime()) return s;
    const own = billingPeriodFor(s.stoppedAt, scheduleOf(org));
    return { ...s, priorPeriod: { periodStartDate: own.startDate, periodEndDate: own.endDate } };
  });
  const figures = partnerInvoiceFigures(org.currency, sessions, org.taxes);
  return updateInvoice(tx, invoiceId, { ...storedFigures(figures), billTo: billToOf(org), generatedAt: new Date() });
}

const emptyDraft = (org: Organization, period: BillingPeriod): InvoiceInsert => ({
  organizationId: org.id,
  ...periodOf(period),
  ...storedFigures(partnerInvoiceFigures(org.currency, [], org.taxes)),
  billTo: billToOf(org),
});

export interface Generated {
  invoice: InvoiceRow;
  created: boolean;
}

/**
 * The draft of one organization and period. Idempotent: the unique index on (organization, period)
 * lets exactly one insert win, however many requests or server instances race; the others get it back.
 * With `skipEmpty` (bulk runs) a period without settled sessions yields no invoice (null).
 */
export async function generateDraft(
  db: Db,
  audit: AuditContext,
  organizationId: string,
  periodStartDate: string | undefined,
  options: { now?: Date; skipEmpty?: boolean } = {},
): Promise<Generated | null> {
  const org = await organizationForInvoicing(db, organizationId);
  if (!org) throw notFound('Organization');
  const period = closedPeriodFor(org, periodStartDate, options.now ?? new Date());
  const existing = await invoiceForPeriod(db, org.id, period.startDate);
  if (existing) return { invoice: existing, created: false };
  if (options.skipEmpty && (await claimableSessions(db, org.id, org.currency, period.start, period.end)) === 0) return null;
  const inserted = await db.transaction(async (tx) => {
    const draft = await insertDraft(tx, emptyDraft(org, period));
    const row = draft && (await billSessions(tx, org, period, draft.id));
    if (row)
      await recordAudit(tx, audit, {
        entityType: 'invoice',
        entityId: row.id,
        action: 'generate',
        organizationId: org.id,
        after: auditSnapshot(row),
      });
    return row;
  });
  if (inserted) return { invoice: inserted, created: true };
  return { invoice: (await invoiceForPeriod(db, org.id, period.startDate))!, created: false };
}

export async function generateInvoice(
  db: Db,
  audit: AuditContext,
  scope: Scope,
  organizationId: string,
  periodStartDate?: string,
) {
  invoiceScope(scope);
  if (!canReachOrganization(scope, organizationId)) throw notFound('Organization');
  return (await generateDraft(db, audit, organizationId, periodStartDate))!;
}

/** Recomputes a draft from the sessions as they are settled now (after a late session or a re-pricing). */
export async function regenerateDraft(db: Db, audit: AuditContext, invoice: InvoiceRow): Promise<InvoiceRow> {
  const org = await organizationForInvoicing(db, invoice.organizationId);
  if (!org) throw notFound('Organization');
  const period = {
    start: invoice.periodStart,
    end: invoice.periodEnd,
    startDate: invoice.periodStartDate,
    endDate: invoice.periodEndDate,
  };
  return db.transaction(async (tx) => {
    const current = await lockInvoice(tx, invoice.id);
    if (!current || current.status !== 'draft' || current.kind !== 'invoice')
      throw new AppError('INVOICE_NOT_DRAFT', 'Only a draft invoice can be regenerated; correct a sent one with a credit note');
    await releaseSessions(tx, invoice.id);
    const row = await billSessions(tx, org, period, invoice.id);
    await recordAudit(tx, audit, {
      entityType: 'invoice',
      entityId: row.id,
      action: 'regenerate',
      organizationId: row.organizationId,
      before: auditSnapshot(current),
      after: auditSnapshot(row),
    });
    return row;
  });
}
