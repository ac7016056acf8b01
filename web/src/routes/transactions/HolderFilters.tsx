import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { idTokenKeys, listIdTokens } from '../../api/id-tokens';
import { listUsers, userKeys } from '../../api/users';

interface Option {
  value: string;
  label: string;
}

/** What was typed into a remote Select and the option chosen, so the chosen label survives a new search. */
function useRemoteSearch() {
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Option | null>(null);
  const [debounced] = useDebouncedValue(search.trim(), 300);
  // While the box shows the chosen label, list everything rather than searching for that label.
  const q = chosen && search === chosen.label ? undefined : debounced || undefined;
  return { search, setSearch, chosen, setChosen, q };
}

interface RemoteSelectProps {
  label: string;
  width: number;
  placeholder: string;
  value: string | null;
  onChange: (value: string | null) => void;
  remote: ReturnType<typeof useRemoteSearch>;
  /** The options matching what was typed: the server searches, the Select does not filter again. */
  options: Option[];
  loading: boolean;
}

function RemoteSelect({ label, width, placeholder, value, onChange, remote, options, loading }: RemoteSelectProps) {
  const { chosen } = remote;
  const data =
    chosen && value === chosen.value && !options.some((o) => o.value === chosen.value) ? [chosen, ...options] : options;
  return (
    <Select
      label={label}
      w={width}
      placeholder={placeholder}
      searchable
      clearable
      data={data}
      value={value}
      searchValue={remote.search}
      onSearchChange={remote.setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={loading ? 'Searching…' : 'Nothing matches'}
      onChange={(next, option) => {
        remote.setChosen(next ? option : null);
        onChange(next);
      }}
    />
  );
}

interface FilterProps {
  organizationId: string | null;
  value: string | null;
  onChange: (id: string | null) => void;
}

/** Users in scope by name (needs users:read; the page leaves it out otherwise). */
export function DriverFilter({ organizationId, value, onChange }: FilterProps) {
  const remote = useRemoteSearch();
  const params = { pageSize: 20, q: remote.q, organizationId: organizationId ?? undefined, sort: 'name', order: 'asc' as const };
  const users = useQuery({
    queryKey: userKeys.list(params),
    queryFn: () => listUsers(params),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  return (
    <RemoteSelect
      label="Driver"
      width={170}
      placeholder="Any driver"
      value={value}
      onChange={onChange}
      remote={remote}
      options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
      loading={users.isFetching}
    />
  );
}

/** ID tokens in scope by value, label, driver or vehicle. */
export function IdTokenFilter({ organizationId, value, onChange }: FilterProps) {
  const remote = useRemoteSearch();
  const params = { pageSize: 20, q: remote.q, organizationId: organizationId ?? undefined };
  const tokens = useQuery({
    queryKey: idTokenKeys.list(params),
    queryFn: () => listIdTokens(params),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  return (
    <RemoteSelect
      label="ID token"
      width={180}
      placeholder="Any token"
      value={value}
      onChange={onChange}
      remote={remote}
      options={(tokens.data?.items ?? []).map((t) => ({
        value: t.id,
        label: t.label || t.userName ? `${t.token} · ${t.label ?? t.userName}` : t.token,
      }))}
      loading={tokens.isFetching}
    />
  );
}
