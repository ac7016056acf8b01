import { Badge, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { api } from '../../api/client';
import type { ResponseBody } from '../../api/contract';
import { DataTable } from '../../components/DataTable';
import { useServerPaging } from '../../components/paging';
import { ErrorAlert } from '../../components/states';
import { formatDateTime, formatMoney } from '../../format';
import { formatDuration, formatEnergy } from '../transactions/figures';

type OwnSessions = ResponseBody<'/api/v1/me/sessions'>;
type OwnSession = OwnSessions['items'][number];

/** Where the money of a session stands, as a driver reads it. */
const PAYMENT_WORDS: Record<string, { label: string; color: string }> = {
  held: { label: 'Amount held on card', color: 'blue' },
  hold_unknown: { label: 'Being checked', color: 'gray' },
  hold_declined: { label: 'Card declined', color: 'red' },
  capturing: { label: 'Being charged', color: 'blue' },
  captured: { label: 'Paid by card', color: 'green' },
  voided: { label: 'Nothing to pay', color: 'gray' },
  wallet_debited: { label: 'Paid from wallet', color: 'green' },
  payment_failed: { label: 'Payment failed', color: 'red' },
};

function payment(session: OwnSession) {
  if (session.status === 'active') return <Badge color="blue">Charging</Badge>;
  const words = session.paymentStatus ? PAYMENT_WORDS[session.paymentStatus] : null;
  if (words) return <Badge color={words.color}>{words.label}</Badge>;
  return <Text size="sm">{session.settled ? 'Billed by your operator' : 'Being priced'}</Text>;
}

const columns: ColumnDef<OwnSession>[] = [
  { id: 'started', header: 'Started', cell: ({ row }) => formatDateTime(row.original.startedAt, row.original.timeZone) },
  { id: 'where', header: 'Where', cell: ({ row }) => `${row.original.siteName} · ${row.original.chargerName}` },
  { id: 'energy', header: 'Energy', cell: ({ row }) => formatEnergy(row.original.energyWh) },
  { id: 'duration', header: 'Duration', cell: ({ row }) => formatDuration(row.original.durationSeconds) },
  {
    id: 'cost',
    header: 'Cost',
    cell: ({ row }) =>
      row.original.grossMinor !== null && row.original.currency
        ? formatMoney(row.original.grossMinor, row.original.currency)
        : '—',
  },
  { id: 'payment', header: 'Payment', cell: ({ row }) => payment(row.original) },
];

/** The signed-in driver's own sessions, newest first, with what each cost and how it was paid. */
export function MySessions() {
  const paging = useServerPaging(10);
  const sessions = useQuery({
    queryKey: ['me', 'sessions', paging.page, paging.pageSize],
    queryFn: () => api.get<OwnSessions>('/me/sessions', { page: paging.page, pageSize: paging.pageSize }),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        My sessions
      </Title>
      {sessions.error ? <ErrorAlert error={sessions.error} /> : null}
      <DataTable
        caption="My sessions"
        data={sessions.data?.items ?? []}
        columns={columns}
        total={sessions.data?.total ?? 0}
        {...paging.tableProps}
        getRowId={(r) => r.id}
        loading={sessions.isLoading}
        emptyText="No charging sessions yet."
        minWidth={720}
      />
      <Text size="sm" c="dimmed">
        Times are on your operator&apos;s clock, with the zone shown. Costs include taxes.
      </Text>
    </Stack>
  );
}
