import { Link } from 'react-router';
import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import type { LiveCharger } from '../../api/live';
import { useOrgLink } from '../../components/organization-scope';
import { ConnectorChips } from '../../live/ConnectorChips';
import { LiveStatusBadge } from '../../live/LiveStatusBadge';
import { formatKw, formatKwh, statusColor } from '../../live/status';

/** One charger on the live dashboard: aggregate status, connectors' finer states, the running session. */
export function ChargerStatusCard({ charger }: { charger: LiveCharger }) {
  const orgLink = useOrgLink();
  const session = charger.activeSession;
  const color = statusColor(charger.status);
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="article"
      aria-label={`Charger ${charger.name}`}
      data-status={charger.status}
      style={{ borderLeft: `5px solid var(--mantine-color-${color}-filled)` }}
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Anchor component={Link} to={orgLink(`/chargers/${charger.chargerId}`)} fw={600} size="sm" lineClamp={1}>
              {charger.name}
            </Anchor>
            <Text size="xs" c="dimmed" lineClamp={1}>
              {charger.siteName}
            </Text>
          </div>
          <LiveStatusBadge status={charger.status} aria-label={`Status: ${charger.status}`} data-testid="charger-status" />
        </Group>
        <ConnectorChips charger={charger} />
        {session ? (
          <Text size="sm" aria-label="Running session">
            <Text span fw={600}>
              {formatKw(session.powerW)}
            </Text>{' '}
            · {formatKwh(session.energyWh)}
            {session.socPercent != null && ` · ${session.socPercent} %`}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            No session
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
