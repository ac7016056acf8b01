import { Badge } from '@mantine/core';
import { type Payment, STATUS_WORDS } from '../../api/payments';

const OUTCOME_COLOR: Record<Payment['outcome'], string> = { pending: 'yellow', succeeded: 'teal', failed: 'red' };
const OUTCOME_WORDS: Record<Payment['outcome'], string> = { pending: 'Pending', succeeded: 'Succeeded', failed: 'Failed' };

/** The status in words; a refund reads as its outcome (pending, succeeded, failed), as a driver would ask about it. */
export function PaymentStatusBadge({ payment }: { payment: Pick<Payment, 'type' | 'status' | 'outcome' | 'reason'> }) {
  const label = payment.type === 'refund' ? OUTCOME_WORDS[payment.outcome] : STATUS_WORDS[payment.status];
  return (
    <Badge variant="light" color={OUTCOME_COLOR[payment.outcome]} title={payment.reason ?? undefined} miw="max-content">
      {label}
    </Badge>
  );
}

const BRAND_WORDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'Amex', discover: 'Discover' };

/** "Visa •••• 1111", or a dash when no card was used. */
export function cardWords(payment: Pick<Payment, 'cardBrand' | 'cardLast4'>): string {
  if (!payment.cardBrand && !payment.cardLast4) return '—';
  const brand = payment.cardBrand ? (BRAND_WORDS[payment.cardBrand.toLowerCase()] ?? payment.cardBrand) : 'Card';
  return payment.cardLast4 ? `${brand} •••• ${payment.cardLast4}` : brand;
}
