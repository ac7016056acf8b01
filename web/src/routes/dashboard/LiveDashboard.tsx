import { useMemo, useState } from 'react';
import { Badge, Group, Pagination, Select, SimpleGrid, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconSearch } from '@tabler/icons-react';
import { LIVE_STATUSES, type LiveStatus, getLiveSummary, listLiveChargers, liveKeys } from '../../api/live';
import { useOrganizations, useSelectedOrganization } from '../../components/organization-scope';
import { ErrorAlert, Loading } from '../../components/states';
import { paginationLabels } from '../../components/paging';
import { LiveIndicator } from '../../live/LiveIndicator';
import { statusColor } from '../../live/status';
import { useLiveEvents } from '../../live/useLiveEvents';
import { ChargerStatusCard } from './ChargerStatusCard';
import { LiveTiles } from './LiveTiles';
import { FailedPayments } from './FailedPayments';
import { NeedsAttention } from './NeedsAttention';
import { RevenueTiles } from './RevenueTiles';

const CARDS_PER_PAGE = 12;

/** The dashboard for monitoring:read: live KPIs, counts per status (as filters) and a card per charger. */
export function LiveDashboard({ welcome }: { welcome: string }) {
  const [org] = useSelectedOrganization();
  const { byId } = useOrganizations();
  const connection = useLiveEvents();
  const [filter, setFilter] = useState<LiveStatus | null>(null);
  const [search, setSearch] = useState('');
  const [site, setSite] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const summary = useQuery({ queryKey: liveKeys.summary(org), queryFn: () => getLiveSummary(org) });
  const chargers = useQuery({ queryKey: liveKeys.chargers(org), queryFn: () => listLiveChargers(org) });

  const counts = useMemo(() => {
    const result = new Map<LiveStatus, number>();
    for (const c of chargers.data ?? []) result.set(c.status, (result.get(c.status) ?? 0) + 1);
    return result;
  }, [chargers.data]);

  const sites = useMemo(() => {
    const byId = new Map((chargers.data ?? []).map((c) => [c.siteId, c.siteName]));
    return [...byId].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  }, [chargers.data]);

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (chargers.data ?? []).filter(
      (c) =>
        (!filter || c.status === filter) &&
        (!site || c.siteId === site) &&
        (!needle || `${c.name} ${c.ocppIdentity} ${c.siteName}`.toLowerCase().includes(needle)),
    );
  }, [chargers.data, filter, search, site]);
  const pages = Math.max(1, Math.ceil(shown.length / CARDS_PER_PAGE));
  const current = Math.min(page, pages);
  const cards = shown.slice((current - 1) * CARDS_PER_PAGE, current * CARDS_PER_PAGE);

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
      {chargers.data && <NeedsAttention chargers={chargers.data} />}
      <FailedPayments />
      <LiveTiles summary={summary.data} isLoading={summary.isLoading} error={summary.error} />
      <RevenueTiles />
      <Group gap="xs" role="group" aria-label="Filter by status">
        {LIVE_STATUSES.map((status) => {
          const active = filter === status;
          return (
            <UnstyledButton
              key={status}
              onClick={() => {
                setFilter(active ? null : status);
                setPage(1);
              }}
              aria-pressed={active}
              aria-label={`${status}: ${counts.get(status) ?? 0}`}
            >
              <Badge
                color={statusColor(status)}
                // A status with no charger is outlined rather than faded, so its text keeps its contrast.
                variant={active ? 'filled' : counts.get(status) ? 'light' : 'outline'}
                size="lg"
                style={{ cursor: 'pointer' }}
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
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          ml={{ sm: 'auto' }}
        />
        {sites.length > 1 && (
          <Select
            aria-label="Site"
            placeholder="All sites"
            size="xs"
            data={sites}
            value={site}
            onChange={(value) => {
              setSite(value);
              setPage(1);
            }}
            clearable
            searchable
          />
        )}
      </Group>
      {chargers.isLoading ? (
        <Loading label="Loading chargers" />
      ) : chargers.isError ? (
        <ErrorAlert error={chargers.error} title="Live charger status is not available" />
      ) : shown.length === 0 ? (
        <Text c="dimmed">{filter || search ? 'No charger matches the filter.' : 'There are no chargers in your scope.'}</Text>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: 4 }} spacing="sm" aria-label="Chargers" component="section">
            {cards.map((charger) => (
              <ChargerStatusCard key={charger.chargerId} charger={charger} />
            ))}
          </SimpleGrid>
          {pages > 1 && (
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {(current - 1) * CARDS_PER_PAGE + 1}–{Math.min(current * CARDS_PER_PAGE, shown.length)} of {shown.length} chargers
              </Text>
              <Pagination
                total={pages}
                value={current}
                onChange={setPage}
                size="sm"
                aria-label="Pages of chargers"
                {...paginationLabels}
              />
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
