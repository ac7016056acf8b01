import { Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type Period, type RevenueParams, analyticsKeys, getRevenue } from '../../api/analytics';
import { ErrorAlert, Loading } from '../../components/states';
import { formatMoney } from '../../format';
import { formatProfitability, kwhOf } from './figures';

function PerformerList({ title, params }: { title: string; params: RevenueParams }) {
  const query = useQuery({ queryKey: analyticsKeys.revenue(params), queryFn: () => getRevenue(params) });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Title order={2} size="h5" mb="xs">
        {title}
      </Title>
      {query.isError ? (
        <ErrorAlert error={query.error} />
      ) : !query.data ? (
        <Loading />
      ) : query.data.items.length === 0 ? (
        <Text c="dimmed">No chargers.</Text>
      ) : (
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Charger</Table.Th>
              <Table.Th>Net</Table.Th>
              <Table.Th>kWh</Table.Th>
              <Table.Th>Margin / net</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.items.map((row) => (
              <Table.Tr key={`${row.id}-${row.currency}`}>
                <Table.Td>
                  {row.name}
                  <Text size="xs" c="dimmed">
                    {row.siteName} · {row.organizationName}
                  </Text>
                </Table.Td>
                <Table.Td>{formatMoney(row.netMinor, row.currency)}</Table.Td>
                <Table.Td>{kwhOf(row.energyWh)}</Table.Td>
                <Table.Td>{formatProfitability(row.profitability)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

/** The five chargers earning most and least net revenue in the period (idle chargers included). */
export function Performers({ period, organizationId }: { period: Period; organizationId: string | null }) {
  const base = {
    period,
    groupBy: 'charger' as const,
    organizationId: organizationId ?? undefined,
    sort: 'net' as const,
    pageSize: 5,
  };
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <PerformerList title="Top 5 chargers" params={{ ...base, order: 'desc' }} />
      <PerformerList title="Bottom 5 chargers" params={{ ...base, order: 'asc' }} />
    </SimpleGrid>
  );
}
