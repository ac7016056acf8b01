import { useState } from 'react';
import { Alert, Button, Group, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconCash, IconDownload, IconReceiptRefund, IconRefresh, IconSend } from '@tabler/icons-react';
import {
  type InvoiceDetail,
  createCreditNote,
  downloadInvoicePdf,
  invoiceKeys,
  recordInvoicePayment,
  regenerateInvoice,
  sendInvoice,
} from '../../api/invoices';
import { useSession } from '../../auth/session';
import { useConfirm } from '../../components/confirm';
import { errorMessage } from '../../components/states';
import { formatMoney } from '../../format';
import { AmountModal } from './AmountModal';
import { today } from './period';

/** Regenerate (draft), Send, Record payment, Credit note and Download PDF, as the invoice's state allows. */
export function InvoiceActions({ invoice }: { invoice: InvoiceDetail }) {
  const { can } = useSession();
  const canWrite = can('invoices:write');
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [modal, setModal] = useState<'payment' | 'credit' | null>(null);
  const [paidOn, setPaidOn] = useState(today());
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');

  const isInvoice = invoice.kind === 'invoice';
  const finalized = invoice.status !== 'draft';
  // The balances are the server's (docs/finance.md §10 "Balance"); the page never computes its own.
  const outstanding = invoice.amountDueMinor;
  const uncreditedSubtotal = invoice.creditableMinor;

  const refresh = (updated?: InvoiceDetail) => {
    if (updated) queryClient.setQueryData(invoiceKeys.detail(invoice.id), updated);
    return queryClient.invalidateQueries({ queryKey: invoiceKeys.all });
  };

  const run = async (name: string, action: () => Promise<void>) => {
    setBusy(name);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const send = async () => {
    const total = formatMoney(invoice.totalMinor, invoice.currency);
    const ok = await confirm(
      `Send this invoice of ${total} to ${invoice.organizationName}? It gets its number and can no longer change; corrections need a credit note.`,
      { title: 'Send invoice', confirmLabel: 'Send invoice', danger: false },
    );
    if (!ok) return;
    await run('send', async () => {
      const sent = await sendInvoice(invoice.id);
      await refresh(sent);
      notifications.show({ color: 'teal', message: `Invoice ${sent.number ?? ''} sent` });
    });
  };

  const regenerate = () =>
    run('regenerate', async () => {
      await refresh(await regenerateInvoice(invoice.id));
      notifications.show({ color: 'teal', message: 'Draft recomputed from the latest settled sessions' });
    });

  const download = () => run('pdf', () => downloadInvoicePdf(invoice));

  const openModal = (which: 'payment' | 'credit') => {
    setPaidOn(today());
    setReference('');
    setReason('');
    setModal(which);
  };

  return (
    <>
      <Group gap="xs">
        {canWrite && isInvoice && !finalized && (
          <>
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} aria-hidden />}
              loading={busy === 'regenerate'}
              onClick={() => void regenerate()}
            >
              Regenerate
            </Button>
            <Button leftSection={<IconSend size={16} aria-hidden />} loading={busy === 'send'} onClick={() => void send()}>
              Send
            </Button>
          </>
        )}
        {canWrite && isInvoice && finalized && outstanding > 0 && (
          <Button variant="default" leftSection={<IconCash size={16} aria-hidden />} onClick={() => openModal('payment')}>
            Record payment
          </Button>
        )}
        {canWrite && isInvoice && finalized && uncreditedSubtotal > 0 && (
          <Button variant="default" leftSection={<IconReceiptRefund size={16} aria-hidden />} onClick={() => openModal('credit')}>
            Credit note
          </Button>
        )}
        <Button
          variant="light"
          leftSection={<IconDownload size={16} aria-hidden />}
          loading={busy === 'pdf'}
          onClick={() => void download()}
        >
          Download PDF
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      <AmountModal
        opened={modal === 'payment'}
        onClose={() => setModal(null)}
        title={`Record a payment for ${invoice.number ?? 'this invoice'}`}
        currency={invoice.currency}
        suggestedMinor={outstanding}
        amountLabel="Amount received"
        submitLabel="Record payment"
        validateExtra={() => (/^\d{4}-\d{2}-\d{2}$/.test(paidOn) ? null : 'Enter the date the payment was received')}
        onSubmit={async (amountMinor) => {
          await refresh(
            await recordInvoicePayment(invoice.id, { amountMinor, paidOn, reference: reference.trim() || undefined }),
          );
          notifications.show({ color: 'teal', message: 'Payment recorded' });
        }}
      >
        <TextInput label="Received on" type="date" value={paidOn} onChange={(e) => setPaidOn(e.currentTarget.value)} required />
        <TextInput
          label="Reference"
          placeholder="Bank transfer reference"
          value={reference}
          onChange={(e) => setReference(e.currentTarget.value)}
        />
      </AmountModal>
      <AmountModal
        opened={modal === 'credit'}
        onClose={() => setModal(null)}
        title={`Credit note against ${invoice.number ?? 'this invoice'}`}
        currency={invoice.currency}
        suggestedMinor={0}
        amountLabel="Amount to credit, excluding tax"
        submitLabel="Issue credit note"
        validateExtra={() => (reason.trim() ? null : 'Give the reason for the credit note')}
        onSubmit={async (amountMinor) => {
          const note = await createCreditNote(invoice.id, { amountMinor, reason: reason.trim() });
          await refresh();
          notifications.show({ color: 'teal', message: `Credit note ${note.number ?? ''} issued` });
        }}
      >
        <Textarea
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required
          autosize
          minRows={2}
        />
      </AmountModal>
    </>
  );
}
