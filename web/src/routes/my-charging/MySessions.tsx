import { useState } from 'react';
import { Badge, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileTypePdf } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type OwnSession, downloadReceipt, listMySessions, myChargingKeys } from '../../api/transactions';
import { DataTable } from '../../components/DataTable';
import { useServerPaging } from '../../components/paging';
import { ErrorAlert, errorMessage } from '../../components/states';
import { formatDateTime, formatMoney } from '../../format';
import { formatDuration, formatEnergy } from '../transactions/figures';

/** Where the money of a session stands, as a driver reads it. */
const PAYMENT_WORDS: Record<string, { label: string; color: string }> = {
  held: { label: 'Amount held on card', color: 'blue' },
  hold_unknown: { label: 'Being checked', color: 'gray' },
  hold_declined: { label: 'Card declined', color: 'red' },
  capturing: { label: 'Being charged', color: 'blue' },
  captured: { label: 'Paid by card', color: 'green' },
  voided: { label: 'Nothing to pay', color: 'gray' },
  wallet_debited: { label: 'Paid from wallet', color: 'green' },
  payment_failed: { label: 'Payment failed', color: 'red' },
};

function payment(session: OwnSession) {
  if (session.status === 'active') return <Badge color="blue">Charging</Badge>;
  const words = session.paymentStatus ? PAYMENT_WORDS[session.paymentStatus] : null;
  if (words) return <Badge color={words.color}>{words.label}</Badge>;
  return <Text size="sm">{session.settled ? 'Billed by your operator' : 'Being priced'}</Text>;
}

/** Downloads one session's receipt; the button spins while the PDF is fetched. */
function ReceiptButton({ session }: { session: OwnSession }) {
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      await downloadReceipt(session.id);
    } catch (e) {
      notifications.show({ color: 'red', title: 'The receipt could not be downloaded', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="compact-sm"
      variant="light"
      leftSection={<IconFileTypePdf size={16} />}
      loading={busy}
      onClick={() => void download()}
      aria-label={`Receipt (PDF) for the session of ${formatDateTime(session.startedAt, session.timeZone)}`}
    >
      Receipt (PDF)
    </Button>
  );
}

/** The driver's own sessions, newest first, each settled one with its receipt. */
export function MySessions() {
  const paging = useServerPaging(10);
  const query = useQuery({
    queryKey: myChargingKeys.sessions(paging.page, paging.pageSize),
    queryFn: () => listMySessions(paging.page, paging.pageSize),
    placeholderData: keepPreviousData,
  });
  const columns: ColumnDef<OwnSession>[] = [
    {
      id: 'startedAt',
      header: 'Started',
      enableSorting: false,
      cell: ({ row }) => formatDateTime(row.original.startedAt, row.original.timeZone),
    },
    {
      id: 'where',
      header: 'Where',
      enableSorting: false,
      cell: ({ row }) => `${row.original.siteName} · ${row.original.chargerName}`,
    },
    {
      id: 'cost',
      header: 'Cost',
      enableSorting: false,
      cell: ({ row }) =>
        row.original.grossMinor !== null && row.original.currency
          ? formatMoney(row.original.grossMinor, row.original.currency)
          : '—',
    },
    { id: 'payment', header: 'Payment', enableSorting: false, cell: ({ row }) => payment(row.original) },
    {
      id: 'receipt',
      header: 'Receipt',
      enableSorting: false,
      cell: ({ row }) =>
        row.original.settled ? (
          <ReceiptButton session={row.original} />
        ) : (
          <Text size="sm" c="dimmed">
            {row.original.status === 'active' ? 'Charging' : 'Being priced'}
          </Text>
        ),
    },
    { id: 'energy', header: 'Energy', enableSorting: false, cell: ({ row }) => formatEnergy(row.original.energyWh) },
    {
      id: 'duration',
      header: 'Duration',
      enableSorting: false,
      cell: ({ row }) => formatDuration(row.original.durationSeconds),
    },
  ];
  return (
    <Paper withBorder p="md" component="section" aria-label="My sessions">
      <Stack gap="sm">
        <Title order={2} size="h3">
          My sessions
        </Title>
        {query.isError ? (
          <ErrorAlert error={query.error} title="Your sessions could not be loaded" />
        ) : (
          <DataTable
            {...paging.tableProps}
            data={query.data?.items ?? []}
            total={query.data?.total ?? 0}
            columns={columns}
            getRowId={(row) => row.id}
            loading={query.isFetching}
            caption="My charging sessions"
            emptyText="No charging sessions yet"
            minWidth={820}
          />
        )}
        <Text size="sm" c="dimmed">
          Times are on your operator&apos;s clock, with the zone shown. Costs include taxes.
        </Text>
      </Stack>
    </Paper>
  );
}
