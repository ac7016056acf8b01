import { useState } from 'react';
import { Autocomplete, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type AuditFilter, auditKeys, listAudit } from '../../api/audit';
import { listUsers, userKeys } from '../../api/users';
import type { AuditEntry } from '../../api/types';
import { useMe, useSession } from '../../auth/session';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/states';
import { formatDateTime } from '../../format';
import { ChangesList } from './ChangesList';
import { VerifyChain } from './VerifyChain';
import { useServerPaging } from '../../components/paging';

const ENTITY_TYPES = ['organization', 'contract', 'site', 'charger', 'user', 'role'];

/** A datetime-local value is the browser's local time; the API wants an ISO instant. */
const toIso = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

const columns: ColumnDef<AuditEntry>[] = [
  {
    id: 'at',
    header: 'Time',
    enableSorting: false,
    cell: ({ row }) => (
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {formatDateTime(row.original.at)}
      </Text>
    ),
  },
  { id: 'actor', header: 'Actor', enableSorting: false, cell: ({ row }) => row.original.actorEmail ?? 'System' },
  {
    id: 'entity',
    header: 'Entity',
    enableSorting: false,
    cell: ({ row }) => (
      <div>
        <Text size="sm">{row.original.entityType}</Text>
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {row.original.entityId}
        </Text>
      </div>
    ),
  },
  { id: 'action', header: 'Action', enableSorting: false, cell: ({ row }) => row.original.action },
  {
    id: 'changes',
    header: 'Changes (before → after)',
    enableSorting: false,
    cell: ({ row }) => <ChangesList changes={row.original.changes} />,
  },
];

export function AuditPage() {
  const me = useMe();
  const { can } = useSession();
  const paging = useServerPaging();
  const { page, pageSize, setPage } = paging;
  const [entityType, setEntityType] = useState('');
  const [entityIdRaw, setEntityId] = useState('');
  const [entityId] = useDebouncedValue(entityIdRaw.trim(), 300);
  const [actorId, setActorId] = useState<string | null>(null);
  const [actorText, setActorText] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const userParams = { pageSize: 200, sort: 'name', order: 'asc' as const };
  const users = useQuery({
    queryKey: userKeys.list(userParams),
    queryFn: () => listUsers(userParams),
    enabled: can('users:read'),
  });

  const filter: AuditFilter = {
    page,
    pageSize,
    entityType: entityType.trim() || undefined,
    entityId: entityId || undefined,
    actorId: actorId ?? undefined,
    from: toIso(from),
    to: toIso(to),
  };
  const query = useQuery({
    queryKey: auditKeys.list(filter),
    queryFn: () => listAudit(filter),
    placeholderData: keepPreviousData,
  });
  const filtered =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };
  const platformAuditor = me.scope.kind === 'platform' && me.scope.organizationIds === null;

  return (
    <Stack>
      <Title order={1}>Audit log</Title>
      <Text size="sm" c="dimmed">
        Every change to configuration, contracts and users, newest first. Times are in your browser’s time zone.
      </Text>
      {platformAuditor && <VerifyChain />}
      <Group align="flex-end" gap="sm">
        <Autocomplete label="Entity type" w={170} data={ENTITY_TYPES} value={entityType} onChange={filtered(setEntityType)} />
        <TextInput label="Entity ID" w={280} value={entityIdRaw} onChange={(e) => filtered(setEntityId)(e.currentTarget.value)} />
        {can('users:read') ? (
          <Select
            label="Actor"
            w={220}
            searchable
            clearable
            placeholder="Anyone"
            data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
            value={actorId}
            onChange={filtered(setActorId)}
          />
        ) : (
          <TextInput
            label="Actor ID"
            w={280}
            description="A user's ID"
            value={actorText}
            onChange={(e) => {
              const text = e.currentTarget.value;
              setActorText(text);
              filtered(setActorId)(/^[0-9a-f-]{36}$/i.test(text.trim()) ? text.trim() : null);
            }}
          />
        )}
        <TextInput label="From" type="datetime-local" value={from} onChange={(e) => filtered(setFrom)(e.currentTarget.value)} />
        <TextInput label="To" type="datetime-local" value={to} onChange={(e) => filtered(setTo)(e.currentTarget.value)} />
      </Group>
      {query.isError && <ErrorAlert error={query.error} />}
      <DataTable
        caption="Audit log"
        data={query.data?.items ?? []}
        columns={columns}
        total={query.data?.total ?? 0}
        {...paging.tableProps}
        getRowId={(e) => String(e.seq)}
        loading={query.isLoading}
        minWidth={900}
        emptyText="No audit entries match."
      />
    </Stack>
  );
}
