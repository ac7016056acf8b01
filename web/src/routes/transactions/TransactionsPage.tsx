import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { IconDownload } from '@tabler/icons-react';
import {
  type Transaction,
  type TransactionFilter,
  downloadTransactions,
  getTransactionSummary,
  listTransactions,
  transactionKeys,
} from '../../api/transactions';
import { DataTable } from '../../components/DataTable';
import { dayRangeError } from '../../components/LocalDayRange';
import { useListState } from '../../components/list-state';
import { useOrgLink, useSelectedOrganization } from '../../components/organization-scope';
import { ErrorAlert, errorMessage } from '../../components/states';
import { formatDateTime } from '../../format';
import { ChargerBreakdown } from './ChargerBreakdown';
import { flagWords, formatDuration, formatEnergy, moneyOrDash } from './figures';
import { SummaryTiles } from './SummaryTiles';
import { EMPTY_FILTERS, type FilterValues, TransactionFilters } from './TransactionFilters';

export function StatusBadge({ row }: { row: Pick<Transaction, 'status' | 'flagged' | 'flags'> }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge variant="light" color={row.status === 'active' ? 'teal' : 'gray'}>
        {row.status === 'active' ? 'Charging' : 'Completed'}
      </Badge>
      {row.flagged && (
        <Badge variant="light" color="orange" title={row.flags.map(flagWords).join('; ')}>
          Flagged
        </Badge>
      )}
    </Group>
  );
}

/** Sessions across the organizations in scope: filters, totals, per-charger figures, the rows, and exports. */
export function TransactionsPage() {
  const list = useListState([{ id: 'startedAt', desc: true }]);
  const [org] = useSelectedOrganization();
  const orgLink = useOrgLink();
  const [values, setValues] = useState<FilterValues>(EMPTY_FILTERS);
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const valid = dayRangeError(values) === null;
  // Typed filters wait for a pause in typing, like the search box.
  const [connectorId] = useDebouncedValue(values.connectorId, 300);
  const [vehicleRef] = useDebouncedValue(values.vehicleRef.trim(), 300);
  const filter: TransactionFilter = {
    organizationId: org ?? undefined,
    siteId: values.siteId ?? undefined,
    chargerId: values.chargerId ?? undefined,
    connectorId: connectorId === '' ? undefined : connectorId,
    userId: values.userId ?? undefined,
    idTokenId: values.idTokenId ?? undefined,
    vehicleRef: vehicleRef || undefined,
    status: values.status ?? undefined,
    from: values.from || undefined,
    to: values.to || undefined,
    q: list.params.q,
  };
  const params = { ...list.params, ...filter };
  const rows = useQuery({
    queryKey: transactionKeys.list(params),
    queryFn: () => listTransactions(params),
    placeholderData: keepPreviousData,
    enabled: valid,
  });
  const summary = useQuery({
    queryKey: transactionKeys.summary(filter),
    queryFn: () => getTransactionSummary(filter),
    placeholderData: keepPreviousData,
    enabled: valid,
  });

  const download = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      await downloadTransactions(filter, format);
    } catch (e) {
      notifications.show({ color: 'red', message: `The export failed: ${errorMessage(e)}` });
    } finally {
      setExporting(null);
    }
  };

  const columns: ColumnDef<Transaction>[] = [
    {
      id: 'startedAt',
      header: 'Started',
      cell: ({ row }) => (
        <Anchor component={Link} to={orgLink(`/transactions/${row.original.id}`)}>
          {formatDateTime(row.original.startedAt, row.original.timeZone)}
        </Anchor>
      ),
    },
    {
      id: 'charger',
      header: 'Charger',
      enableSorting: false,
      cell: ({ row }) => (
        <div>
          <Text size="sm">
            {row.original.chargerName}
            {row.original.connectorId != null ? ` · ${row.original.connectorId}` : ''}
          </Text>
          <Text size="xs" c="dimmed">
            {row.original.siteName} · {row.original.organizationName}
          </Text>
        </div>
      ),
    },
    {
      id: 'driver',
      header: 'Driver / ID tag',
      enableSorting: false,
      cell: ({ row }) => row.original.driverName ?? row.original.idTag ?? '—',
    },
    { id: 'status', header: 'Status', enableSorting: false, cell: ({ row }) => <StatusBadge row={row.original} /> },
    {
      id: 'duration',
      header: 'Duration',
      enableSorting: false,
      cell: ({ row }) => formatDuration(row.original.durationSeconds),
    },
    { id: 'energyWh', header: 'Energy', cell: ({ row }) => formatEnergy(row.original.energyWh) },
    {
      id: 'gross',
      header: 'Gross',
      enableSorting: false,
      cell: ({ row }) => moneyOrDash(row.original.grossMinor, row.original.currency),
    },
  ];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Transactions</Title>
        <Group gap="xs">
          {(['csv', 'xlsx'] as const).map((format) => (
            <Button
              key={format}
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
              loading={exporting === format}
              disabled={!valid}
              onClick={() => void download(format)}
            >
              Export {format.toUpperCase()}
            </Button>
          ))}
        </Group>
      </Group>
      <TransactionFilters organizationId={org} values={values} onChange={setValues} list={list} />
      {summary.isError && <ErrorAlert error={summary.error} title="Could not load the totals" />}
      {summary.data && <SummaryTiles summary={summary.data} />}
      {rows.isError && <ErrorAlert error={rows.error} />}
      <DataTable
        caption="Sessions"
        data={rows.data?.items ?? []}
        columns={columns}
        total={rows.data?.total ?? 0}
        {...list.tableProps}
        getRowId={(r) => r.id}
        loading={rows.isLoading}
        emptyText="No sessions match."
        minWidth={900}
      />
      {summary.data && <ChargerBreakdown summary={summary.data} />}
    </Stack>
  );
}
