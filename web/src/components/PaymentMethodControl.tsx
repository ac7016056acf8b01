import { useState } from 'react';
import { Loader, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { PaymentGateway, PaymentMethod } from '../api/pricing';
import { GATEWAY_LABELS } from '../routes/organizations/options';
import { errorMessage } from './states';

const OPTIONS = Object.entries(GATEWAY_LABELS).map(([value, label]) => ({ value, label }));
/** The option that removes the holder's own method. */
const NONE = 'none';
const NONE_LABEL = { id_token: 'None of its own (driver’s or manual)', user: 'None (manual)' } as const;

type Holder = 'id_token' | 'user';

/** Where the method settlement would use comes from, when the holder (a token or a user) has none of its own. */
export function paymentMethodHint(method: PaymentMethod, holder: Holder): string | null {
  if (method.source === holder) return null;
  return method.source === 'user' ? 'from driver' : 'default';
}

function ReadOnly({ method, label, holder }: { method: PaymentMethod; label: string; holder: Holder }) {
  const hint = paymentMethodHint(method, holder);
  return (
    <Text size="sm" aria-label={label}>
      {GATEWAY_LABELS[method.effectiveGateway]}
      {hint && (
        <Text span size="xs" c="dimmed">
          {' '}
          ({hint})
        </Text>
      )}
    </Text>
  );
}

interface Props {
  method: PaymentMethod;
  holder: Holder;
  /** payments:write: a Select that saves on change; otherwise read-only text. */
  editable: boolean;
  /** Accessible name, e.g. "Payment method of LANKA-RFID-001". */
  label: string;
  /** Shown above the Select (forms); tables leave it out and rely on `label`. */
  visibleLabel?: string;
  /** `null`: remove the holder's own method (cleared in the Select). */
  save: (gateway: PaymentGateway | null) => Promise<PaymentMethod>;
  onSaved?: (method: PaymentMethod) => void;
  size?: 'xs' | 'sm';
}

/**
 * The payment method of an ID token or a user. Without one of its own, the Select shows what
 * settlement would use instead (the driver's, or manual) as its placeholder.
 */
export function PaymentMethodControl({ method, holder, editable, label, visibleLabel, save, onSaved, size = 'xs' }: Props) {
  const [saving, setSaving] = useState<PaymentGateway | 'none' | null>(null);
  if (!editable) return <ReadOnly method={method} label={label} holder={holder} />;
  const hint = paymentMethodHint(method, holder);

  const change = async (value: string | null) => {
    if (!value || value === method.gateway || (value === NONE && method.gateway === null)) return;
    const gateway = value === NONE ? null : (value as PaymentGateway);
    setSaving(gateway ?? 'none');
    try {
      const saved = await save(gateway);
      notifications.show({ color: 'teal', message: `${label}: ${GATEWAY_LABELS[saved.effectiveGateway]}` });
      onSaved?.(saved);
    } catch (e) {
      notifications.show({ color: 'red', message: `Could not set the payment method: ${errorMessage(e)}` });
    } finally {
      setSaving(null);
    }
  };

  return (
    <Stack gap={2}>
      <Select
        label={visibleLabel}
        aria-label={visibleLabel ? undefined : label}
        size={size}
        w={visibleLabel ? undefined : 195}
        data={method.gateway === null ? OPTIONS : [{ value: NONE, label: NONE_LABEL[holder] }, ...OPTIONS]}
        value={saving === 'none' ? null : (saving ?? method.gateway)}
        placeholder={`${GATEWAY_LABELS[method.effectiveGateway]}${hint ? ` (${hint})` : ''}`}
        allowDeselect={false}
        disabled={saving !== null}
        rightSection={saving ? <Loader size={12} /> : undefined}
        onChange={(value) => void change(value)}
        description={
          visibleLabel && hint ? `None of its own: settled with ${GATEWAY_LABELS[method.effectiveGateway]}` : undefined
        }
      />
    </Stack>
  );
}
