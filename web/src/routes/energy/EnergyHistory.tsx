import { Suspense, lazy, useState } from 'react';
import { Badge, Group, Paper, SegmentedControl, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getSiteEnergyHistory, loadManagementKeys } from '../../api/load-management';
import { ErrorAlert, Loading } from '../../components/states';
import { formatDateTime } from '../../format';

const HistoryChart = lazy(() => import('./HistoryChart').then((m) => ({ default: m.HistoryChart })));

const RANGES = [
  { value: '6h', label: '6 hours', ms: 6 * 3_600_000 },
  { value: '24h', label: 'Day', ms: 86_400_000 },
  { value: '7d', label: 'Week', ms: 7 * 86_400_000 },
];

const KIND_WORDS = {
  settings: { label: 'Settings', color: 'blue' },
  refused: { label: 'Refused', color: 'orange' },
  grid: { label: 'Grid', color: 'grape' },
} as const;

/** The site's power over hours or days, and what happened: settings changed, chargers refusing, the grid. */
export function EnergyHistory({ siteId, limitKw }: { siteId: string; limitKw: number | null }) {
  const [range, setRange] = useState('24h');
  const span = RANGES.find((r) => r.value === range) ?? RANGES[1]!;
  const history = useQuery({
    queryKey: loadManagementKeys.history(siteId, span.value),
    queryFn: () => getSiteEnergyHistory(siteId, new Date(Date.now() - span.ms).toISOString()),
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
  return (
    <Paper withBorder p="md" component="section" aria-label="Energy history">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Energy history
        </Title>
        <SegmentedControl size="xs" data={RANGES} value={span.value} onChange={setRange} aria-label="History range" />
      </Group>
      {history.isError && <ErrorAlert error={history.error} />}
      {!history.data && !history.isError && <Loading />}
      {history.data && (
        <>
          {history.data.points.length === 0 ? (
            <Text c="dimmed">No power reading from this site’s chargers in this range.</Text>
          ) : (
            <Suspense fallback={<Loading />}>
              <HistoryChart history={history.data} limitKw={limitKw} />
            </Suspense>
          )}
          <Text size="xs" c="dimmed" mb="sm">
            Average power of every {history.data.bucketSeconds / 60} min, from the chargers’ meter readings.
          </Text>
          <Title order={3} size="h5" mb="xs">
            Events
          </Title>
          {history.data.events.length === 0 ? (
            <Text c="dimmed">Nothing happened to the limit in this range.</Text>
          ) : (
            <Table aria-label="Energy events" striped>
              <Table.Tbody>
                {history.data.events.map((e, i) => (
                  <Table.Tr key={`${e.at}-${i}`}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at, history.data.timeZone)}</Table.Td>
                    <Table.Td>
                      <Badge color={KIND_WORDS[e.kind].color} variant="light">
                        {KIND_WORDS[e.kind].label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Paper>
  );
}
