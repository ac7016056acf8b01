import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { Link } from 'react-router';
import { type Reconciliation, listReconciliations, reconciliationKeys } from '../../../api/reconciliation';
import { useSession } from '../../../auth/session';
import { DataTable } from '../../../components/DataTable';
import { OrganizationFilter } from '../../../components/OrganizationFilter';
import { useSelectedOrganization } from '../../../components/organization-scope';
import { useServerPaging } from '../../../components/paging';
import { ErrorAlert } from '../../../components/states';
import { formatDateTime } from '../../../format';
import { pathTo } from '../../route-table';
import { ImportForm } from './ImportForm';
import { GATEWAY_LABELS, OUTCOMES, periodLabel } from './labels';

/** Gateway settlement reports: import one, and every past import with what matching found. */
export function ReconciliationPage() {
  const { can } = useSession();
  const [organizationId] = useSelectedOrganization();
  const paging = useServerPaging();
  const params = { organizationId: organizationId ?? undefined, page: paging.page, pageSize: paging.pageSize };
  const query = useQuery({
    queryKey: reconciliationKeys.list(params),
    queryFn: () => listReconciliations(params),
    placeholderData: keepPreviousData,
  });

  const columns: ColumnDef<Reconciliation>[] = [
    {
      id: 'createdAt',
      header: 'Imported',
      enableSorting: false,
      cell: ({ row }) => (
        <Anchor component={Link} to={pathTo('paymentReconciliationImport', { id: row.original.id })} size="sm">
          {formatDateTime(row.original.createdAt, row.original.timeZone)}
        </Anchor>
      ),
    },
    { id: 'importedBy', header: 'By', enableSorting: false, cell: ({ row }) => row.original.importedBy ?? '—' },
    {
      id: 'file',
      header: 'File',
      enableSorting: false,
      cell: ({ row }) => (
        <Stack gap={0}>
          <Text size="sm">{row.original.fileName}</Text>
          <Text size="xs" c="dimmed">
            {GATEWAY_LABELS[row.original.gateway]} · {row.original.organizationName ?? 'All organizations'}
          </Text>
        </Stack>
      ),
    },
    {
      id: 'period',
      header: 'Period',
      enableSorting: false,
      cell: ({ row }) => (
        <Stack gap={0}>
          <Text size="sm">{periodLabel(row.original.periodFrom, row.original.periodTo, row.original.timeZone)}</Text>
          <Text size="xs" c="dimmed">
            {row.original.timeZone}
          </Text>
        </Stack>
      ),
    },
    {
      id: 'counts',
      header: 'Lines',
      enableSorting: false,
      cell: ({ row }) => (
        <Group gap={4}>
          {OUTCOMES.map((o) => (
            <Badge key={o.value} variant={row.original.counts[o.value] > 0 ? 'light' : 'outline'} color={o.color} size="sm">
              {o.label}: {row.original.counts[o.value]}
            </Badge>
          ))}
        </Group>
      ),
    },
  ];

  return (
    <Stack>
      <Title order={1}>Reconciliation</Title>
      {can('payments:write') && <ImportForm />}
      <Paper withBorder p="md">
        <Group justify="space-between" align="flex-end" mb="sm">
          <Title order={2} size="h4">
            Past imports
          </Title>
          <OrganizationFilter onChange={() => paging.setPage(1)} />
        </Group>
        {query.isError && <ErrorAlert error={query.error} />}
        <DataTable
          caption="Past imports"
          data={query.data?.items ?? []}
          columns={columns}
          total={query.data?.total ?? 0}
          {...paging.tableProps}
          getRowId={(r) => r.id}
          loading={query.isLoading}
          emptyText="No settlement report has been imported yet."
          minWidth={980}
        />
      </Paper>
    </Stack>
  );
}
