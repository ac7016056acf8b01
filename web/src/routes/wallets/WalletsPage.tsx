import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAdjustments, IconReceiptRefund } from '@tabler/icons-react';
import {
  type Wallet,
  type WalletEntry,
  adjustWallet,
  getWallet,
  listWallets,
  refundToWallet,
  walletKeys,
} from '../../api/wallets';
import { useSession } from '../../auth/session';
import { OrganizationFilter } from '../../components/OrganizationFilter';
import { useSelectedOrganization } from '../../components/organization-scope';
import { useServerPaging } from '../../components/paging';
import { ErrorAlert, Loading, errorMessage } from '../../components/states';
import { formatDateTime, formatMoney } from '../../format';
import { AmountModal } from '../invoices/AmountModal';
import { WalletEntries } from './WalletEntries';
import { signedMajorToMinor } from './signed-amount';

const STATE_BADGE: Record<Wallet['state'], { label: string; color: string } | null> = {
  ok: null,
  low: { label: 'Low', color: 'orange' },
  negative: { label: 'Negative', color: 'red' },
};

/** Drivers' wallets: balances (low and negative ones marked), one wallet's entries, Accounts' adjustments and refunds. */
export function WalletsPage() {
  const [organizationId] = useSelectedOrganization();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const paging = useServerPaging();
  const params = {
    organizationId: organizationId ?? undefined,
    q: q.trim() || undefined,
    page: paging.page,
    pageSize: paging.pageSize,
  };
  const query = useQuery({
    queryKey: walletKeys.list(params),
    queryFn: () => listWallets(params),
    placeholderData: keepPreviousData,
  });
  const wallets = query.data?.items ?? [];
  const selected = wallets.find((w) => w.id === picked) ?? wallets[0] ?? null;

  return (
    <Stack>
      <Title order={1}>Wallets</Title>
      <Group align="flex-end">
        <OrganizationFilter onChange={() => setPicked(null)} />
        <TextInput
          label="Search"
          placeholder="Driver name or e-mail"
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            paging.setPage(1);
          }}
        />
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
            A balance is the sum of the wallet’s entries. Low: at or under the organization’s low-balance mark; negative: the
            driver owes charging.
          </Text>
          <WalletTable wallets={wallets} selectedId={selected?.id ?? null} onSelect={setPicked} />
        </Paper>
      )}
      {selected && <WalletPanel key={selected.id} wallet={selected} />}
    </Stack>
  );
}

