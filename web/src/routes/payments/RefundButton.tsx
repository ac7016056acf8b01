import { useState } from 'react';
import { Button, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconReceiptRefund } from '@tabler/icons-react';
import { type PaymentDetail, paymentKeys, refundPayment } from '../../api/payments';
import { formatMoney } from '../../format';
import { AmountModal } from '../invoices/AmountModal';

/**
 * Refund (payments:write): the amount in major units, prefilled with what is left, a reason, and for a
 * manual payment the receipt of the money paid back. One idempotency key per opening, so a double
 * click refunds once; the server's refusal (e.g. more than is left) is shown in its words.
 */
export function RefundButton({ detail }: { detail: PaymentDetail }) {
  const p = detail.payment;
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [key, setKey] = useState('');
  const [reason, setReason] = useState('');
  const [receipt, setReceipt] = useState('');
  const manual = p.gateway === 'manual';
  const open = () => {
    setKey(crypto.randomUUID());
    setReason('');
    setReceipt('');
    setOpened(true);
  };
  return (
    <>
      <Button leftSection={<IconReceiptRefund size={16} aria-hidden />} onClick={open}>
        Refund
      </Button>
      <AmountModal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Refund ${formatMoney(p.approvedMinor ?? p.amountMinor, p.currency)} ${p.type}`}
        currency={p.currency}
        suggestedMinor={detail.refundableMinor}
        amountLabel="Amount to refund"
        submitLabel="Refund"
        validateExtra={() =>
          !reason.trim()
            ? 'Say why the money is given back'
            : manual && !receipt.trim()
              ? 'A manual refund needs the receipt number of the money paid back'
              : null
        }
        onSubmit={async (amountMinor) => {
          const refund = await refundPayment(p.id, {
            amountMinor,
            reason: reason.trim(),
            idempotencyKey: key,
            ...(manual ? { receiptNumber: receipt.trim() } : {}),
          });
          await queryClient.invalidateQueries({ queryKey: paymentKeys.all });
          notifications.show({
            color: refund.outcome === 'failed' ? 'red' : 'teal',
            message:
              refund.outcome === 'succeeded'
                ? `Refunded ${formatMoney(amountMinor, p.currency)}`
                : refund.outcome === 'pending'
                  ? `Refund of ${formatMoney(amountMinor, p.currency)} sent; the gateway has not confirmed it yet`
                  : `The gateway refused the refund: ${refund.reason ?? 'no reason given'}`,
          });
        }}
      >
        <Textarea label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} required />
        {manual && (
          <TextInput
            label="Receipt number"
            description="Of the cash or transfer paid back"
            value={receipt}
            onChange={(e) => setReceipt(e.currentTarget.value)}
            required
          />
        )}
      </AmountModal>
    </>
  );
}
