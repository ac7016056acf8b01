import { Link } from 'react-router';
import { Anchor, Button, Group, Stack, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { listOrganizations, organizationKeys } from '../../api/organizations';
import type { Organization } from '../../api/types';
import { useMayOpen } from '../../auth/guards';
import { pathTo } from '../route-table';
import { DataTable } from '../../components/DataTable';
import { useListState } from '../../components/list-state';
import { useOrganizations } from '../../components/organization-scope';
import { ErrorAlert } from '../../components/states';
import { formatDate } from '../../format';
import { ListSearch } from '../../components/ListSearch';

export function OrganizationsPage() {
  const mayOpen = useMayOpen();
  const list = useListState([{ id: 'name', desc: false }]);
  const { byId } = useOrganizations();
  const query = useQuery({
    queryKey: organizationKeys.list(list.params),
    queryFn: () => listOrganizations(list.params),
    placeholderData: keepPreviousData,
  });

  const columns: ColumnDef<Organization>[] = [
    {
      id: 'name',
      header: 'Name',
      cell: ({ row }) => (
        <Anchor component={Link} to={`/organizations/${row.original.id}`}>
          {row.original.name}
        </Anchor>
      ),
    },
    {
      id: 'parent',
      header: 'Parent',
      enableSorting: false,
      cell: ({ row }) => (row.original.parentId ? (byId.get(row.original.parentId)?.name ?? '—') : '—'),
    },
    { id: 'currency', header: 'Currency', cell: ({ row }) => row.original.currency },
    { id: 'timeZone', header: 'Time zone', enableSorting: false, cell: ({ row }) => row.original.timeZone },
    { id: 'country', header: 'Country', enableSorting: false, cell: ({ row }) => row.original.country ?? '—' },
    { id: 'siteCount', header: 'Sites', enableSorting: false, cell: ({ row }) => row.original.siteCount },
    { id: 'chargerCount', header: 'Chargers', enableSorting: false, cell: ({ row }) => row.original.chargerCount },
    { id: 'createdAt', header: 'Created', cell: ({ row }) => formatDate(row.original.createdAt) },
  ];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Organizations</Title>
        {mayOpen('organizationNew') && (
          <Button component={Link} to={pathTo('organizationNew')} leftSection={<IconPlus size={16} aria-hidden />}>
            New organization
          </Button>
        )}
      </Group>
      <ListSearch list={list} placeholder="Name" width={360} />
      {query.isError && <ErrorAlert error={query.error} />}
      <DataTable
        caption="Organizations"
        data={query.data?.items ?? []}
        columns={columns}
        total={query.data?.total ?? 0}
        {...list.tableProps}
        getRowId={(o) => o.id}
        loading={query.isLoading}
        emptyText="No organizations match."
      />
    </Stack>
  );
}
