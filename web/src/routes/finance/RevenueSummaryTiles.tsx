import { Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { PERIOD_LABELS, type Period, analyticsKeys, getRevenueSummary } from '../../api/analytics';
import { ErrorAlert } from '../../components/states';
import { formatMoney } from '../../format';

const TILE_PERIODS: Period[] = ['today', 'week', 'month', 'year'];
const kwh = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/**
 * Net revenue today / this week / this month / this year (each organization's own calendar), one row
 * of tiles per currency: amounts in different currencies are never added together.
 */
export function RevenueSummaryTiles({ organizationId }: { organizationId: string | null }) {
  const query = useQuery({
    queryKey: analyticsKeys.summary(organizationId),
    queryFn: () => getRevenueSummary(organizationId),
    refetchInterval: 60_000,
  });
  if (query.isError) return <ErrorAlert error={query.error} title="Revenue figures are not available" />;
  const currencies = [...new Set((query.data?.tiles ?? []).map((t) => t.currency))];
  if (query.isLoading)
    return (
      <SimpleGrid cols={{ base: 2, lg: 4 }}>
        {TILE_PERIODS.map((p) => (
          <Skeleton key={p} h={92} radius="md" />
        ))}
      </SimpleGrid>
    );
  return (
    <Stack gap="xs" component="section" aria-label="Revenue summary">
      {currencies.map((currency) => (
        <SimpleGrid key={currency} cols={{ base: 2, lg: 4 }}>
          {TILE_PERIODS.map((period) => {
            const tile = query.data!.tiles.find((t) => t.period === period && t.currency === currency)!;
            const label = `Net revenue ${PERIOD_LABELS[period].toLowerCase()} (${currency})`;
            return (
              <Paper key={period} withBorder p="md" radius="md">
                <Text size="sm" c="dimmed">
                  {PERIOD_LABELS[period]} · {currency}
                </Text>
                <Text fz={24} fw={700} aria-label={`${label}: ${formatMoney(tile.netMinor, currency)}`}>
                  {formatMoney(tile.netMinor, currency)}
                </Text>
                <Text size="xs" c="dimmed">
                  gross {formatMoney(tile.grossMinor, currency)} · {kwh.format(tile.energyWh / 1000)} kWh · {tile.sessions}{' '}
                  sessions
                </Text>
              </Paper>
            );
          })}
        </SimpleGrid>
      ))}
    </Stack>
  );
}
