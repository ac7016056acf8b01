import { Anchor, Badge, Group, Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { Link } from 'react-router';
import { ENTRY_KIND_LABELS, type WalletEntry } from '../../api/wallets';
import { DataTable } from '../../components/DataTable';
import type { useServerPaging } from '../../components/paging';
import { formatDateTime, formatMoney } from '../../format';
import { pathTo } from '../route-table';

const KIND_COLORS: Record<WalletEntry['kind'], string> = { top_up: 'teal', debit: 'blue', refund: 'grape', adjustment: 'gray' };

/** A wallet's entries, newest first: when (in the organization's zone), what, how much, and the balance after. */
export function WalletEntries(props: {
  entries: WalletEntry[];
  total: number;
  currency: string;
  timeZone: string;
  paging: ReturnType<typeof useServerPaging>;
  loading: boolean;
  /** Staff may open the session of a debit or refund; a driver's own pages do not link to staff pages. */
  linkSessions: boolean;
}) {
  const { currency, timeZone } = props;
  const money = (minor: number, signed = false) => (
    <Text size="sm" ta="right" ff="monospace" c={signed && minor < 0 ? 'red' : undefined} style={{ whiteSpace: 'nowrap' }}>
      {signed && minor > 0 ? '+' : ''}
      {formatMoney(minor, currency)}
    </Text>
  );
  const columns: ColumnDef<WalletEntry>[] = [
    {
      id: 'at',
      header: 'Time',
      enableSorting: false,
      cell: ({ row }) => formatDateTime(row.original.createdAt, timeZone),
    },
    {
      id: 'kind',
      header: 'Entry',
      enableSorting: false,
      cell: ({ row }) => (
        <Group gap={6} wrap="nowrap">
          <Badge variant="light" color={KIND_COLORS[row.original.kind]}>
            {ENTRY_KIND_LABELS[row.original.kind]}
          </Badge>
          {row.original.beyondLimit && (
            <Badge color="red" variant="filled">
              Owed
            </Badge>
          )}
        </Group>
      ),
    },
    {
      id: 'detail',
      header: 'Details',
      enableSorting: false,
      cell: ({ row }) => {
        const { sessionId, reason } = row.original;
        return (
          <Text size="sm">
            {sessionId && props.linkSessions ? (
              <Anchor component={Link} to={pathTo('transaction', { id: sessionId })}>
                Session
              </Anchor>
            ) : null}
            {sessionId && props.linkSessions && reason ? ' · ' : ''}
            {reason ?? (sessionId && props.linkSessions ? '' : '—')}
          </Text>
        );
      },
    },
    { id: 'amount', header: 'Amount', enableSorting: false, cell: ({ row }) => money(row.original.amountMinor, true) },
    { id: 'balance', header: 'Balance after', enableSorting: false, cell: ({ row }) => money(row.original.balanceMinor) },
  ];
  return (
    <DataTable
      caption="Wallet entries"
      data={props.entries}
      columns={columns}
      total={props.total}
      {...props.paging.tableProps}
      getRowId={(entry) => String(entry.id)}
      loading={props.loading}
      emptyText="No entries yet."
      minWidth={760}
    />
  );
}
