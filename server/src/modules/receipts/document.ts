import type { StoredPriceLine, StoredTaxLine } from '../../db/schema/finance.js';
import type { GatewayKind } from '../../db/schema/payments.js';
import type { Executor } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import { gatewayName } from '../gateway-configs/credentials.js';
import { organizationLogo } from '../invoices/queries.js';
import type { PdfLogo } from '../invoices/pdf-layout.js';
import { collectedPayments, ownSessionForReceipt, settlementForReceipt, walletDebit } from './queries.js';

/** One way the session was paid (or given back: negative), minor units of the receipt's currency. */
export interface ReceiptPayment {
  label: string;
  amountMinor: bigint;
}

/** Everything a driver's receipt prints: the stored settlement's figures as they are, never recomputed. */
export interface ReceiptDocument {
  /** The organization that ran the charger: its name, address and tax ID lines, and logo. */
  operator: { name: string; details: string[]; logo: PdfLogo | null };
  transactionId: string;
  siteName: string;
  chargerName: string;
  connectorId: number | null;
  /** The site's clock, as the session was priced on it. */
  timeZone: string;
  startedAt: Date;
  stoppedAt: Date;
  energyWh: number;
  currency: string;
  lines: StoredPriceLine[];
  discountMinor: bigint;
  netMinor: bigint;
  taxLines: StoredTaxLine[];
  grossMinor: bigint;
  payments: ReceiptPayment[];
  /** What to print when nothing was collected: "To be paid" or "Payment failed". */
  unpaidStatus: string;
}

export const sessionNotSettled = () =>
  new AppError('SESSION_NOT_SETTLED', 'This session has no receipt yet: its cost is worked out when it has been settled');

const gatewayWords = (gateway: GatewayKind | 'wallet') => (gateway === 'wallet' ? 'wallet' : gatewayName(gateway));

function paymentLabel(payment: Awaited<ReturnType<typeof collectedPayments>>[number]): string {
  const card = payment.cardLast4 ? `${payment.cardBrand ?? 'Card'} •••• ${payment.cardLast4}` : 'Card';
  const via = `via ${gatewayWords(payment.gateway)}`;
  return payment.type === 'refund' ? `Refund to ${card} ${via}` : `${card} ${via}`;
}

function operatorDetails(found: NonNullable<Awaited<ReturnType<typeof ownSessionForReceipt>>>): string[] {
  const place = [found.organizationCity, found.organizationCountry].filter((part): part is string => !!part).join(', ');
  const lines = [found.organizationAddressLine, place].filter((line): line is string => !!line);
  if (found.organizationTaxId) lines.push(`Tax ID ${found.organizationTaxId}`);
  return lines;
}

/** The driver's own settled session as its receipt: 404 for anyone else's, 409 SESSION_NOT_SETTLED before settlement. */
export async function receiptDocument(db: Executor, sessionId: string, userId: string): Promise<ReceiptDocument> {
  const found = await ownSessionForReceipt(db, sessionId, userId);
  if (!found) throw notFound('Session');
  const settlement = await settlementForReceipt(db, sessionId);
  if (!settlement) throw sessionNotSettled();
  const [logo, collected, debit] = await Promise.all([
    organizationLogo(db, settlement.organizationId),
    collectedPayments(db, sessionId),
    walletDebit(db, sessionId),
  ]);
  const paid: ReceiptPayment[] = collected.map((payment) => {
    const amount = payment.approvedMinor ?? payment.amountMinor;
    return { label: paymentLabel(payment), amountMinor: payment.type === 'refund' ? -amount : amount };
  });
  if (debit) paid.unshift({ label: 'Paid from your wallet', amountMinor: -debit.amountMinor });
  const { session } = found;
  return {
    operator: {
      name: found.organizationName,
      details: operatorDetails(found),
      logo: logo ? { mimeType: logo.mimeType, data: logo.data } : null,
    },
    transactionId: session.transactionId,
    siteName: found.siteName,
    chargerName: found.chargerName,
    connectorId: session.connectorId,
    timeZone: settlement.timeZone,
    startedAt: settlement.startedAt,
    stoppedAt: settlement.stoppedAt,
    energyWh: settlement.energyWh,
    currency: settlement.currency,
    lines: settlement.lines,
    discountMinor: settlement.discountMinor,
    netMinor: settlement.netMinor,
    taxLines: settlement.taxLines,
    grossMinor: settlement.grossMinor,
    payments: paid,
    unpaidStatus: session.paymentStatus === 'payment_failed' ? 'Payment failed' : 'To be paid',
  };
}
