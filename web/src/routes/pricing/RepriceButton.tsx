import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { type RepriceResult, repriceSession } from '../../api/pricing';
import { useSession } from '../../auth/session';
import { errorMessage } from '../../components/states';
import { formatMoney } from '../../format';

/**
 * "Re-price" for a settled session's cost breakdown: asks for a reason, re-prices with the tariff in
 * force now and reports whether anything changed. Hidden without finance:write (the server refuses too).
 */
export function RepriceButton({ sessionId, onRepriced }: { sessionId: string; onRepriced?: (result: RepriceResult) => void }) {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!can('finance:write')) return null;

  const close = () => {
    setOpen(false);
    setReason('');
    setError(null);
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await repriceSession(sessionId, reason.trim());
      const { settlement } = result;
      notifications.show({
        color: result.changed ? 'teal' : 'gray',
        message: result.changed
          ? `Re-priced (revision ${settlement.revision}): net now ${formatMoney(settlement.netMinor, settlement.currency)}`
          : 'Nothing changed: the session already has these figures',
      });
      // Every cached view of this session (breakdown, adjustments, detail) reloads.
      await queryClient.invalidateQueries({ queryKey: ['sessions', sessionId] });
      onRepriced?.(result);
      close();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="xs" variant="light" onClick={() => setOpen(true)}>
        Re-price
      </Button>
      <Modal opened={open} onClose={close} title="Re-price this session">
        <Stack>
          <Text size="sm">
            Prices the session again with the tariff, campaigns and contract in force now. When a figure changes, an adjustment
            with adjusting ledger postings is recorded; nothing is overwritten silently.
          </Text>
          <Textarea
            label="Reason"
            description="Kept with the adjustment and in the audit log"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            minRows={2}
            maxLength={500}
            required
            data-autofocus
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button onClick={() => void submit()} loading={busy} disabled={reason.trim().length < 3}>
              Re-price
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
