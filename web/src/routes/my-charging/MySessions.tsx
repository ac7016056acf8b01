import { useState } from 'react';
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileTypePdf } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type OwnSession, downloadReceipt, listMySessions, myChargingKeys } from '../../api/transactions';
import { DataTable } from '../../components/DataTable';
import { useServerPaging } from '../../components/paging';
import { ErrorAlert, errorMessage } from '../../components/states';
import { formatDateTime } from '../../format';
import { formatDuration, formatEnergy } from '../transactions/figures';

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
    { id: 'energy', header: 'Energy', enableSorting: false, cell: ({ row }) => formatEnergy(row.original.energyWh) },
    {
      id: 'duration',
      header: 'Duration',
      enableSorting: false,
      cell: ({ row }) => formatDuration(row.original.durationSeconds),
    },
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
            minWidth={640}
          />
        )}
      </Stack>
    </Paper>
  );
}
