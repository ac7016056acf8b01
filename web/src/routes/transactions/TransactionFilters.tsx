import { Group, NumberInput, Select, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { chargerKeys, listChargers } from '../../api/chargers';
import { listSites, siteKeys } from '../../api/sites';
import type { TransactionFilter } from '../../api/transactions';
import { useSession } from '../../auth/session';
import { ListSearch } from '../../components/ListSearch';
import { LocalDayRange } from '../../components/LocalDayRange';
import type { ListState } from '../../components/list-state';
import { OrganizationFilter } from '../../components/OrganizationFilter';
import { useCanListIdTokens } from '../id-tokens/access';
import { DriverFilter, IdTokenFilter } from './HolderFilters';

export interface FilterValues {
  siteId: string | null;
  chargerId: string | null;
  /** The charger's connector number; '' for any. */
  connectorId: number | '';
  userId: string | null;
  idTokenId: string | null;
  vehicleRef: string;
  status: TransactionFilter['status'] | null;
  from: string;
  to: string;
}

export const EMPTY_FILTERS: FilterValues = {
  siteId: null,
  chargerId: null,
  connectorId: '',
  userId: null,
  idTokenId: null,
  vehicleRef: '',
  status: null,
  from: '',
  to: '',
};

const STATUS_OPTIONS = [
  { value: 'completed', label: 'Completed' },
  { value: 'active', label: 'Charging now' },
  { value: 'flagged', label: 'Flagged for review' },
];

interface Props {
  organizationId: string | null;
  values: FilterValues;
  onChange: (values: FilterValues) => void;
  list: ListState;
}

/** Organization (shared with the header switcher), site, charger, connector, driver, ID token, vehicle, status, local days. */
export function TransactionFilters({ organizationId, values, onChange, list }: Props) {
  const { can } = useSession();
  const canListTokens = useCanListIdTokens();
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
      <OrganizationFilter onChange={() => set({ siteId: null, chargerId: null, userId: null, idTokenId: null })} />
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
      <NumberInput
        label="Connector"
        w={110}
        min={0}
        max={1000}
        allowDecimal={false}
        allowNegative={false}
        placeholder="Any"
        value={values.connectorId}
        onChange={(value) => set({ connectorId: typeof value === 'number' ? value : '' })}
      />
      {can('users:read') && (
        <DriverFilter organizationId={organizationId} value={values.userId} onChange={(userId) => set({ userId })} />
      )}
      {canListTokens && (
        <IdTokenFilter organizationId={organizationId} value={values.idTokenId} onChange={(idTokenId) => set({ idTokenId })} />
      )}
      <TextInput
        label="Vehicle"
        w={140}
        placeholder="Exact plate / no."
        value={values.vehicleRef}
        onChange={(e) => set({ vehicleRef: e.currentTarget.value })}
      />
      <Select
        label="Status"
        w={150}
        clearable
        placeholder="Any status"
        data={STATUS_OPTIONS}
        value={values.status}
        onChange={(status) => set({ status: (status as FilterValues['status']) ?? null })}
      />
      <LocalDayRange value={values} onChange={set} />
    </Group>
  );
}
