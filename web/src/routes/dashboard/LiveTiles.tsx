import { Paper, SimpleGrid, Skeleton, Text } from '@mantine/core';
import type { LiveSummary } from '../../api/live';
import { ErrorAlert } from '../../components/states';

interface Tile {
  label: string;
  value: string;
  hint?: string;
}

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

function tilesOf(summary: LiveSummary): Tile[] {
  return [
    { label: 'Active sessions', value: number.format(summary.activeSessions) },
    { label: 'Current power', value: `${number.format(summary.currentPowerW / 1000)} kW` },
    { label: 'Energy today', value: `${number.format(summary.energyTodayWh / 1000)} kWh` },
    { label: 'Availability', value: `${number.format(summary.availabilityPercent)} %` },
    {
      label: 'Online',
      value: `${summary.chargers.online} / ${summary.chargers.total}`,
      hint: `${summary.chargers.offline} offline`,
    },
  ];
}

/** The live KPIs; refetched shortly after live events (energy today cannot be summed in the browser). */
export function LiveTiles({ summary, isLoading, error }: { summary?: LiveSummary; isLoading: boolean; error: unknown }) {
  if (error) return <ErrorAlert error={error} title="Live figures are not available" />;
  const tiles = summary ? tilesOf(summary) : null;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
      {(
        tiles ??
        ['Active sessions', 'Current power', 'Energy today', 'Availability', 'Online'].map((label): Tile => ({
          label,
          value: '',
        }))
      ).map((tile) => (
        <Paper key={tile.label} withBorder p="md" radius="md">
          <Text size="sm" c="dimmed">
            {tile.label}
          </Text>
          {isLoading || !tiles ? (
            <Skeleton h={32} mt={4} w={80} />
          ) : (
            <Text fz={28} fw={700} aria-label={`${tile.label}: ${tile.value}`}>
              {tile.value}
            </Text>
          )}
          {tile.hint && (
            <Text size="xs" c="dimmed">
              {tile.hint}
            </Text>
          )}
        </Paper>
      ))}
    </SimpleGrid>
  );
}
