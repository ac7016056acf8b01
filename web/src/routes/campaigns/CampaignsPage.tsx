import { useState } from 'react';
import { Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { IconPlus } from '@tabler/icons-react';
import { type Campaign, campaignKeys, deleteCampaign, listCampaigns } from '../../api/campaigns';
import { useSession } from '../../auth/session';
import { ListTable } from '../../components/ListTable';
import { useListState } from '../../components/list-state';
import { useRowActions } from '../../components/row-actions';
import { ListSearch } from '../../components/ListSearch';
import { OrganizationFilter } from '../../components/OrganizationFilter';
import { useOrganizations, useSelectedOrganization } from '../../components/organization-scope';
import { shiftDecimal } from '../../decimal';
import { formatDateTime, formatMoney } from '../../format';
import { CampaignFormModal } from './CampaignFormModal';
import { DeleteButton } from '../../components/DeleteButton';

/** Discount campaigns: listed for finance:read, created, edited and deleted with finance:write. */
export function CampaignsPage() {
  const { can } = useSession();
  const canWrite = can('finance:write');
  const queryClient = useQueryClient();
  const { byId } = useOrganizations();
  // Validity on the organization's clock, its zone named; the browser's when the organization is not listed.
  const zoneOf = (organizationId: string) => byId.get(organizationId)?.timeZone;
  const list = useListState([{ id: 'validFrom', desc: true }]);
  const [org] = useSelectedOrganization();
  const [editing, setEditing] = useState<Campaign | 'new' | null>(null);
  const actions = useRowActions(campaignKeys.all);
  const params = { ...list.params, organizationId: org ?? undefined };
  const query = useQuery({
    queryKey: campaignKeys.list(params),
    queryFn: () => listCampaigns(params),
    placeholderData: keepPreviousData,
  });

  const remove = (c: Campaign) =>
    actions.perform({
      confirm: { message: `Delete the campaign “${c.name}”?`, label: 'Delete campaign' },
      run: () => deleteCampaign(c.id),
      done: `Campaign “${c.name}” deleted`,
    });

  const discountOf = (c: Campaign) =>
    c.kind === 'percent'
      ? `${shiftDecimal(c.percent ?? '0', 2)} % off`
      : `${formatMoney(c.fixedMinor ?? 0, byId.get(c.organizationId)?.currency ?? 'LKR')} off`;

  const columns: ColumnDef<Campaign>[] = [
    {
      id: 'name',
      header: 'Name',
      cell: ({ row }) => (
        <Anchor component="button" type="button" onClick={() => setEditing(row.original)}>
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
      id: 'appliesTo',
      header: 'Applies to',
      enableSorting: false,
      cell: ({ row }) => <Badge variant="light">{row.original.siteId ? 'One site' : 'Whole organization'}</Badge>,
    },
    { id: 'discount', header: 'Discount', enableSorting: false, cell: ({ row }) => discountOf(row.original) },
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
        <Title order={1}>Campaigns</Title>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            New campaign
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        A campaign takes a percentage or a fixed amount off the price of sessions that start while it is in force. A site campaign
        wins over organization-wide ones; among several, the driver gets the largest discount.
      </Text>
      <Group align="flex-end">
        <ListSearch list={list} placeholder="Name" width={240} />
        <OrganizationFilter onChange={list.resetPage} />
      </Group>
      <ListTable
        caption="Campaigns"
        query={query}
        list={list}
        columns={columns}
        getRowId={(c) => c.id}
        emptyText="No campaigns match."
        actionError={actions.error}
        onDismissError={actions.dismiss}
      />
      {editing && (
        <CampaignFormModal
          campaign={editing === 'new' ? null : editing}
          organizationId={org}
          readOnly={!canWrite}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            notifications.show({ color: 'teal', message: `Campaign “${saved.name}” saved` });
            setEditing(null);
            void queryClient.invalidateQueries({ queryKey: campaignKeys.all });
          }}
        />
      )}
    </Stack>
  );
}
