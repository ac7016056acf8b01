import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Group, Modal, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { IconPlus } from '@tabler/icons-react';
import { deleteSite, listSites, siteKeys } from '../../api/sites';
import type { Site } from '../../api/types';
import { useSession } from '../../auth/session';
import { ListTable } from '../../components/ListTable';
import { useListState } from '../../components/list-state';
import { useRowActions } from '../../components/row-actions';
import { OrganizationFilter } from '../../components/OrganizationFilter';
import { useSelectedOrganization } from '../../components/organization-scope';
import { SiteForm } from './SiteForm';
import { ListSearch } from '../../components/ListSearch';
import { DeleteButton } from '../../components/DeleteButton';
import { MaintenanceWindowsCard } from '../alerts/MaintenanceWindowsCard';

export function SitesPage() {
  const { can } = useSession();
  const canWrite = can('sites:write');
  const canSeeMaintenance = can('alerts:read');
  const canSeeEnergy = can('monitoring:read');
  const [maintenanceOf, setMaintenanceOf] = useState<Site | null>(null);
  const queryClient = useQueryClient();
  const list = useListState([{ id: 'name', desc: false }]);
  const [org] = useSelectedOrganization();
  const [editing, setEditing] = useState<Site | null | undefined>(undefined);
  const actions = useRowActions(siteKeys.all);
  const params = { ...list.params, organizationId: org ?? undefined };
  const query = useQuery({
    queryKey: siteKeys.list(params),
    queryFn: () => listSites(params),
    placeholderData: keepPreviousData,
  });

  const remove = (site: Site) =>
    actions.perform({
      confirm: {
        message: `Delete the site “${site.name}”? A site that still has chargers cannot be deleted.`,
        label: 'Delete site',
      },
      run: () => deleteSite(site.id),
      done: `Site “${site.name}” deleted`,
    });

  const columns: ColumnDef<Site>[] = [
    { id: 'name', header: 'Name', cell: ({ row }) => row.original.name },
    { id: 'organization', header: 'Organization', enableSorting: false, cell: ({ row }) => row.original.organizationName },
    { id: 'city', header: 'City', cell: ({ row }) => row.original.city ?? '—' },
    { id: 'country', header: 'Country', enableSorting: false, cell: ({ row }) => row.original.country ?? '—' },
    { id: 'timeZone', header: 'Time zone', enableSorting: false, cell: ({ row }) => row.original.timeZone },
    { id: 'gridLimitKw', header: 'Grid limit (kW)', enableSorting: false, cell: ({ row }) => row.original.gridLimitKw ?? '—' },
    { id: 'chargerCount', header: 'Chargers', enableSorting: false, cell: ({ row }) => row.original.chargerCount },
  ];
  if (canWrite || canSeeMaintenance || canSeeEnergy) {
    columns.push({
      id: 'actions',
      header: 'Actions',
      enableSorting: false,
      cell: ({ row }) => (
        <Group gap={4} wrap="nowrap">
          {canSeeEnergy && (
            <Button
              size="xs"
              variant="default"
              component={Link}
              to={`/sites/${row.original.id}/energy`}
              aria-label={`Energy at ${row.original.name}`}
            >
              Energy
            </Button>
          )}
          {canSeeMaintenance && (
            <Button
              size="xs"
              variant="default"
              onClick={() => setMaintenanceOf(row.original)}
              aria-label={`Maintenance windows of ${row.original.name}`}
            >
              Maintenance
            </Button>
          )}
          {canWrite && (
            <>
              <Button
                size="xs"
                variant="default"
                onClick={() => setEditing(row.original)}
                aria-label={`Edit ${row.original.name}`}
              >
                Edit
              </Button>
              <DeleteButton name={row.original.name} onDelete={() => void remove(row.original)} />
            </>
          )}
        </Group>
      ),
    });
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Sites</Title>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing(null)}>
            New site
          </Button>
        )}
      </Group>
      <Group align="flex-end">
        <ListSearch list={list} placeholder="Name, city, address" width={280} />
        <OrganizationFilter onChange={list.resetPage} />
      </Group>
      <ListTable
        caption="Sites"
        query={query}
        list={list}
        columns={columns}
        getRowId={(s) => s.id}
        emptyText="No sites match."
        actionError={actions.error}
        onDismissError={actions.dismiss}
      />
      {editing !== undefined && (
        <SiteForm
          key={editing?.id ?? 'new'}
          site={editing}
          defaultOrganizationId={org}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            notifications.show({ color: 'teal', message: `Site “${saved.name}” saved` });
            setEditing(undefined);
            void queryClient.invalidateQueries({ queryKey: siteKeys.all });
          }}
        />
      )}
      <Modal
        opened={maintenanceOf !== null}
        onClose={() => setMaintenanceOf(null)}
        title={maintenanceOf ? `${maintenanceOf.name}: maintenance` : ''}
        size="xl"
      >
        {maintenanceOf && (
          <MaintenanceWindowsCard siteId={maintenanceOf.id} siteName={maintenanceOf.name} timeZone={maintenanceOf.timeZone} />
        )}
      </Modal>
    </Stack>
  );
}
