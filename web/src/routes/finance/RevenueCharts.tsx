import { Suspense, lazy, useState } from 'react';
import { Group, Paper, SegmentedControl, SimpleGrid, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Bucket, analyticsKeys, getTimeSeries } from '../../api/analytics';
import { ErrorAlert, Loading } from '../../components/states';
import { currenciesOf, energyOption, revenueOption } from './revenue-chart';

// ECharts is large: loaded only when a chart is shown.
const EChart = lazy(() => import('../../components/EChart').then((m) => ({ default: m.EChart })));

/** How far back each bucket size looks: 30 days, 26 weeks, 12 months. */
function rangeFor(bucket: Bucket): { from: string; to: string } {
  const today = new Date();
  const from = new Date(today);
  if (bucket === 'day') from.setDate(from.getDate() - 29);
  else if (bucket === 'week') from.setDate(from.getDate() - 7 * 26 + 1);
  else from.setMonth(from.getMonth() - 11, 1);
  const iso = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return { from: iso(from), to: iso(today) };
}

/** Revenue and energy over time by local date of each session's end. */
export function RevenueCharts({ organizationId }: { organizationId: string | null }) {
  const [bucket, setBucket] = useState<Bucket>('day');
  const params = { bucket, ...rangeFor(bucket), organizationId: organizationId ?? undefined };
  const query = useQuery({
    queryKey: analyticsKeys.series(params),
    queryFn: () => getTimeSeries(params),
    placeholderData: keepPreviousData,
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Revenue over time">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Over time
        </Title>
        <SegmentedControl
          aria-label="Chart buckets"
          size="xs"
          value={bucket}
          onChange={(value) => setBucket(value as Bucket)}
          data={[
            { value: 'day', label: 'Days' },
            { value: 'week', label: 'Weeks' },
            { value: 'month', label: 'Months' },
          ]}
        />
      </Group>
      {query.isError ? (
        <ErrorAlert error={query.error} title="The charts are not available" />
      ) : !query.data ? (
        <Loading label="Loading charts" />
      ) : (
        <Suspense fallback={<Loading label="Loading charts" />}>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {currenciesOf(query.data).map((currency) => (
              <div key={currency}>
                <Text size="sm" fw={600}>
                  Revenue in {currency}
                </Text>
                <EChart
                  option={revenueOption(query.data, currency)}
                  label={`Net and gross revenue in ${currency} per ${bucket}`}
                />
              </div>
            ))}
            <div>
              <Text size="sm" fw={600}>
                Energy
              </Text>
              <EChart option={energyOption(query.data)} label={`Energy delivered per ${bucket}`} />
            </div>
          </SimpleGrid>
        </Suspense>
      )}
      <Text size="xs" c="dimmed" mt="xs">
        From {params.from} to {params.to}; each session counts on the local date it ended, in its organization’s time zone.
      </Text>
    </Paper>
  );
}