function WalletTable({
  wallets,
  selectedId,
  onSelect,
}: {
  wallets: Wallet[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={720} type="native">
      <Table highlightOnHover aria-label="Wallet balances">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Driver</Table.Th>
            <Table.Th>Organization</Table.Th>
            <Table.Th ta="right">Balance</Table.Th>
            <Table.Th ta="right">Entries</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {wallets.map((w) => {
            const selected = w.id === selectedId;
            const badge = STATE_BADGE[w.state];
            return (
              <Table.Tr key={w.id} bg={selected ? 'var(--mantine-color-teal-light)' : undefined} aria-selected={selected}>
                <Table.Td>
                  <UnstyledButton
                    onClick={() => onSelect(w.id)}
                    fw={selected ? 700 : 500}
                    c="var(--mantine-color-teal-light-color)"
                  >
                    {w.userName}
                  </UnstyledButton>
                  <Text size="xs" c="dimmed">
                    {w.userEmail}
                  </Text>
                </Table.Td>
                <Table.Td>{w.organizationName}</Table.Td>
                <Table.Td ta="right" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    {badge && (
                      <Badge color={badge.color} variant="light">
                        {badge.label}
                      </Badge>
                    )}
                    <Text span fw={700} c={w.balanceMinor < 0 ? 'red' : undefined} ff="monospace">
                      {formatMoney(w.balanceMinor, w.currency)}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td ta="right">{w.entryCount}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {wallets.length === 0 && (
        <Text c="dimmed" ta="center" py="md">
          No wallets in view.
        </Text>
      )}
    </Table.ScrollContainer>
  );
}

/** One wallet: its balance, entries and (with payments:write) the Adjust and Refund-to-wallet actions. */
function WalletPanel({ wallet }: { wallet: Wallet }) {
  const { can } = useSession();
  const canWrite = can('payments:write');
  const paging = useServerPaging();
  const queryClient = useQueryClient();
  const [adjusting, setAdjusting] = useState(false);
  const [refunding, setRefunding] = useState(false);
  const [refundSession, setRefundSession] = useState('');
  const [refundReason, setRefundReason] = useState('');
  const detail = useQuery({
    queryKey: walletKeys.detail(wallet.id, paging.page, paging.pageSize),
    queryFn: () => getWallet(wallet.id, paging.page, paging.pageSize),
    placeholderData: keepPreviousData,
  });
  const shown = detail.data?.wallet ?? wallet;
  const refreshed = () => queryClient.invalidateQueries({ queryKey: walletKeys.all });

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm" align="flex-start">
        <div>
          <Title order={2} size="h4">
            Wallet: {shown.userName}
          </Title>
          <Text size="sm">
            Balance{' '}
            <Text span fw={700} ff="monospace" c={shown.balanceMinor < 0 ? 'red' : undefined}>
              {formatMoney(shown.balanceMinor, shown.currency)}
            </Text>
          </Text>
          <Text size="xs" c="dimmed">
            Low-balance mark {formatMoney(shown.lowBalanceMinor, shown.currency)} · may go down to{' '}
            {formatMoney(-shown.negativeLimitMinor, shown.currency)} at session end
          </Text>
        </div>
        {canWrite && (
          <Group>
            <Button leftSection={<IconAdjustments size={16} aria-hidden />} onClick={() => setAdjusting(true)}>
              Adjust
            </Button>
            <Button
              variant="default"
              leftSection={<IconReceiptRefund size={16} aria-hidden />}
              onClick={() => {
                setRefundSession('');
                setRefundReason('');
                setRefunding(true);
              }}
            >
              Refund to wallet
            </Button>
          </Group>
        )}
      </Group>
      {detail.isError && <ErrorAlert error={detail.error} />}
      <WalletEntries
        entries={detail.data?.entries.items ?? []}
        total={detail.data?.entries.total ?? 0}
        currency={shown.currency}
        timeZone={shown.timeZone}
        paging={paging}
        loading={detail.isLoading}
        linkSessions
      />
      <AdjustModal opened={adjusting} onClose={() => setAdjusting(false)} wallet={shown} onDone={refreshed} />
      <AmountModal
        opened={refunding}
        onClose={() => setRefunding(false)}
        title={`Refund to ${shown.userName}'s wallet`}
        currency={shown.currency}
        suggestedMinor={0}
        amountLabel="Amount to give back"
        submitLabel="Refund to wallet"
        validateExtra={() =>
          !refundSessionOptions(detail.data?.entries.items ?? []).some((s) => s === refundSession)
            ? 'Pick the charging session the money is for'
            : refundReason.trim()
              ? null
              : 'Say why the money is given back'
        }
        onSubmit={async (amountMinor) => {
          await refundToWallet(wallet.id, { sessionId: refundSession, amountMinor, reason: refundReason.trim() });
          await refreshed();
          notifications.show({ color: 'teal', message: `Refunded ${formatMoney(amountMinor, shown.currency)} to the wallet` });
        }}
      >
        <Select
          label="Session"
          description="A charging session paid from this wallet (its debits on the page shown)"
          data={debits(detail.data?.entries.items ?? [], shown)}
          value={refundSession || null}
          onChange={(value) => setRefundSession(value ?? '')}
          required
        />
        <Textarea label="Reason" value={refundReason} onChange={(e) => setRefundReason(e.currentTarget.value)} required />
      </AmountModal>
    </Paper>
  );
}

const refundSessionOptions = (entries: WalletEntry[]) =>
  entries.filter((e) => e.kind === 'debit' && e.sessionId).map((e) => e.sessionId!);

/** The debits as choices: when, and how much the session took. */
const debits = (entries: WalletEntry[], wallet: Wallet) =>
  entries
    .filter((e) => e.kind === 'debit' && e.sessionId)
    .map((e) => ({
      value: e.sessionId!,
      label: `${formatDateTime(e.createdAt, wallet.timeZone)} · ${formatMoney(-e.amountMinor, wallet.currency)}`,
    }));

/** A signed amount in major units and the reason: + credits the wallet, − takes from it. */
function AdjustModal(props: { opened: boolean; onClose: () => void; wallet: Wallet; onDone: () => Promise<unknown> }) {
  const { wallet } = props;
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setAmount('');
    setReason('');
    setError(null);
    props.onClose();
  };
  const submit = async () => {
    const minor = signedMajorToMinor(amount, wallet.currency);
    if (minor === null || minor === 0) return setError(`Enter a non-zero amount in ${wallet.currency}, with − to take money out`);
    if (!reason.trim()) return setError('Say why the wallet is adjusted');
    setBusy(true);
    setError(null);
    try {
      await adjustWallet(wallet.id, { amountMinor: minor, reason: reason.trim() });
      await props.onDone();
      notifications.show({ color: 'teal', message: `Wallet adjusted by ${formatMoney(minor, wallet.currency)}` });
      close();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={props.opened} onClose={close} title={`Adjust ${wallet.userName}'s wallet`} centered>
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
            label="Amount"
            description="+ credits the wallet, − takes money out"
            leftSection={wallet.currency}
            leftSectionWidth={52}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            required
            data-autofocus
          />
          <Textarea label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} required />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Adjust wallet
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
