import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type InvoiceDisplayStatus, type InvoiceSummary, invoiceKeys, listInvoices } from '../../api/invoices';
import { useSession } from '../../auth/session';
import { DataTable } from '../../components/DataTable';
import { ListSearch } from '../../components/ListSearch';
import { useListState } from '../../components/list-state';
import { OrganizationFilter } from '../../components/OrganizationFilter';
import { useOrgLink, useSelectedOrganization } from '../../components/organization-scope';
import { ErrorAlert } from '../../components/states';
import { formatDate, formatDateTime, formatMoney } from '../../format';
import { GenerateInvoiceButton } from './GenerateInvoiceButton';
import { InvoiceRunPanel } from './InvoiceRunPanel';
import { InvoiceStatusBadge, STATUS_LABELS } from './InvoiceStatusBadge';
import { formatPeriod } from './period';

const STATUS_OPTIONS = [
  { value: 'all', label: 'Any status' },
  ...(Object.entries(STATUS_LABELS) as [InvoiceDisplayStatus, string][]).map(([value, label]) => ({ value, label })),
];

const KIND_OPTIONS = [
  { value: 'all', label: 'Invoices and credit notes' },
  { value: 'invoice', label: 'Invoices' },
  { value: 'credit_note', label: 'Credit notes' },
];

export function InvoicesPage() {
  const { can } = useSession();
  const canWrite = can('invoices:write');
  const orgLink = useOrgLink();
  const list = useListState([{ id: 'periodStartDate', desc: true }]);
  const [org] = useSelectedOrganization();
  const [status, setStatus] = useState('all');
  const [kind, setKind] = useState('all');
  const [periodFrom, setPeriodFrom] = useState('');
  const [periodTo, setPeriodTo] = useState('');
  const params = {
    ...list.params,
    organizationId: org ?? undefined,
    status: status === 'all' ? undefined : (status as InvoiceDisplayStatus),
    kind: kind === 'all' ? undefined : (kind as InvoiceSummary['kind']),
    periodFrom: periodFrom || undefined,
    periodTo: periodTo || undefined,
  };
  const query = useQuery({
    queryKey: invoiceKeys.list(params),
    queryFn: () => listInvoices(params),
    placeholderData: keepPreviousData,
  });
  const filter = (set: (value: string) => void) => (value: string | null) => {
    set(value ?? '');
    list.resetPage();
  };

  const columns: ColumnDef<InvoiceSummary>[] = [
    {
      id: 'number',
      header: 'Number',
      cell: ({ row }) => (
        <Anchor component={Link} to={orgLink(`/invoices/${row.original.id}`)}>
          {row.original.number ?? 'Draft'}
        </Anchor>
      ),
    },
    {
      id: 'kind',
      header: 'Type',
      enableSorting: false,
      cell: ({ row }) => (row.original.kind === 'credit_note' ? 'Credit note' : 'Invoice'),
    },
    { id: 'organizationName', header: 'Organization', cell: ({ row }) => row.original.organizationName },
    {
      id: 'periodStartDate',
      header: 'Period',
      cell: ({ row }) => formatPeriod(row.original.periodStartDate, row.original.periodEndDate),
    },
    {
      id: 'status',
      header: 'Status',
      enableSorting: false,
      cell: ({ row }) => <InvoiceStatusBadge status={row.original.displayStatus} />,
    },
    {
      id: 'totalMinor',
      header: 'Total',
      cell: ({ row }) => (
        <Text size="sm" ta="right" ff="monospace">
          {formatMoney(row.original.totalMinor, row.original.currency)}
        </Text>
      ),
    },
    { id: 'dueDate', header: 'Due', cell: ({ row }) => formatDate(row.original.dueDate) },
    { id: 'generatedAt', header: 'Generated', cell: ({ row }) => formatDateTime(row.original.generatedAt) },
  ];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Invoices</Title>
        {canWrite && <GenerateInvoiceButton />}
      </Group>
      {canWrite && <InvoiceRunPanel />}
      <Group align="flex-end">
        <ListSearch list={list} placeholder="Number or organization" width={220} />
        <OrganizationFilter onChange={list.resetPage} />
        <Select label="Status" data={STATUS_OPTIONS} value={status} allowDeselect={false} onChange={filter(setStatus)} w={150} />
        <Select label="Type" data={KIND_OPTIONS} value={kind} allowDeselect={false} onChange={filter(setKind)} w={220} />
        <TextInput
          label="Period from"
          type="date"
          value={periodFrom}
          onChange={(e) => filter(setPeriodFrom)(e.currentTarget.value)}
          w={160}
        />
        <TextInput
          label="Period to"
          type="date"
          value={periodTo}
          onChange={(e) => filter(setPeriodTo)(e.currentTarget.value)}
          w={160}
        />
      </Group>
      {query.isError && <ErrorAlert error={query.error} />}
      <DataTable
        caption="Invoices"
        data={query.data?.items ?? []}
        columns={columns}
        total={query.data?.total ?? 0}
        {...list.tableProps}
        getRowId={(invoice) => invoice.id}
        loading={query.isLoading}
        emptyText="No invoices match."
        minWidth={900}
      />
    </Stack>
  );
}
