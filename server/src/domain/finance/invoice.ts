import { type Minor, sumMinor, type WattHours } from './money.js';
import type { SessionSettlement } from './settlement.js';
import { applyTaxes, type TaxLine, type TaxRule } from './tax.js';

/** The already-rounded per-session figures an invoice adds up; it never recomputes them. */
export type InvoicedSession = Pick<
  SessionSettlement,
  | 'energyWh'
  | 'grossMinor'
  | 'taxMinor'
  | 'netMinor'
  | 'platformCommissionMinor'
  | 'gatewayFeeMinor'
  | 'gatewayFeeBearer'
  | 'locationOwnerCommissionMinor'
>;

/** A billing period by its local dates (the end date is the first day after it). */
export interface PeriodDates {
  periodStartDate: string;
  periodEndDate: string;
}

/**
 * A session on an invoice. `priorPeriod` is set for a late session: one that ended in an earlier period
 * whose invoice had already been sent, billed now as that period's prior-period line group.
 */
export type InvoiceSession = InvoicedSession & { priorPeriod?: PeriodDates | null };

export type InvoiceLineKind = 'platform_commission' | 'gateway_charges';

export interface InvoiceLine {
  kind: InvoiceLineKind;
  amountMinor: Minor;
  /** Null for the invoice's own period; the original period for a prior-period line group. */
  priorPeriod: PeriodDates | null;
}

/** What a prior-period group added to the statement. */
export interface PriorPeriodStatement extends PeriodDates {
  sessions: number;
  energyWh: WattHours;
  netRevenueMinor: Minor;
}

/** What the organization collected and is paid out for the period. */
export interface PartnerStatement {
  sessions: number;
  energyWh: WattHours;
  grossCollectedMinor: Minor;
  taxesCollectedMinor: Minor;
  netRevenueMinor: Minor;
  locationOwnerCommissionsMinor: Minor;
  /** net revenue − invoice total − location-owner commissions; negative means the organization owes. */
  payoutMinor: Minor;
  /** The late sessions included above, per original period (oldest first). */
  priorPeriods: PriorPeriodStatement[];
}

export interface PartnerInvoiceFigures {
  currency: string;
  lines: InvoiceLine[];
  subtotalMinor: Minor;
  taxLines: TaxLine[];
  taxMinor: Minor;
  totalMinor: Minor;
  statement: PartnerStatement;
}

const sumOf = (sessions: readonly InvoicedSession[], figure: (s: InvoicedSession) => Minor) => sumMinor(sessions.map(figure));

function linesOf(sessions: readonly InvoicedSession[], priorPeriod: PeriodDates | null): InvoiceLine[] {
  return [
    { kind: 'platform_commission', amountMinor: sumOf(sessions, (s) => s.platformCommissionMinor), priorPeriod },
    {
      kind: 'gateway_charges',
      amountMinor: sumOf(sessions, (s) => (s.gatewayFeeBearer === 'organization' ? s.gatewayFeeMinor : 0n)),
      priorPeriod,
    },
  ];
}

/** Late sessions grouped by the period they ended in, oldest period first. */
function priorGroups(sessions: readonly InvoiceSession[]): { period: PeriodDates; sessions: InvoiceSession[] }[] {
  const groups = new Map<string, { period: PeriodDates; sessions: InvoiceSession[] }>();
  for (const s of sessions) {
    if (!s.priorPeriod) continue;
    const key = s.priorPeriod.periodStartDate;
    const group = groups.get(key) ?? { period: s.priorPeriod, sessions: [] };
    group.sessions.push(s);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.period.periodStartDate.localeCompare(b.period.periodStartDate));
}

/**
 * docs/finance.md §8: the platform's invoice to one organization for one billing period. Gateway charges
 * are only the fees the organization bears; fees the platform bears are the platform's own cost.
 * Late sessions of earlier, already-sent periods follow as one prior-period line group per period
 * (its own commission and gateway lines). The organization's taxes apply to the subtotal of all lines
 * in order, each rounded once; the statement covers every session on the invoice.
 */
export function partnerInvoiceFigures(
  currency: string,
  sessions: readonly InvoiceSession[],
  taxes: readonly TaxRule[],
): PartnerInvoiceFigures {
  const groups = priorGroups(sessions);
  const lines: InvoiceLine[] = [
    ...linesOf(
      sessions.filter((s) => !s.priorPeriod),
      null,
    ),
    ...groups.flatMap((g) => linesOf(g.sessions, g.period)),
  ];
  const subtotalMinor = sumMinor(lines.map((line) => line.amountMinor));
  const taxed = applyTaxes(subtotalMinor, taxes);
  const netRevenueMinor = sumOf(sessions, (s) => s.netMinor);
  const locationOwnerCommissionsMinor = sumOf(sessions, (s) => s.locationOwnerCommissionMinor);
  const energyOf = (list: readonly InvoicedSession[]) => list.reduce((wh, s) => wh + s.energyWh, 0);
  return {
    currency,
    lines,
    subtotalMinor,
    taxLines: taxed.lines,
    taxMinor: taxed.taxMinor,
    totalMinor: taxed.grossMinor,
    statement: {
      sessions: sessions.length,
      energyWh: energyOf(sessions),
      grossCollectedMinor: sumOf(sessions, (s) => s.grossMinor),
      taxesCollectedMinor: sumOf(sessions, (s) => s.taxMinor),
      netRevenueMinor,
      locationOwnerCommissionsMinor,
      payoutMinor: netRevenueMinor - taxed.grossMinor - locationOwnerCommissionsMinor,
      priorPeriods: groups.map((g) => ({
        ...g.period,
        sessions: g.sessions.length,
        energyWh: energyOf(g.sessions),
        netRevenueMinor: sumOf(g.sessions, (s) => s.netMinor),
      })),
    },
  };
}
