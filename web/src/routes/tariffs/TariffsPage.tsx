import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Anchor, Badge, Button, Group, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { IconPlus } from '@tabler/icons-react';
import { type AssignmentLevel, type Tariff, deleteTariff, listTariffs, tariffKeys } from '../../api/tariffs';
import { useSession } from '../../auth/session';
import { ALL, ChoiceFilter, ListTable } from '../../components/ListTable';
import { useListState } from '../../components/list-state';
import { useRowActions } from '../../components/row-actions';
import { OrganizationFilter } from '../../components/OrganizationFilter';
import { useOrganizations, useOrgLink, useSelectedOrganization } from '../../components/organization-scope';
import { formatDateTime } from '../../format';
import { ListSearch } from '../../components/ListSearch';
import { DeleteButton } from '../../components/DeleteButton';

export const LEVEL_LABELS: Record<AssignmentLevel, string> = {
  organization: 'Organization default',
  site: 'Site',
  charger: 'Charger',
  connector: 'Connector',
};

export function TariffsPage() {
  const { can } = useSession();
  const canWrite = can('finance:write');
  const navigate = useNavigate();
  const orgLink = useOrgLink();
  const { byId } = useOrganizations();
  // Validity on the organization's clock, its zone named; the browser's when the organization is not listed.
  const zoneOf = (organizationId: string) => byId.get(organizationId)?.timeZone;
  const list = useListState([{ id: 'validFrom', desc: true }]);
  const [org] = useSelectedOrganization();
  const [validity, setValidity] = useState(ALL);
  const actions = useRowActions(tariffKeys.all);
  const [now] = useState(() => new Date().toISOString());
  const params = { ...list.params, organizationId: org ?? undefined, validAt: validity === 'now' ? now : undefined };
  const query = useQuery({
    queryKey: tariffKeys.list(params),
    queryFn: () => listTariffs(params),
    placeholderData: keepPreviousData,
  });

  const remove = (tariff: Tariff) =>
    actions.perform({
      confirm: { message: `Delete the tariff “${tariff.name}”?`, label: 'Delete tariff' },
      run: () => deleteTariff(tariff.id),
      done: `Tariff “${tariff.name}” deleted`,
    });

  const columns: ColumnDef<Tariff>[] = [
    {
      id: 'name',
      header: 'Name',
      cell: ({ row }) => (
        <Anchor component={Link} to={orgLink(`/tariffs/${row.original.id}`)}>
          {row.original.name}
        </Anchor>
      ),
    },
    {
      id: 'organization',
      header: 'Organization',
      enableSorting: false,
      cell: ({ row }) => byId.get(row.original.organizationId)?.name ?? '—',
    },
    {
      id: 'level',
      header: 'Applies to',
      enableSorting: false,
      cell: ({ row }) => <Badge variant="light">{LEVEL_LABELS[row.original.level]}</Badge>,
    },
    { id: 'currency', header: 'Currency', cell: ({ row }) => row.original.currency },
    {
      id: 'validFrom',
      header: 'Valid from',
      cell: ({ row }) => formatDateTime(row.original.validFrom, zoneOf(row.original.organizationId)),
    },
    {
      id: 'validTo',
      header: 'Valid until',
      enableSorting: false,
      cell: ({ row }) =>
        row.original.validTo ? formatDateTime(row.original.validTo, zoneOf(row.original.organizationId)) : 'Open-ended',
    },
    { id: 'version', header: 'Version', enableSorting: false, cell: ({ row }) => row.original.version },
  ];
  if (canWrite) {
    columns.push({
      id: 'actions',
      header: 'Actions',
      enableSorting: false,
      cell: ({ row }) => <DeleteButton name={row.original.name} onDelete={() => void remove(row.original)} />,
    });
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Tariffs</Title>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => void navigate(orgLink('/tariffs/new'))}>
            New tariff
          </Button>
        )}
      </Group>
      <Group align="flex-end">
        <ListSearch list={list} placeholder="Name" width={240} />
        <OrganizationFilter onChange={list.resetPage} />
        <ChoiceFilter
          label="Validity"
          width={180}
          all="Any validity"
          choices={{ now: 'Valid now' }}
          value={validity}
          onChange={setValidity}
          list={list}
        />
      </Group>
      <ListTable
        caption="Tariffs"
        query={query}
        list={list}
        columns={columns}
        getRowId={(t) => t.id}
        emptyText="No tariffs match."
        actionError={actions.error}
        onDismissError={actions.dismiss}
      />
    </Stack>
  );
}
