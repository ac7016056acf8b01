import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef, SortingState } from '@tanstack/react-table';
import {
  type GroupBy,
  type Period,
  type RevenueParams,
  type RevenueRow,
  type RevenueSort,
  analyticsKeys,
  getRevenue,
} from '../../api/analytics';
import { DataTable } from '../../components/DataTable';
import { useOrgLink } from '../../components/organization-scope';
import { ErrorAlert } from '../../components/states';
import { formatMoney } from '../../format';
import { formatProfitability, kwhOf } from './figures';

const TITLES: Record<GroupBy, string> = { charger: 'Charger', site: 'Site', organization: 'Organization' };

/** One period's figures per charger, site or organization, sorted and paged by the server. */
export function RevenueTable({
  groupBy,
  period,
  organizationId,
}: {
  groupBy: GroupBy;
  period: Period;
  organizationId: string | null;
}) {
  const orgLink = useOrgLink();
  const [sorting, setSorting] = useState<SortingState>([{ id: 'net', desc: true }]);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const sort = sorting[0];
  const params: RevenueParams = {
    period,
    groupBy,
    organizationId: organizationId ?? undefined,
    sort: (sort?.id ?? 'net') as RevenueSort,
    order: sort && !sort.desc ? 'asc' : 'desc',
    page,
    pageSize,
  };
  const query = useQuery({
    queryKey: analyticsKeys.revenue(params),
    queryFn: () => getRevenue(params),
    placeholderData: keepPreviousData,
  });
  const money =
    (pick: (r: RevenueRow) => number | null) =>
    ({ row }: { row: { original: RevenueRow } }) => {
      // Null: a figure of the operator's own that the server does not show a location owner.
      const minor = pick(row.original);
      return minor === null ? '—' : formatMoney(minor, row.original.currency);
    };

  const columns: ColumnDef<RevenueRow>[] = [
    {
      id: 'name',
      header: TITLES[groupBy],
      cell: ({ row }) =>
        groupBy === 'charger' ? (
          <Anchor component={Link} to={orgLink(`/chargers/${row.original.id}`)}>
            {row.original.name}
          </Anchor>
        ) : (
          row.original.name
        ),
    },
    ...(groupBy !== 'organization'
      ? [
          {
            id: 'organization',
            header: 'Organization',
            enableSorting: false,
            cell: ({ row }) => row.original.organizationName,
          } as ColumnDef<RevenueRow>,
        ]
      : []),
    { id: 'sessions', header: 'Sessions', cell: ({ row }) => row.original.sessions },
    { id: 'energy', header: 'kWh', cell: ({ row }) => kwhOf(row.original.energyWh) },
    { id: 'net', header: 'Net', cell: money((r) => r.netMinor) },
    { id: 'gross', header: 'Gross', enableSorting: true, cell: money((r) => r.grossMinor) },
    { id: 'partnerShare', header: 'Partner share', enableSorting: false, cell: money((r) => r.partnerShareMinor) },
    { id: 'energyCost', header: 'Energy cost', enableSorting: false, cell: money((r) => r.energyCostMinor) },
    {
      id: 'margin',
      header: 'Margin',
      cell: ({ row }) => (
        <Text span c={(row.original.marginMinor ?? 0) < 0 ? 'red' : undefined} inherit>
          {row.original.marginMinor === null ? '—' : formatMoney(row.original.marginMinor, row.original.currency)}
        </Text>
      ),
    },
    { id: 'profitability', header: 'Margin / net', cell: ({ row }) => formatProfitability(row.original.profitability) },
  ];

  return (
    <>
      {query.isError && <ErrorAlert error={query.error} />}
      <DataTable
        caption={`Revenue per ${groupBy}`}
        data={query.data?.items ?? []}
        columns={columns}
        total={query.data?.total ?? 0}
        page={page}
        pageSize={pageSize}
        sorting={sorting}
        onSortingChange={(s) => {
          setSorting(s);
          setPage(1);
        }}
        onPageChange={setPage}
        onPageSizeChange={(size) => {
          setPageSize(size);
          setPage(1);
        }}
        getRowId={(r) => `${r.id}-${r.currency}`}
        loading={query.isLoading}
        emptyText="Nothing in this period."
        minWidth={960}
      />
    </>
  );
}
