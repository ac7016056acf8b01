import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import {
  GATEWAY_WORDS,
  type Payment,
  type PaymentFilter,
  type PaymentTotals,
  TYPE_WORDS,
  listPayments,
  paymentKeys,
} from '../../api/payments';
import { DataTable } from '../../components/DataTable';
import { dayRangeError } from '../../components/LocalDayRange';
import { useListState } from '../../components/list-state';
import { useOrgLink, useOrganizations, useSelectedOrganization } from '../../components/organization-scope';
import { ErrorAlert } from '../../components/states';
import { formatDateTime, formatMoney, minorDigits } from '../../format';
import { pathTo } from '../route-table';
import { amountRangeMinor } from './amount-range';
import { PaymentCharts } from './PaymentCharts';
import { EMPTY_PAYMENT_FILTERS, PaymentFilters, type PaymentFilterValues } from './PaymentFilters';
import { PaymentStatusBadge, cardWords } from './PaymentStatusBadge';

/** What a payment asked, and what was approved when that differs (a partial authorization). */
export function PaymentAmount({ payment: p }: { payment: Payment }) {
  return (
    <div style={{ whiteSpace: 'nowrap' }}>
      <Text size="sm" ff="monospace">
        {formatMoney(p.amountMinor, p.currency)}
      </Text>
      {p.approvedMinor !== null && p.approvedMinor !== p.amountMinor && (
        <Text size="xs" c="dimmed">
          approved {formatMoney(p.approvedMinor, p.currency)}
        </Text>
      )}
    </div>
  );
}

/**
 * The currency whose decimals the amount filter is typed in: the chosen organization's, else the one
 * all organizations in view share the decimals of (null when they differ: choose an organization).
 */
function useAmountCurrency(): { currency: string; hint: string } | null {
  const [org] = useSelectedOrganization();
  const { byId, organizations } = useOrganizations();
  const chosen = org ? byId.get(org)?.currency : undefined;
  if (chosen) return { currency: chosen, hint: `in ${chosen}` };
  const currencies = [...new Set(organizations.map((o) => o.currency))];
  if (currencies.length === 1) return { currency: currencies[0]!, hint: `in ${currencies[0]!}` };
  const digits = minorDigits(currencies[0] ?? 'LKR');
  if (!currencies.every((c) => minorDigits(c) === digits)) return null;
  return { currency: currencies[0] ?? 'LKR', hint: 'in major units' };
}

/** Every payment across gateways: filters, totals per currency, the rows, and success rate and volume per day. */
export function PaymentsPage() {
  const list = useListState([], 20);
  const [org] = useSelectedOrganization();
  const orgLink = useOrgLink();
  const [values, setValues] = useState<PaymentFilterValues>(EMPTY_PAYMENT_FILTERS);
  const [amounts] = useDebouncedValue({ min: values.minAmount, max: values.maxAmount }, 300);
  const amountCurrency = useAmountCurrency();
  const range = amountCurrency ? amountRangeMinor(amounts.min, amounts.max, amountCurrency.currency) : { error: null };
  const valid = dayRangeError(values) === null && range.error === null;
  const params: PaymentFilter = {
    organizationId: org ?? undefined,
    gateway: values.gateway ?? undefined,
    type: values.type ?? undefined,
    status: values.status ?? undefined,
    from: values.from || undefined,
    to: values.to || undefined,
    minAmountMinor: range.minAmountMinor,
    maxAmountMinor: range.maxAmountMinor,
    q: list.params.q,
    page: list.params.page,
    pageSize: list.params.pageSize,
  };
  const rows = useQuery({
    queryKey: paymentKeys.list(params),
    queryFn: () => listPayments(params),
    placeholderData: keepPreviousData,
    enabled: valid,
  });

  const columns = useMemo<ColumnDef<Payment>[]>(
    () => [
      {
        id: 'createdAt',
        header: 'Time',
        enableSorting: false,
        cell: ({ row }) => (
          <Anchor component={Link} to={orgLink(pathTo('payment', { id: row.original.id }))} style={{ whiteSpace: 'nowrap' }}>
            {formatDateTime(row.original.createdAt, row.original.timeZone)}
          </Anchor>
        ),
      },
      { id: 'organization', header: 'Organization', enableSorting: false, cell: ({ row }) => row.original.organizationName },
      { id: 'gateway', header: 'Gateway', enableSorting: false, cell: ({ row }) => GATEWAY_WORDS[row.original.gateway] },
      { id: 'type', header: 'Type', enableSorting: false, cell: ({ row }) => TYPE_WORDS[row.original.type] },
      { id: 'status', header: 'Status', enableSorting: false, cell: ({ row }) => <PaymentStatusBadge payment={row.original} /> },
      { id: 'amount', header: 'Amount', enableSorting: false, cell: ({ row }) => <PaymentAmount payment={row.original} /> },
      {
        id: 'card',
        header: 'Card',
        enableSorting: false,
        cell: ({ row }) => <span style={{ whiteSpace: 'nowrap' }}>{cardWords(row.original)}</span>,
      },
      {
        id: 'session',
        header: 'Session',
        enableSorting: false,
        cell: ({ row }) =>
          row.original.sessionId ? (
            <Anchor component={Link} to={orgLink(pathTo('transaction', { id: row.original.sessionId }))}>
              Session
            </Anchor>
          ) : (
            '—'
          ),
      },
      {
        id: 'reference',
        header: 'Reference',
        enableSorting: false,
        cell: ({ row }) => (
          <Text size="xs" ff="monospace">
            {row.original.gatewayReference ?? '—'}
          </Text>
        ),
      },
    ],
    [orgLink],
  );

  return (
    <Stack>
      <Title order={1}>Payments</Title>
      <PaymentFilters
        values={values}
        onChange={setValues}
        list={list}
        amountCurrency={amountCurrency}
        amountError={range.error}
      />
      {rows.isError && <ErrorAlert error={rows.error} />}
      {rows.data && <PaymentTotalsTiles totals={rows.data.totals} />}
      <DataTable
        caption="Payments"
        data={rows.data?.items ?? []}
        columns={columns}
        total={rows.data?.total ?? 0}
        {...list.tableProps}
        getRowId={(p) => p.id}
        loading={rows.isLoading}
        emptyText="No payments match."
        minWidth={1100}
      />
      <PaymentCharts organizationId={org} from={values.from} to={values.to} />
    </Stack>
  );
}

/** One tile per currency: amounts in different currencies are never added. */
function PaymentTotalsTiles({ totals }: { totals: PaymentTotals }) {
  if (totals.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} component="section" aria-label="Totals per currency">
      {totals.map((t) => (
        <Paper key={t.currency} withBorder p="sm">
          <Text size="xs" c="dimmed">
            {t.currency} · {t.count} {t.count === 1 ? 'payment' : 'payments'}
          </Text>
          <Group gap="lg" mt={4} wrap="wrap">
            <div>
              <Text size="xs" c="dimmed">
                Approved
              </Text>
              <Text fw={700} ff="monospace">
                {formatMoney(t.approvedMinor, t.currency)}
              </Text>
            </div>
            <div>
              <Text size="xs" c="dimmed">
                Refunded
              </Text>
              <Text fw={700} ff="monospace">
                {formatMoney(t.refundedMinor, t.currency)}
              </Text>
            </div>
          </Group>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
