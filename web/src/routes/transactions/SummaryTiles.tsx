import { Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { TransactionSummary } from '../../api/transactions';
import { formatMoney } from '../../format';
import { formatDuration, formatEnergy } from './figures';

function Tile({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="sm" component="section" aria-label={label}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {children}
    </Paper>
  );
}

/** Totals of everything the filter matches; revenue one line per currency (never added across currencies). */
export function SummaryTiles({ summary }: { summary: TransactionSummary }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 5 }}>
      <Tile label="Sessions">
        <Text fw={700} size="lg">
          {summary.sessions.toLocaleString()}
        </Text>
        {summary.activeSessions > 0 && (
          <Text size="xs" c="dimmed">
            {summary.activeSessions} charging now
          </Text>
        )}
      </Tile>
      <Tile label="Energy">
        <Text fw={700} size="lg">
          {formatEnergy(summary.energyWh)}
        </Text>
      </Tile>
      <Tile label="Revenue">
        {summary.revenue.length === 0 ? (
          <Text fw={700} size="lg">
            —
          </Text>
        ) : (
          <Stack gap={2}>
            {summary.revenue.map((r) => (
              <div key={r.currency}>
                <Text fw={700} size="lg">
                  {formatMoney(r.grossMinor, r.currency)}
                </Text>
                <Text size="xs" c="dimmed">
                  gross · net {formatMoney(r.netMinor, r.currency)}
                </Text>
              </div>
            ))}
          </Stack>
        )}
      </Tile>
      <Tile label="Average duration">
        <Text fw={700} size="lg">
          {formatDuration(summary.averageDurationSeconds)}
        </Text>
      </Tile>
      <Tile label="Idle time">
        <Text fw={700} size="lg">
          {formatDuration(summary.idleSeconds)}
        </Text>
        <Text size="xs" c="dimmed">
          average {formatDuration(summary.averageIdleSeconds)}
        </Text>
      </Tile>
    </SimpleGrid>
  );
}
