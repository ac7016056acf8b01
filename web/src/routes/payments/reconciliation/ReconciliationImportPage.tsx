import { useState } from 'react';
import { Anchor, Badge, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { Link, useParams } from 'react-router';
import {
  type ReconciliationLine,
  type ReconciliationOutcome,
  getReconciliation,
  reconciliationKeys,
} from '../../../api/reconciliation';
import { DataTable } from '../../../components/DataTable';
import { useOrgLink } from '../../../components/organization-scope';
import { useServerPaging } from '../../../components/paging';
import { ErrorAlert, Loading, NotFoundState, isNotFound } from '../../../components/states';
import { formatDateTime, formatMoney } from '../../../format';
import { pathTo } from '../../route-table';
import { OutcomeTiles } from './OutcomeTiles';
import { GATEWAY_LABELS, OUTCOMES, outcomeOf, periodLabel } from './labels';

const PAYMENT_TYPES: Record<string, string> = {
  capture: 'Capture',
  sale: 'Sale',
  refund: 'Refund',
  top_up: 'Wallet top-up',
  authorization: 'Authorization',
  void: 'Void',
  manual: 'Manual',
};

const amount = (minor: number | null, currency: string | null | undefined, signed = false) =>
  minor === null || !currency ? (
    <Text size="sm" ta="right" c="dimmed">
      —
    </Text>
  ) : (
    <Text size="sm" ta="right" ff="monospace" style={{ whiteSpace: 'nowrap' }} c={signed && minor !== 0 ? 'red.7' : undefined}>
      {signed && minor > 0 ? '+' : ''}
      {formatMoney(minor, currency)}
    </Text>
  );

/** One import: tiles per outcome and its lines, filterable by outcome, each with the payment and session. */
export function ReconciliationImportPage() {
  const { id = '' } = useParams();
  const orgLink = useOrgLink();
  const [outcome, setOutcome] = useState<ReconciliationOutcome | null>(null);
  const paging = useServerPaging(50);
  const params = { outcome: outcome ?? undefined, page: paging.page, pageSize: paging.pageSize };
  const query = useQuery({
    queryKey: reconciliationKeys.detail(id, params),
    queryFn: () => getReconciliation(id, params),
    placeholderData: keepPreviousData,
  });
  const choose = (value: ReconciliationOutcome | null) => {
    setOutcome(value);
    paging.setPage(1);
  };

  if (query.isLoading) return <Loading />;
  if (query.isError && isNotFound(query.error))
    return (
      <NotFoundState
        title="Import not found"
        backTo={orgLink(pathTo('paymentReconciliation'))}
        backLabel="Back to reconciliation"
      />
    );
  if (query.isError) return <ErrorAlert error={query.error} />;
  const { reconciliation: r, totals, lines } = query.data!;

  const columns: ColumnDef<ReconciliationLine>[] = [
    {
      id: 'outcome',
      header: 'Outcome',
      enableSorting: false,
      cell: ({ row }) => (
        <Badge variant="light" color={outcomeOf(row.original.outcome).color}>
          {outcomeOf(row.original.outcome).label}
        </Badge>
      ),
    },
    {
      id: 'reference',
      header: 'Reference',
      enableSorting: false,
      cell: ({ row }) => (
        <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
          {row.original.reference ?? '—'}
        </Text>
      ),
    },
    { id: 'row', header: 'Report row', enableSorting: false, cell: ({ row }) => row.original.row ?? '—' },
    {
      id: 'theirs',
      header: 'Report amount',
      enableSorting: false,
      cell: ({ row }) => amount(row.original.theirAmountMinor, row.original.currency),
    },
    {
      id: 'ours',
      header: 'Our amount',
      enableSorting: false,
      cell: ({ row }) => amount(row.original.ourAmountMinor, row.original.payment?.currency ?? row.original.currency),
    },
    {
      id: 'difference',
      header: 'Difference',
      enableSorting: false,
      cell: ({ row }) => amount(row.original.differenceMinor, row.original.currency, true),
    },
    {
      id: 'payment',
      header: 'Our payment',
      enableSorting: false,
      cell: ({ row }) => {
        const p = row.original.payment;
        if (!p) return '—';
        return (
          <Stack gap={0}>
            <Text size="sm">{PAYMENT_TYPES[p.type] ?? p.type}</Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(p.createdAt, r.timeZone)}
            </Text>
          </Stack>
        );
      },
    },
    {
      id: 'session',
      header: 'Session',
      enableSorting: false,
      cell: ({ row }) => {
        const p = row.original.payment;
        if (!p?.sessionId) return '—';
        return (
          <Anchor
            component={Link}
            to={orgLink(pathTo('transaction', { id: p.sessionId }))}
            size="sm"
            aria-label={`Session ${p.sessionTransactionId ?? ''}`.trim()}
            style={{ wordBreak: 'break-all' }}
          >
            {p.sessionTransactionId ?? 'Session'}
          </Anchor>
        );
      },
    },
  ];

  return (
    <Stack>
      <div>
        <Anchor component={Link} to={orgLink(pathTo('paymentReconciliation'))} size="sm">
          ← Reconciliation
        </Anchor>
        <Title order={1}>{r.fileName}</Title>
        <Text size="sm" c="dimmed">
          {GATEWAY_LABELS[r.gateway]} · {r.organizationName ?? 'All organizations'} · period{' '}
          {periodLabel(r.periodFrom, r.periodTo, r.timeZone)} ({r.timeZone}) · imported {formatDateTime(r.createdAt, r.timeZone)}
          {r.importedBy ? ` by ${r.importedBy}` : ''}
        </Text>
      </div>
      <OutcomeTiles reconciliation={r} totals={totals} selected={outcome} onSelect={choose} />
      <Paper withBorder p="md">
        <Group justify="space-between" align="flex-end" mb="sm">
          <Title order={2} size="h4">
            Lines
          </Title>
          <Select
            label="Outcome"
            w={220}
            data={[{ value: 'all', label: 'All outcomes' }, ...OUTCOMES.map((o) => ({ value: o.value, label: o.label }))]}
            value={outcome ?? 'all'}
            allowDeselect={false}
            onChange={(value) => choose(!value || value === 'all' ? null : (value as ReconciliationOutcome))}
          />
        </Group>
        <DataTable
          caption="Reconciliation lines"
          data={lines.items}
          columns={columns}
          total={lines.total}
          {...paging.tableProps}
          getRowId={(line) => String(line.id)}
          loading={query.isFetching && !query.data}
          emptyText="No lines with this outcome."
          minWidth={1000}
        />
      </Paper>
    </Stack>
  );
}
