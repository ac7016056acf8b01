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

export type InvoiceLineKind = 'platform_commission' | 'gateway_charges';

export interface InvoiceLine {
  kind: InvoiceLineKind;
  amountMinor: Minor;
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

/**
 * docs/finance.md §8: the platform's invoice to one organization for one billing period. Gateway charges
 * are only the fees the organization bears; fees the platform bears are the platform's own cost.
 * The organization's taxes apply to the subtotal in order, each rounded once.
 */
export function partnerInvoiceFigures(
  currency: string,
  sessions: readonly InvoicedSession[],
  taxes: readonly TaxRule[],
): PartnerInvoiceFigures {
  const total = (figure: (s: InvoicedSession) => Minor) => sumMinor(sessions.map(figure));
  const lines: InvoiceLine[] = [
    { kind: 'platform_commission', amountMinor: total((s) => s.platformCommissionMinor) },
    { kind: 'gateway_charges', amountMinor: total((s) => (s.gatewayFeeBearer === 'organization' ? s.gatewayFeeMinor : 0n)) },
  ];
  const subtotalMinor = sumMinor(lines.map((line) => line.amountMinor));
  const taxed = applyTaxes(subtotalMinor, taxes);
  const netRevenueMinor = total((s) => s.netMinor);
  const locationOwnerCommissionsMinor = total((s) => s.locationOwnerCommissionMinor);
  return {
    currency,
    lines,
    subtotalMinor,
    taxLines: taxed.lines,
    taxMinor: taxed.taxMinor,
    totalMinor: taxed.grossMinor,
    statement: {
      sessions: sessions.length,
      energyWh: sessions.reduce((wh, s) => wh + s.energyWh, 0),
      grossCollectedMinor: total((s) => s.grossMinor),
      taxesCollectedMinor: total((s) => s.taxMinor),
      netRevenueMinor,
      locationOwnerCommissionsMinor,
      payoutMinor: netRevenueMinor - taxed.grossMinor - locationOwnerCommissionsMinor,
    },
  };
}
