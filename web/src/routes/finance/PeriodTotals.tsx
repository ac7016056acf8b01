import { Paper, SimpleGrid, Skeleton, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { PERIOD_LABELS, type Period, type RevenueRow, analyticsKeys, getRevenue } from '../../api/analytics';
import { ErrorAlert } from '../../components/states';
import { formatMoney } from '../../format';
import { formatProfitability, kwhOf } from './figures';

/** marginMinor is null when the server shows no margin (to a location owner). */
type Sums = Pick<RevenueRow, 'sessions' | 'energyWh' | 'netMinor' | 'grossMinor' | 'marginMinor'>;
const MAX_ORGANIZATIONS = 500;

/** Margin ÷ net to four places, from integers (no float reaches the screen beyond display rounding). */
const ratio = (margin: number, net: number) => (net === 0 ? null : (Math.round((margin / net) * 10_000) / 10_000).toFixed(4));

/** The selected period's totals per currency, added up from the per-organization figures. */
export function PeriodTotals({ period, organizationId }: { period: Period; organizationId: string | null }) {
  const params = {
    period,
    groupBy: 'organization' as const,
    organizationId: organizationId ?? undefined,
    pageSize: MAX_ORGANIZATIONS,
  };
  const query = useQuery({ queryKey: analyticsKeys.revenue(params), queryFn: () => getRevenue(params) });
  if (query.isError) return <ErrorAlert error={query.error} />;
  if (!query.data) return <Skeleton h={92} radius="md" />;
  const byCurrency = new Map<string, Sums>();
  for (const row of query.data.items) {
    const sums = byCurrency.get(row.currency) ?? { sessions: 0, energyWh: 0, netMinor: 0, grossMinor: 0, marginMinor: 0 };
    byCurrency.set(row.currency, {
      sessions: sums.sessions + row.sessions,
      energyWh: sums.energyWh + row.energyWh,
      netMinor: sums.netMinor + row.netMinor,
      grossMinor: sums.grossMinor + row.grossMinor,
      marginMinor: sums.marginMinor === null || row.marginMinor === null ? null : sums.marginMinor + row.marginMinor,
    });
  }
  return (
    <>
      {[...byCurrency].map(([currency, s]) => {
        // Money tiles name their currency; energy and sessions are those of the organizations billing in it.
        const tiles = [
          { label: 'Net revenue', money: true, value: formatMoney(s.netMinor, currency) },
          { label: 'Gross revenue', money: true, value: formatMoney(s.grossMinor, currency) },
          {
            label: 'Margin',
            money: true,
            value:
              s.marginMinor === null
                ? '—'
                : `${formatMoney(s.marginMinor, currency)} (${formatProfitability(ratio(s.marginMinor, s.netMinor))})`,
          },
          { label: 'Energy', value: `${kwhOf(s.energyWh)} kWh` },
          { label: 'Sessions', value: String(s.sessions) },
        ];
        return (
          <SimpleGrid key={currency} cols={{ base: 2, sm: 3, lg: 5 }} aria-label={`${PERIOD_LABELS[period]} in ${currency}`}>
            {byCurrency.size > 1 && (
              <Text size="sm" fw={600} style={{ gridColumn: '1 / -1' }}>
                Organizations billing in {currency}
              </Text>
            )}
            {tiles.map((tile) => (
              <Paper key={tile.label} withBorder p="md" radius="md">
                <Text size="sm" c="dimmed">
                  {tile.money ? `${tile.label} · ${currency}` : tile.label}
                </Text>
                <Text fz={22} fw={700} aria-label={`${tile.label} ${PERIOD_LABELS[period].toLowerCase()}: ${tile.value}`}>
                  {tile.value}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
        );
      })}
      {query.data.total > MAX_ORGANIZATIONS && (
        <Text size="xs" c="dimmed">
          Totals of the first {MAX_ORGANIZATIONS} organizations; pick one with the organization filter.
        </Text>
      )}
    </>
  );
}
