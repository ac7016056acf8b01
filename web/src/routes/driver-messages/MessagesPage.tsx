import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { IconSend } from '@tabler/icons-react';
import {
  type DriverMessage,
  STATUS_COLORS,
  STATUS_LABELS,
  audienceText,
  listMessages,
  messageKeys,
} from '../../api/driver-messages';
import { DataTable } from '../../components/DataTable';
import { useOrgLink, useSelectedOrganization } from '../../components/organization-scope';
import { useServerPaging } from '../../components/paging';
import { ErrorAlert } from '../../components/states';
import { formatDateTime } from '../../format';
import { pathTo } from '../route-table';
import { ComposeMessageModal } from './ComposeMessageModal';

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function columns(link: (m: DriverMessage) => string): ColumnDef<DriverMessage>[] {
  return [
    {
      id: 'title',
      header: 'Message',
      enableSorting: false,
      cell: ({ row }) => (
        <div>
          <Anchor component={Link} to={link(row.original)} size="sm" fw={500}>
            {row.original.title}
          </Anchor>
          <Text size="xs" c="dimmed">
            {audienceText(row.original.audience)} · {row.original.organizationName}
          </Text>
        </div>
      ),
    },
    {
      id: 'category',
      header: 'Kind',
      enableSorting: false,
      cell: ({ row }) => (
        <Badge variant="light" color={row.original.category === 'service' ? 'blue' : 'grape'}>
          {row.original.category === 'service' ? 'Service' : 'Marketing'}
        </Badge>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      enableSorting: false,
      cell: ({ row }) => (
        <Badge variant="light" color={STATUS_COLORS[row.original.status]}>
          {STATUS_LABELS[row.original.status]}
        </Badge>
      ),
    },
    {
      id: 'recipients',
      header: 'Recipients',
      enableSorting: false,
      cell: ({ row }) => (row.original.recipientCount === null ? '—' : String(row.original.recipientCount)),
    },
    {
      id: 'when',
      header: 'Sent / scheduled',
      enableSorting: false,
      cell: ({ row }) => (
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(row.original.sentAt ?? row.original.sendAt, viewerZone)}
        </Text>
      ),
    },
  ];
}

/** Messages to drivers (messages:write): the list, and the compose form. */
export function MessagesPage() {
  const queryClient = useQueryClient();
  const [org] = useSelectedOrganization();
  const paging = useServerPaging(20);
  const [status, setStatus] = useState<string | null>(null);
  const [composing, setComposing] = useState(false);
  const orgLink = useOrgLink();
  const query = {
    page: paging.page,
    pageSize: paging.pageSize,
    organizationId: org ?? undefined,
    status: (status ?? undefined) as DriverMessage['status'] | undefined,
  };
  const list = useQuery({
    queryKey: messageKeys.list(query),
    queryFn: () => listMessages(query),
    placeholderData: keepPreviousData,
    // A scheduled message turns to Sent by itself: look again now and then.
    refetchInterval: 15_000,
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Messages</Title>
        <Button leftSection={<IconSend size={16} aria-hidden />} onClick={() => setComposing(true)}>
          New message
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Messages to your organization’s drivers: in their portal, and by e-mail or push as each driver chose. Drivers can opt out
        of marketing messages, never of service messages about their own charging. Times are on your clock ({viewerZone}).
      </Text>
      <Select
        label="Status"
        w={200}
        clearable
        placeholder="All"
        data={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        value={status}
        onChange={(value) => {
          setStatus(value);
          paging.setPage(1);
        }}
      />
      {list.error && <ErrorAlert error={list.error} />}
      <DataTable
        caption="Messages"
        data={list.data?.items ?? []}
        columns={columns((m) => orgLink(pathTo('driverMessage', { id: m.id })))}
        total={list.data?.total ?? 0}
        {...paging.tableProps}
        getRowId={(m) => m.id}
        loading={list.isLoading}
        emptyText="No messages yet."
      />
      {composing && (
        <ComposeMessageModal
          organizationId={org}
          onClose={() => setComposing(false)}
          onSent={() => {
            setComposing(false);
            void queryClient.invalidateQueries({ queryKey: messageKeys.all });
          }}
        />
      )}
    </Stack>
  );
}
