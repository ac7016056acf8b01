import { Group, Select, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { chargerKeys, listChargers } from '../../api/chargers';
import { listSites, siteKeys } from '../../api/sites';
import type { TransactionFilter } from '../../api/transactions';
import { useSession } from '../../auth/session';
import { ListSearch } from '../../components/ListSearch';
import type { ListState } from '../../components/list-state';
import { OrganizationFilter } from '../../components/OrganizationFilter';

export interface FilterValues {
  siteId: string | null;
  chargerId: string | null;
  status: TransactionFilter['status'] | null;
  from: string;
  to: string;
}

export const EMPTY_FILTERS: FilterValues = { siteId: null, chargerId: null, status: null, from: '', to: '' };

const STATUS_OPTIONS = [
  { value: 'completed', label: 'Completed' },
  { value: 'active', label: 'Charging now' },
  { value: 'flagged', label: 'Flagged for review' },
];

export const dateRangeError = (values: FilterValues) =>
  values.from && values.to && values.from > values.to ? '"To" must be on or after "From"' : null;

interface Props {
  organizationId: string | null;
  values: FilterValues;
  onChange: (values: FilterValues) => void;
  list: ListState;
}

/** Organization (shared with the header switcher), site, charger, status and a local-day range. */
export function TransactionFilters({ organizationId, values, onChange, list }: Props) {
  const { can } = useSession();
  const siteParams = { organizationId: organizationId ?? undefined, pageSize: 200, sort: 'name', order: 'asc' as const };
  const sites = useQuery({
    queryKey: siteKeys.list(siteParams),
    queryFn: () => listSites(siteParams),
    enabled: can('sites:read'),
    staleTime: 60_000,
  });
  const chargerParams = { ...siteParams, siteId: values.siteId ?? undefined };
  const chargers = useQuery({
    queryKey: chargerKeys.list(chargerParams),
    queryFn: () => listChargers(chargerParams),
    enabled: can('chargers:read'),
    staleTime: 60_000,
  });
  const set = (patch: Partial<FilterValues>) => {
    onChange({ ...values, ...patch });
    list.resetPage();
  };
  return (
    <Group align="flex-start" gap="sm">
      <ListSearch list={list} placeholder="ID tag or charger" width={200} />
      <OrganizationFilter onChange={() => set({ siteId: null, chargerId: null })} />
      <Select
        label="Site"
        w={180}
        clearable
        searchable
        placeholder="All sites"
        data={(sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
        value={values.siteId}
        onChange={(siteId) => set({ siteId, chargerId: null })}
      />
      <Select
        label="Charger"
        w={180}
        clearable
        searchable
        placeholder="All chargers"
        data={(chargers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={values.chargerId}
        onChange={(chargerId) => set({ chargerId })}
      />
      <Select
        label="Status"
        w={170}
        clearable
        placeholder="Any status"
        data={STATUS_OPTIONS}
        value={values.status}
        onChange={(status) => set({ status: (status as FilterValues['status']) ?? null })}
      />
      <TextInput
        label="From"
        type="date"
        w={150}
        value={values.from}
        onChange={(e) => set({ from: e.currentTarget.value })}
        description="local day, inclusive"
      />
      <TextInput
        label="To"
        type="date"
        w={150}
        value={values.to}
        onChange={(e) => set({ to: e.currentTarget.value })}
        error={dateRangeError(values)}
        description="local day, inclusive"
      />
    </Group>
  );
}
