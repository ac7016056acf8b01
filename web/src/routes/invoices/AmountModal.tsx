import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { majorToMinor, minorDigits, minorToMajor } from '../../format';
import { errorMessage } from '../../components/states';

export interface AmountModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  currency: string;
  /** Pre-filled amount in minor units (e.g. the outstanding balance). */
  suggestedMinor: number;
  amountLabel: string;
  submitLabel: string;
  /** Extra fields (date, reference, reason) rendered under the amount. */
  children?: ReactNode;
  /** Returns an error message for the extra fields, or null. */
  validateExtra?: () => string | null;
  onSubmit: (amountMinor: number) => Promise<void>;
}

/** A dialog that takes an amount in the currency's major units and sends it as exact minor units. */
export function AmountModal(props: AmountModalProps) {
  const { opened, currency, suggestedMinor } = props;
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!opened) return;
    setAmount(suggestedMinor > 0 ? minorToMajor(suggestedMinor, currency) : '');
    setAmountError(null);
    setError(null);
  }, [opened, suggestedMinor, currency]);

  const submit = async () => {
    const minor = majorToMinor(amount, currency);
    if (minor === null || minor <= 0) {
      setAmountError(`A positive amount in ${currency} with at most ${minorDigits(currency)} decimals`);
      return;
    }
    setAmountError(null);
    const extra = props.validateExtra?.() ?? null;
    if (extra) {
      setError(extra);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(minor);
      props.onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={props.onClose} title={props.title} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={props.amountLabel}
            leftSection={currency}
            leftSectionWidth={52}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={amountError}
            required
            data-autofocus
          />
          {props.children}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
