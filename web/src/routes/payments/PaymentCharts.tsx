import { Suspense, lazy } from 'react';
import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getPaymentStats, paymentKeys } from '../../api/payments';
import { ErrorAlert, Loading } from '../../components/states';
import { approvedVolumeOption, daysBetween, statsCurrencies, successRateOption } from './payment-chart';

// ECharts is large: loaded only when a chart is shown.
const EChart = lazy(() => import('../../components/EChart').then((m) => ({ default: m.EChart })));

const isoDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The filter's days when both are given, else the last 30 days. */
function rangeOf(from: string, to: string): { from: string; to: string } {
  if (from && to && from <= to) return { from, to };
  const today = new Date();
  const start = new Date(today);
  start.setDate(start.getDate() - 29);
  return { from: isoDay(start), to: isoDay(today) };
}

/** Success rate and approved volume per gateway per day: one pair of charts per currency, never added across. */
export function PaymentCharts({ organizationId, from, to }: { organizationId: string | null; from: string; to: string }) {
  const params = { ...rangeOf(from, to), organizationId: organizationId ?? undefined };
  const query = useQuery({
    queryKey: paymentKeys.stats(params),
    queryFn: () => getPaymentStats(params),
    placeholderData: keepPreviousData,
  });
  const days = daysBetween(params.from, params.to);
  return (
    <Paper withBorder p="md" component="section" aria-label="Payments per day">
      <Title order={2} size="h4" mb="xs">
        Per gateway and day
      </Title>
      {query.isError ? (
        <ErrorAlert error={query.error} title="The charts are not available" />
      ) : !query.data ? (
        <Loading label="Loading charts" />
      ) : statsCurrencies(query.data).length === 0 ? (
        <Text c="dimmed">No payments on these days.</Text>
      ) : (
        <Suspense fallback={<Loading label="Loading charts" />}>
          <Stack>
            {statsCurrencies(query.data).map((currency) => (
              <SimpleGrid key={currency} cols={{ base: 1, md: 2 }}>
                <div>
                  <Text size="sm" fw={600}>
                    Success rate, {currency} payments
                  </Text>
                  <EChart
                    option={successRateOption(query.data, currency, days)}
                    label={`Success rate per gateway per day of the payments in ${currency}`}
                  />
                </div>
                <div>
                  <Text size="sm" fw={600}>
                    Approved volume in {currency}
                  </Text>
                  <EChart
                    option={approvedVolumeOption(query.data, currency, days)}
                    label={`Approved volume in ${currency} per gateway per day`}
                  />
                </div>
              </SimpleGrid>
            ))}
          </Stack>
        </Suspense>
      )}
      <Text size="xs" c="dimmed" mt="xs">
        From {params.from} to {params.to}, each payment on its local day in its organization’s time zone. Success rate: approved ÷
        tried (authorizations, captures, sales, top-ups, manual payments); volume: approved captures, sales, top-ups and manual
        payments.
      </Text>
    </Paper>
  );
}
