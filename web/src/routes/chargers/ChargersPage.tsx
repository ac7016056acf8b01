import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Group, Select, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { IconPlus } from '@tabler/icons-react';
import { type ChargerListParams, chargerKeys, listChargers } from '../../api/chargers';
import { listLiveChargers, liveKeys } from '../../api/live';
import { listSites, siteKeys } from '../../api/sites';
import { type AdminStatus, type Charger } from '../../api/types';
import { useSession } from '../../auth/session';
import { useMayOpen } from '../../auth/guards';
import { pathTo } from '../route-table';
import { ALL, ChoiceFilter, ListTable } from '../../components/ListTable';
import { useListState } from '../../components/list-state';
import { OrganizationFilter } from '../../components/OrganizationFilter';
import { useOrgLink, useOrganizations, useSelectedOrganization } from '../../components/organization-scope';
import { ErrorAlert } from '../../components/states';
import { ADMIN_STATUS_LABELS } from '../../format';
import { AdminStatusBadge, VisibilityBadge } from './status';
import { ListSearch } from '../../components/ListSearch';
import { LiveIndicator } from '../../live/LiveIndicator';
import { useLiveEvents } from '../../live/useLiveEvents';
import { useNow } from '../../live/useNow';
import { liveColumns } from './live-columns';

// Column ids are the API's sort keys; connectors and the live columns are not sortable.
const columns: ColumnDef<Charger>[] = [
  {
    id: 'name',
    header: 'Name',
    cell: ({ row }) => (
      <Anchor component={Link} to={`/chargers/${row.original.id}`}>
        {row.original.name}
      </Anchor>
    ),
  },
  { id: 'ocppIdentity', header: 'OCPP identity', cell: ({ row }) => row.original.ocppIdentity },
  { id: 'site', header: 'Site', cell: ({ row }) => row.original.siteName },
  { id: 'organization', header: 'Organization', cell: ({ row }) => row.original.organizationName },
  { id: 'adminStatus', header: 'Admin status', cell: ({ row }) => <AdminStatusBadge status={row.original.adminStatus} /> },
  {
    id: 'visible',
    header: 'Visibility',
    cell: ({ row }) => <VisibilityBadge visible={row.original.visible} />,
  },
];
const connectorTypes: ColumnDef<Charger> = {
  id: 'connectors',
  header: 'Connectors',
  enableSorting: false,
  cell: ({ row }) => row.original.connectors.map((c) => c.type).join(', ') || '—',
};

export function ChargersPage() {
  const { can } = useSession();
  const mayOpen = useMayOpen();
  const orgLink = useOrgLink();
  const list = useListState([{ id: 'name', desc: false }]);
  const [org] = useSelectedOrganization();
  const [siteId, setSiteId] = useState<string | null>(null);
  const [adminStatus, setAdminStatus] = useState<string>(ALL);
  const [visibility, setVisibility] = useState<string>(ALL);

  const siteParams = { organizationId: org ?? undefined, pageSize: 200, sort: 'name', order: 'asc' as const };
  const sites = useQuery({
    queryKey: siteKeys.list(siteParams),
    queryFn: () => listSites(siteParams),
    enabled: can('sites:read'),
  });
  const siteOptions = (sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));
  // A site of another organization would filter everything away once the organization changes.
  const effectiveSite = siteId && siteOptions.some((s) => s.value === siteId) ? siteId : null;

  const params: ChargerListParams = {
    ...list.params,
    organizationId: org ?? undefined,
    siteId: effectiveSite ?? undefined,
    adminStatus: adminStatus === ALL ? undefined : (adminStatus as AdminStatus),
    visible: visibility === ALL ? undefined : visibility === 'visible',
  };
  const query = useQuery({
    queryKey: chargerKeys.list(params),
    queryFn: () => listChargers(params),
    placeholderData: keepPreviousData,
  });

  // Live state for monitoring:read only: one list of the organization in scope, kept current by the event stream.
  const monitoring = can('monitoring:read');
  const connection = useLiveEvents(monitoring);
  const live = useQuery({
    queryKey: liveKeys.chargers(org),
    queryFn: () => listLiveChargers(org),
    enabled: monitoring,
    // Heartbeats and meter values are not pushed as events: refetched each minute, "Last message" stays true.
    refetchInterval: 60_000,
  });
  const { byId: organizations } = useOrganizations();
  const now = useNow(5_000);
  const tableColumns = useMemo(() => {
    if (!monitoring) return [...columns, connectorTypes];
    const liveById = new Map((live.data ?? []).map((c) => [c.chargerId, c]));
    return [...columns, ...liveColumns({ liveById, now, timeZoneOf: (id) => organizations.get(id)?.timeZone })];
  }, [monitoring, live.data, now, organizations]);

  return (
    <Stack>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={1}>Chargers</Title>
          {monitoring && <LiveIndicator state={connection} />}
        </Group>
        {mayOpen('chargerNew') && (
          <Button component={Link} to={orgLink(pathTo('chargerNew'))} leftSection={<IconPlus size={16} aria-hidden />}>
            Register charger
          </Button>
        )}
      </Group>
      <Group align="flex-end" gap="sm">
        <ListSearch list={list} placeholder="Name, OCPP identity, serial" width={240} />
        <OrganizationFilter onChange={list.resetPage} />
        {can('sites:read') && (
          <Select
            label="Site"
            w={200}
            placeholder="All sites"
            data={siteOptions}
            value={effectiveSite}
            clearable
            searchable
            onChange={(v) => {
              setSiteId(v);
              list.resetPage();
            }}
          />
        )}
        <ChoiceFilter
          label="Admin status"
          width={150}
          all="All statuses"
          choices={ADMIN_STATUS_LABELS}
          value={adminStatus}
          onChange={setAdminStatus}
          list={list}
        />
        <ChoiceFilter
          label="Visibility"
          width={130}
          all="All"
          choices={{ visible: 'Visible', hidden: 'Hidden' }}
          value={visibility}
          onChange={setVisibility}
          list={list}
        />
      </Group>
      {live.isError && <ErrorAlert error={live.error} title="Live charger status is not available" />}
      <ListTable
        caption="Chargers"
        query={query}
        list={list}
        columns={tableColumns}
        getRowId={(c) => c.id}
        // Wider with the live columns; on a phone the table scrolls sideways.
        minWidth={monitoring ? 1100 : 900}
        emptyText="No chargers match these filters."
      />
    </Stack>
  );
}
