import { Badge, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type LedgerEntryKind, type PayoutLedgerEntry, listPayoutEntries, payoutKeys } from '../../api/payouts';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/states';
import { formatDateTime, formatMoney } from '../../format';
import { useServerPaging } from '../../components/paging';

const KIND_LABELS: Record<LedgerEntryKind, { label: string; color: string }> = {
  accrual: { label: 'Accrual', color: 'teal' },
  invoice: { label: 'Invoice', color: 'orange' },
  credit_note: { label: 'Credit note', color: 'grape' },
  invoice_payment: { label: 'Invoice payment', color: 'blue' },
  payout: { label: 'Payout', color: 'indigo' },
  adjustment: { label: 'Adjustment', color: 'gray' },
  refund: { label: 'Refund', color: 'red' },
};

/** The selected organization's ledger, newest first, with the balance after each entry. */
export function PayoutLedger({ organizationId, currency }: { organizationId: string; currency: string }) {
  const paging = useServerPaging();
  const { page, pageSize } = paging;
  const query = useQuery({
    queryKey: payoutKeys.entries(organizationId, page, pageSize),
    queryFn: () => listPayoutEntries({ organizationId, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const money = (minor: number, signed = false) => (
    <Text size="sm" ta="right" ff="monospace" c={signed && minor < 0 ? 'red.7' : undefined} style={{ whiteSpace: 'nowrap' }}>
      {signed && minor > 0 ? '+' : ''}
      {formatMoney(minor, currency)}
    </Text>
  );
  const columns: ColumnDef<PayoutLedgerEntry>[] = [
    { id: 'at', header: 'Date', enableSorting: false, cell: ({ row }) => formatDateTime(row.original.at) },
    {
      id: 'kind',
      header: 'Entry',
      enableSorting: false,
      cell: ({ row }) => (
        <Badge variant="light" color={KIND_LABELS[row.original.kind].color}>
          {KIND_LABELS[row.original.kind].label}
        </Badge>
      ),
    },
    { id: 'reference', header: 'Reference', enableSorting: false, cell: ({ row }) => row.original.reference ?? '—' },
    { id: 'description', header: 'Description', enableSorting: false, cell: ({ row }) => row.original.description },
    { id: 'amount', header: 'Amount', enableSorting: false, cell: ({ row }) => money(row.original.amountMinor, true) },
    { id: 'balance', header: 'Balance', enableSorting: false, cell: ({ row }) => money(row.original.balanceMinor) },
  ];
  return (
    <>
      {query.isError && <ErrorAlert error={query.error} />}
      <DataTable
        caption="Payout ledger"
        data={query.data?.items ?? []}
        columns={columns}
        total={query.data?.total ?? 0}
        {...paging.tableProps}
        // Entries have no id of their own; their place on the page is unique.
        getRowId={(entry, index?: number) => `${page}-${index ?? entry.at}`}
        loading={query.isLoading}
        emptyText="No ledger entries yet: accruals appear as sessions are settled."
        minWidth={860}
      />
    </>
  );
}
