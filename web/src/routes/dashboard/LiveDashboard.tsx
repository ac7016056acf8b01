import { useMemo, useState } from 'react';
import { Badge, Group, SimpleGrid, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconSearch } from '@tabler/icons-react';
import { LIVE_STATUSES, type LiveStatus, getLiveSummary, listLiveChargers, liveKeys } from '../../api/live';
import { useOrganizations, useSelectedOrganization } from '../../components/organization-scope';
import { ErrorAlert, Loading } from '../../components/states';
import { LiveIndicator } from '../../live/LiveIndicator';
import { statusColor } from '../../live/status';
import { useLiveEvents } from '../../live/useLiveEvents';
import { ChargerStatusCard } from './ChargerStatusCard';
import { LiveTiles } from './LiveTiles';
import { RevenueTiles } from './RevenueTiles';

/** The dashboard for monitoring:read: live KPIs, counts per status (as filters) and a card per charger. */
export function LiveDashboard({ welcome }: { welcome: string }) {
  const [org] = useSelectedOrganization();
  const { byId } = useOrganizations();
  const connection = useLiveEvents();
  const [filter, setFilter] = useState<LiveStatus | null>(null);
  const [search, setSearch] = useState('');
  const summary = useQuery({ queryKey: liveKeys.summary(org), queryFn: () => getLiveSummary(org) });
  const chargers = useQuery({ queryKey: liveKeys.chargers(org), queryFn: () => listLiveChargers(org) });

  const counts = useMemo(() => {
    const result = new Map<LiveStatus, number>();
    for (const c of chargers.data ?? []) result.set(c.status, (result.get(c.status) ?? 0) + 1);
    return result;
  }, [chargers.data]);

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (chargers.data ?? []).filter(
      (c) =>
        (!filter || c.status === filter) &&
        (!needle || `${c.name} ${c.ocppIdentity} ${c.siteName}`.toLowerCase().includes(needle)),
    );
  }, [chargers.data, filter, search]);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>Dashboard</Title>
          <Text c="dimmed">
            {welcome} {org ? `Showing ${byId.get(org)?.name ?? 'the selected organization'}.` : 'Everything in your scope.'}
          </Text>
        </div>
        <LiveIndicator state={connection} />
      </Group>
      <LiveTiles summary={summary.data} isLoading={summary.isLoading} error={summary.error} />
      <RevenueTiles />
      <Group gap="xs" role="group" aria-label="Filter by status">
        {LIVE_STATUSES.map((status) => {
          const active = filter === status;
          return (
            <UnstyledButton
              key={status}
              onClick={() => setFilter(active ? null : status)}
              aria-pressed={active}
              aria-label={`${status}: ${counts.get(status) ?? 0}`}
            >
              <Badge
                color={statusColor(status)}
                variant={active ? 'filled' : 'light'}
                size="lg"
                style={{ cursor: 'pointer', opacity: counts.get(status) ? 1 : 0.6 }}
              >
                {status} {counts.get(status) ?? 0}
              </Badge>
            </UnstyledButton>
          );
        })}
        <TextInput
          aria-label="Search chargers"
          placeholder="Search chargers"
          leftSection={<IconSearch size={14} aria-hidden />}
          size="xs"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          ml={{ sm: 'auto' }}
        />
      </Group>
      {chargers.isLoading ? (
        <Loading label="Loading chargers" />
      ) : chargers.isError ? (
        <ErrorAlert error={chargers.error} title="Live charger status is not available" />
      ) : shown.length === 0 ? (
        <Text c="dimmed">{filter || search ? 'No charger matches the filter.' : 'There are no chargers in your scope.'}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: 4 }} spacing="sm" aria-label="Chargers" component="section">
          {shown.map((charger) => (
            <ChargerStatusCard key={charger.chargerId} charger={charger} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
