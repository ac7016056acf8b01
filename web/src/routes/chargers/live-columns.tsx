import { Badge, Stack, Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import type { LiveCharger } from '../../api/live';
import type { Charger } from '../../api/types';
import { formatDateTime } from '../../format';
import { agoWords } from '../../live/attention';
import { ConnectorChips } from '../../live/ConnectorChips';
import { currentPowerW, formatKw, statusColor } from '../../live/status';

export interface LiveColumnsContext {
  /** Live state by charger id; hidden or retired chargers are not monitored and have none. */
  liveById: Map<string, LiveCharger>;
  now: Date;
  timeZoneOf: (organizationId: string) => string | undefined;
}

/** "12 s ago", with the exact time on the organization's clock (zone named) on hover. */
function Ago({ at, timeZone, now }: { at: string; timeZone: string | undefined; now: Date }) {
  return (
    <time dateTime={at} title={formatDateTime(at, timeZone)}>
      {agoWords(at, now)}
    </time>
  );
}

function Connection({ live, timeZone, now }: { live: LiveCharger; timeZone: string | undefined; now: Date }) {
  const words = live.online ? 'Online' : 'Offline';
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={statusColor(live.online ? 'Available' : 'Offline')} variant="light" size="sm">
        {words}
      </Badge>
      {!live.online && (
        <Text size="xs" c="dimmed">
          {live.offlineSince ? (
            <>
              since <Ago at={live.offlineSince} timeZone={timeZone} now={now} />
            </>
          ) : live.lastMessageAt ? null : (
            'never connected'
          )}
        </Text>
      )}
    </Stack>
  );
}

/** The live columns of the chargers table (GET /live/chargers, kept current by the event stream); none is sortable. */
export function liveColumns({ liveById, now, timeZoneOf }: LiveColumnsContext): ColumnDef<Charger>[] {
  const liveOf = (charger: Charger) => liveById.get(charger.id);
  return [
    {
      id: 'connection',
      header: 'Connection',
      enableSorting: false,
      cell: ({ row }) => {
        const live = liveOf(row.original);
        return live ? <Connection live={live} timeZone={timeZoneOf(live.organizationId)} now={now} /> : '—';
      },
    },
    {
      id: 'connectors',
      header: 'Connectors',
      enableSorting: false,
      cell: ({ row }) => {
        const live = liveOf(row.original);
        if (!live) return row.original.connectors.map((c) => c.type).join(', ') || '—';
        return live.connectors.some((c) => c.connectorId !== 0) ? <ConnectorChips charger={live} /> : '—';
      },
    },
    {
      id: 'lastMessage',
      header: 'Last message',
      enableSorting: false,
      cell: ({ row }) => {
        const live = liveOf(row.original);
        return live?.lastMessageAt ? <Ago at={live.lastMessageAt} timeZone={timeZoneOf(live.organizationId)} now={now} /> : '—';
      },
    },
    {
      id: 'powerNow',
      header: 'Power now',
      enableSorting: false,
      cell: ({ row }) => {
        const live = liveOf(row.original);
        return (
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {formatKw(live ? currentPowerW(live) : null)}
          </Text>
        );
      },
    },
  ];
}
