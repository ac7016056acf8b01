import type { PaymentType, ReconciliationOutcome } from '../../db/schema/index.js';
import type { Minor } from '../../domain/finance/money.js';
import type { ReportLine } from './report.js';

/** One of our approved money-moving payments, as matching needs it. */
export interface OurPayment {
  id: string;
  type: PaymentType;
  /** What moved: the approved amount (positive, also for a refund). */
  amountMinor: Minor;
  currency: string;
  gatewayReference: string;
  /** Created inside the report's period: the report should list it. */
  inPeriod: boolean;
}

export interface MatchedLine {
  outcome: ReconciliationOutcome;
  reference: string;
  paymentId: string | null;
  /** Signed like the money: a refund negative. */
  theirAmountMinor: Minor | null;
  ourAmountMinor: Minor | null;
  currency: string;
  row: number | null;
}

const abs = (value: Minor) => (value < 0n ? -value : value);
const signed = (payment: OurPayment) => (payment.type === 'refund' ? -payment.amountMinor : payment.amountMinor);

/**
 * A refund is compared by its absolute amount: reports write it negative, as a positive "credit",
 * or both. A charge of ours the report shows negative (as money given back) does not agree.
 */
function agrees(line: ReportLine, payment: OurPayment): boolean {
  if (line.currency !== payment.currency) return false;
  return payment.type === 'refund' ? abs(line.amountMinor) === payment.amountMinor : line.amountMinor === payment.amountMinor;
}

/**
 * Pairs report lines with our payments by gateway reference. Same reference, amount and currency:
 * matched; same reference otherwise: amount_mismatch (both kept). A line with no payment left of its
 * reference: missing_ours. A payment in the period no line took: missing_theirs. When a reference
 * occurs more than once, a line takes first a payment that agrees with it, else the oldest left.
 */
export function matchReport(lines: readonly ReportLine[], ours: readonly OurPayment[]): MatchedLine[] {
  const byReference = new Map<string, OurPayment[]>();
  for (const payment of ours) {
    const list = byReference.get(payment.gatewayReference) ?? [];
    list.push(payment);
    byReference.set(payment.gatewayReference, list);
  }
  const result: MatchedLine[] = [];
  for (const line of lines) {
    const left = byReference.get(line.reference) ?? [];
    const at = Math.max(
      left.findIndex((p) => agrees(line, p)),
      0,
    );
    const payment = left[at];
    if (!payment) {
      result.push({
        outcome: 'missing_ours',
        reference: line.reference,
        paymentId: null,
        theirAmountMinor: line.amountMinor,
        ourAmountMinor: null,
        currency: line.currency,
        row: line.row,
      });
      continue;
    }
    left.splice(at, 1);
    const ourAmount = signed(payment);
    result.push({
      outcome: agrees(line, payment) ? 'matched' : 'amount_mismatch',
      reference: line.reference,
      paymentId: payment.id,
      // Against a refund, the report's amount is shown as money out whichever sign the file used.
      theirAmountMinor: payment.type === 'refund' ? -abs(line.amountMinor) : line.amountMinor,
      ourAmountMinor: ourAmount,
      currency: line.currency,
      row: line.row,
    });
  }
  for (const payment of ours) {
    const unused = byReference.get(payment.gatewayReference)?.includes(payment);
    if (!unused || !payment.inPeriod) continue;
    result.push({
      outcome: 'missing_theirs',
      reference: payment.gatewayReference,
      paymentId: payment.id,
      theirAmountMinor: null,
      ourAmountMinor: signed(payment),
      currency: payment.currency,
      row: null,
    });
  }
  return result;
}
