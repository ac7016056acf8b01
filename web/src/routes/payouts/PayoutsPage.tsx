import { useState } from 'react';
import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconCash } from '@tabler/icons-react';
import { listPayoutBalances, payoutKeys, recordPayout } from '../../api/payouts';
import { useSession } from '../../auth/session';
import { useWholeOrganizationScope } from '../../auth/whole-organization';
import { OrganizationFilter } from '../../components/OrganizationFilter';
import { useSelectedOrganization } from '../../components/organization-scope';
import { ErrorAlert, Loading } from '../../components/states';
import { formatMoney } from '../../format';
import { AmountModal } from '../invoices/AmountModal';
import { today } from '../invoices/period';
import { PayoutBalancesTable } from './PayoutBalancesTable';
import { PayoutLedger } from './PayoutLedger';

/** Payouts ledger: per organization, accruals, invoices deducted, payouts made and the balance owed. */
export function PayoutsPage() {
  const { can } = useSession();
  // Recording a payout is organization-level: a role limited to sites may not, even with payments:write.
  const canPay = can('payments:write') && useWholeOrganizationScope();
  const queryClient = useQueryClient();
  const [filterOrg] = useSelectedOrganization();
  const [picked, setPicked] = useState<string | null>(null);
  const [paying, setPaying] = useState(false);
  const [paidOn, setPaidOn] = useState(today());
  const [reference, setReference] = useState('');
  const query = useQuery({
    queryKey: payoutKeys.balances(filterOrg ?? undefined),
    queryFn: () => listPayoutBalances(filterOrg ?? undefined),
  });
  const balances = query.data?.items ?? [];
  const selected = balances.find((b) => b.organizationId === (filterOrg ?? picked)) ?? balances[0] ?? null;

  const openPayout = () => {
    setPaidOn(today());
    setReference('');
    setPaying(true);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Payouts</Title>
      </Group>
      <Group align="flex-end">
        <OrganizationFilter onChange={() => setPicked(null)} />
      </Group>
      {query.isError && <ErrorAlert error={query.error} />}
      {query.isLoading ? (
        <Loading />
      ) : (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Balances
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Partner share accrued from settled sessions (platform commission and gateway charges already taken out), less the
            taxes on sent invoices, plus credit notes, less payouts made.
          </Text>
          <PayoutBalancesTable balances={balances} selectedId={selected?.organizationId ?? null} onSelect={setPicked} />
        </Paper>
      )}
      {selected && (
        <Paper withBorder p="md">
          <Group justify="space-between" mb="sm">
            <div>
              <Title order={2} size="h4">
                Ledger: {selected.organizationName}
              </Title>
              <Text size="sm" c="dimmed">
                Balance owed {formatMoney(selected.balanceMinor, selected.currency)}
              </Text>
            </div>
            {canPay && (
              <Button leftSection={<IconCash size={16} aria-hidden />} onClick={openPayout} disabled={selected.balanceMinor <= 0}>
                Record payout
              </Button>
            )}
          </Group>
          <PayoutLedger organizationId={selected.organizationId} currency={selected.currency} />
          <AmountModal
            opened={paying}
            onClose={() => setPaying(false)}
            title={`Record a payout to ${selected.organizationName}`}
            currency={selected.currency}
            suggestedMinor={selected.balanceMinor}
            amountLabel="Amount paid out"
            submitLabel="Record payout"
            validateExtra={() => (/^\d{4}-\d{2}-\d{2}$/.test(paidOn) ? null : 'Enter the date of the payout')}
            onSubmit={async (amountMinor) => {
              await recordPayout({
                organizationId: selected.organizationId,
                amountMinor,
                paidOn,
                reference: reference.trim() || undefined,
              });
              await queryClient.invalidateQueries({ queryKey: payoutKeys.all });
              notifications.show({ color: 'teal', message: `Payout to ${selected.organizationName} recorded` });
            }}
          >
            <TextInput label="Paid on" type="date" value={paidOn} onChange={(e) => setPaidOn(e.currentTarget.value)} required />
            <TextInput
              label="Reference"
              placeholder="Bank transfer reference"
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
            />
          </AmountModal>
        </Paper>
      )}
    </Stack>
  );
}
