import { Group, Text } from '@mantine/core';
import type { LiveCharger } from '../../../api/live';
import { formatDateTime } from '../../../format';
import { LiveIndicator } from '../../../live/LiveIndicator';
import { LiveStatusBadge } from '../../../live/LiveStatusBadge';
import type { LiveConnectionState } from '../../../live/useLiveEvents';

/** The charger's aggregate live status, connection and last message, beside the title. */
export function LiveState({
  live,
  connection,
  timeZone,
}: {
  live: LiveCharger | null;
  connection: LiveConnectionState;
  timeZone?: string;
}) {
  return (
    <Group gap="xs" mt={4}>
      {live && (
        <LiveStatusBadge status={live.status} size="lg" aria-label={`Live status: ${live.status}`} data-testid="charger-status" />
      )}
      {live && (
        <Text size="xs" c="dimmed">
          {live.online
            ? `Online · last message ${formatDateTime(live.lastMessageAt, timeZone)}`
            : `Offline since ${formatDateTime(live.offlineSince, timeZone)}`}
        </Text>
      )}
      <LiveIndicator state={connection} />
    </Group>
  );
}
